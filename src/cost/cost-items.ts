import type { CostAssumptions, CostInputs } from './cost-inputs.js';

/**
 * The pipeline's line items, in report order: what it costs to land, keep and compact the data,
 * whatever dashboard reads it. Both designs have every item (0 where it does not apply).
 */
export const PIPELINE_ITEMS = [
  { id: 'fargate-producer', label: 'Fargate: producer task', group: 'ingest' },
  { id: 's3-put-incoming', label: 'S3 PUT: producer → incoming/', group: 'ingest' },
  { id: 'sqs-requests', label: 'SQS requests: S3 notifications → Lambda batches', group: 'ingest' },
  { id: 's3-get-incoming', label: 'S3 GET: Lambda reads incoming/', group: 'ingest' },
  { id: 's3-put-table-writes', label: 'S3 PUT: Lambda writes table files', group: 'ingest' },
  { id: 'lambda-requests-ingest', label: 'Lambda requests: ingest', group: 'ingest' },
  { id: 'lambda-gb-s-ingest', label: 'Lambda GB-seconds: ingest (arm64)', group: 'ingest' },
  { id: 's3-put-ledger', label: 'S3 PUT/LIST: ledger and key index', group: 'ledger' },
  { id: 's3-get-ledger', label: 'S3 GET: ledger and key index', group: 'ledger' },
  { id: 's3-list-compaction', label: 'S3 LIST: compaction', group: 'compaction' },
  { id: 's3-get-compaction', label: 'S3 GET: compaction reads', group: 'compaction' },
  { id: 's3-put-compaction', label: 'S3 PUT: compaction writes and locks', group: 'compaction' },
  { id: 'lambda-requests-compaction', label: 'Lambda requests: compaction', group: 'compaction' },
  { id: 'lambda-gb-s-compaction', label: 'Lambda GB-seconds: compaction (arm64)', group: 'compaction' },
  { id: 'glue-dpu-hours', label: 'Glue DPU-hours: nightly compaction job', group: 'compaction' },
  { id: 's3-storage', label: 'S3 storage (Standard)', group: 'storage' },
] as const;

/** The dashboard's line items: serving the panels at a given freshness, and maintaining what they read. */
export const DASHBOARD_ITEMS = [
  { id: 'dashboard-host', label: 'Dashboard host: our server on Fargate / QuickSight users' },
  { id: 'spice-capacity', label: 'QuickSight SPICE capacity beyond the included' },
  { id: 'aggregates-maintenance', label: 'Aggregates: incremental refresh (S3 LIST, GET, PUT)' },
  { id: 'athena-scanned', label: 'Athena bytes scanned' },
  { id: 's3-list-athena', label: 'S3 LIST: Athena query planning' },
  { id: 's3-get-athena', label: 'S3 GET: Athena reads data objects' },
  { id: 's3-athena-results', label: 'S3 PUT + GET: Athena query results' },
  { id: 'glue-catalog', label: 'Glue Data Catalog (objects + requests)' },
] as const;

/** The name of a pipeline line item, e.g. `s3-put-incoming`. */
export type PipelineItemId = (typeof PIPELINE_ITEMS)[number]['id'];
/** The group a pipeline line item is subtotalled under. */
export type PipelineItemGroup = (typeof PIPELINE_ITEMS)[number]['group'];
/** The name of a dashboard line item, e.g. `athena-scanned`. */
export type DashboardItemId = (typeof DASHBOARD_ITEMS)[number]['id'];

/** The ways of serving the dashboard that the report compares, at one freshness. */
export const DASHBOARD_OPTIONS = [
  { id: 'ours-aggregates', label: 'ours: aggregates', design: 'ours' },
  { id: 'ours-scan', label: 'ours: scan (before aggregates)', design: 'ours' },
  { id: 'original-spice', label: 'original: QuickSight SPICE', design: 'original' },
  { id: 'original-direct-query', label: 'original: QuickSight direct query', design: 'original' },
] as const;
export type DashboardOptionId = (typeof DASHBOARD_OPTIONS)[number]['id'];

/** A monthly bill: unrounded USD per month, per line item, and per million transactions. */
export interface Bill<Id extends string> {
  readonly totalUsdPerMonth: number;
  readonly perMillionTransactionsUsd: number;
  readonly items: Readonly<Record<Id, number>>;
}

/** One dashboard option at one freshness; `undefined` bill when the option cannot reach that freshness. */
export interface DashboardEstimate {
  readonly option: DashboardOptionId;
  readonly freshnessS: number;
  readonly bill: Bill<DashboardItemId> | undefined;
  /** Why the option is unavailable, when it is. */
  readonly unavailable?: string;
}

/** A design end to end: its pipeline plus the dashboard option it is deployed with. */
export interface DesignEstimate {
  readonly totalUsdPerMonth: number;
  readonly perMillionTransactionsUsd: number;
  readonly dashboardOption: DashboardOptionId;
}

/** Everything `npm run cost` reports, with what it was computed from. */
export interface CostEstimate {
  readonly txPerMonth: number;
  readonly pipeline: { readonly ours: Bill<PipelineItemId>; readonly original: Bill<PipelineItemId> };
  /** Every dashboard option at the scenario's freshness (`refreshS`). */
  readonly dashboard: readonly DashboardEstimate[];
  /** Every dashboard option at each of {@link FRESHNESS_SWEEP_S}: equal freshness, row by row. */
  readonly freshnessSweep: readonly (readonly DashboardEstimate[])[];
  /** Ours with aggregates; the original with its cheapest dashboard option available at the freshness. */
  readonly ours: DesignEstimate;
  readonly original: DesignEstimate;
  /** What the original's queries must read at the mean query time, to judge whether they can run at all. */
  readonly originalObjectsPerQuery: number;
  /** Derived figures of the SQS batching, printed with the assumptions. */
  readonly derived: Readonly<Record<string, number>>;
  readonly inputs: CostInputs;
  readonly assumptions: CostAssumptions;
}

/** Freshness levels (seconds) of the equal-freshness table: live, SPICE's fastest, hourly, daily. */
export const FRESHNESS_SWEEP_S = [30, 900, 3600, 86_400] as const;
