import type { CostAssumptions, CostInputs } from './cost-inputs.js';

/** Cost line items, in report order. Both designs have every item (0 where it does not apply). */
export const COST_ITEMS = [
  { id: 'fargate-producer', label: 'Fargate: producer task', group: 'ingest' },
  { id: 's3-put-incoming', label: 'S3 PUT: producer → incoming/', group: 'ingest' },
  { id: 's3-get-incoming', label: 'S3 GET: Lambda reads incoming/', group: 'ingest' },
  { id: 's3-put-table-writes', label: 'S3 PUT: Lambda writes table files', group: 'ingest' },
  { id: 'lambda-requests-ingest', label: 'Lambda requests: ingest', group: 'ingest' },
  { id: 'lambda-gb-s-ingest', label: 'Lambda GB-seconds: ingest (arm64)', group: 'ingest' },
  { id: 's3-list-compaction', label: 'S3 LIST: compaction', group: 'compaction' },
  { id: 's3-get-compaction', label: 'S3 GET: compaction reads', group: 'compaction' },
  { id: 's3-put-compaction', label: 'S3 PUT: compaction writes', group: 'compaction' },
  { id: 'lambda-requests-compaction', label: 'Lambda requests: compaction', group: 'compaction' },
  { id: 'lambda-gb-s-compaction', label: 'Lambda GB-seconds: compaction (arm64)', group: 'compaction' },
  { id: 'glue-dpu-hours', label: 'Glue DPU-hours: nightly compaction job', group: 'compaction' },
  { id: 's3-storage', label: 'S3 storage (Standard)', group: 'storage' },
  { id: 'athena-scanned', label: 'Athena bytes scanned', group: 'queries' },
  { id: 's3-list-athena', label: 'S3 LIST: Athena query planning', group: 'queries' },
  { id: 's3-get-athena', label: 'S3 GET: Athena reads data objects', group: 'queries' },
  { id: 's3-put-athena-results', label: 'S3 PUT: Athena query results', group: 'queries' },
  { id: 's3-get-athena-results', label: 'S3 GET: Athena query results', group: 'queries' },
  { id: 'glue-catalog', label: 'Glue Data Catalog (objects + requests)', group: 'queries' },
] as const;

/** The name of a cost line item, e.g. `s3-put-incoming`. */
export type CostItemId = (typeof COST_ITEMS)[number]['id'];
/** The group a cost line item is subtotalled under. */
export type CostItemGroup = (typeof COST_ITEMS)[number]['group'];

/** One design's monthly bill. */
export interface DesignEstimate {
  /** Sum of `items`, USD per 30-day month (unrounded). */
  readonly totalUsdPerMonth: number;
  /** `totalUsdPerMonth` divided by the month's transactions, per million. */
  readonly perMillionTransactionsUsd: number;
  /** USD per month per line item (unrounded). */
  readonly items: Readonly<Record<CostItemId, number>>;
}

/** Both designs side by side, with everything they were computed from. */
export interface CostEstimate {
  readonly ours: DesignEstimate;
  readonly original: DesignEstimate;
  readonly inputs: CostInputs;
  readonly assumptions: CostAssumptions;
}
