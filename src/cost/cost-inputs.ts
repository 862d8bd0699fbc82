import { INFRA_DEFAULTS } from '../config/infra-config-schema.js';

/**
 * What the cost model is computed from besides prices: the scenario the user varies on the command
 * line ({@link CostInputs}) and every other premise ({@link CostAssumptions}), with their defaults.
 */
/**
 * How the tills write `incoming/`: one JSON Lines file per store per window (ours), or one JSON
 * file per transaction (the seed's shape, which our SQS batches also take: issue 15).
 */
export const PRODUCER_SHAPES = ['micro-batch', 'single'] as const;
export type ProducerShape = (typeof PRODUCER_SHAPES)[number];

/** The scenario: what the user varies on the command line. */
export interface CostInputs {
  /** Number of stores; with `micro-batch`, the producer writes one file per store per window. */
  readonly stores: number;
  /** What lands in `incoming/` for our design: micro-batch files, or one file per transaction. */
  readonly producer: ProducerShape;
  /** Transactions per second across the whole chain, constant around the clock. */
  readonly txPerSecond: number;
  /** Mean line items per transaction (drives JSON and Parquet bytes). */
  readonly itemsPerTx: number;
  /** Dashboard viewers during business hours. */
  readonly dashboardViewers: number;
  /**
   * The dashboard's freshness: seconds between refreshes of what a viewer sees. Every dashboard
   * option is costed at this same freshness (our server polls this often; QuickSight reloads or
   * refreshes SPICE this often, where it can).
   */
  readonly refreshS: number;
}

/**
 * Default scenario. `itemsPerTx` is 6.5, not a rounder 4: it is the mean of the generator's
 * uniform 1–12 items, the distribution behind the measured 33 MB JSON / 5.3 MB Parquet per 100k
 * transactions, so the default reproduces measured sizes instead of extrapolating from them.
 */
export const DEFAULT_INPUTS: CostInputs = {
  stores: 5,
  producer: 'micro-batch',
  txPerSecond: 1000,
  itemsPerTx: 6.5,
  dashboardViewers: 10,
  refreshS: 900,
};

/** Everything the model assumes besides the scenario and the prices. Each field is printed with the result. */
export interface CostAssumptions {
  /** Days in the billed month. */
  readonly daysPerMonth: number;
  /** Tables the streaming Lambda writes per input file (`transactions`, `transaction_items`). */
  readonly tablesPerFile: number;
  /** JSON bytes of one transaction without items (the envelope of the DESIGN.md example, plus newline). */
  readonly jsonBytesPerTransaction: number;
  /** JSON bytes per line item (`{"sku_id":"SKU07067","quantity":2},`). */
  readonly jsonBytesPerItem: number;
  /** Parquet bytes / JSON bytes for the same rows (measured: 5.3 MB / 33 MB per 100k transactions). */
  readonly parquetToJsonSizeRatio: number;
  /** Ours: the producer writes one JSON Lines file per store per this many seconds. */
  readonly microBatchWindowS: number;
  /** Ours: the SQS event source mapping's batching window (seconds) before it invokes the Lambda. */
  readonly ingestBatchWindowS: number;
  /** Ours: batches Lambda's SQS pollers assemble at once (five at low traffic, per the Lambda guide). */
  readonly sqsConcurrentBatches: number;
  /** Ours: the most objects the event source mapping hands one invocation (its `batchSize`). */
  readonly sqsMaxBatchObjects: number;
  /** Ours: SQS SendMessage requests per incoming object (the S3 notification, under 64 KB). */
  readonly sqsSendsPerObject: number;
  /** Ours: messages per ReceiveMessage and per DeleteMessageBatch request (the API maximum). */
  readonly sqsMessagesPerRequest: number;
  /** Ours: S3 PUT-class requests (PUT, LIST) of the exactly-once bookkeeping per incoming object. */
  readonly ledgerPutsPerObject: number;
  /** Ours: S3 GET-class requests (GET, HEAD) of the exactly-once bookkeeping per incoming object. */
  readonly ledgerGetsPerObject: number;
  /** Ours: S3 PUT-class requests of the bookkeeping per Lambda batch, besides its table files. */
  readonly ledgerPutsPerBatch: number;
  /** Ours: S3 GET-class requests of the bookkeeping per Lambda batch, compaction's included. */
  readonly ledgerGetsPerBatch: number;
  /** Ours: S3 PUT-class requests of the bookkeeping for a batch of one object (the handler's one-object path). */
  readonly ledgerPutsOneObjectBatch: number;
  /** Ours: S3 GET-class requests of the bookkeeping for a batch of one object, compaction's included. */
  readonly ledgerGetsOneObjectBatch: number;
  /** Both: fixed Lambda milliseconds per invocation (S3 GET and PUT round trips dominate). */
  readonly lambdaBaseMsPerInvocation: number;
  /** Both: Lambda milliseconds per transaction (parse, validate, encode). */
  readonly lambdaMsPerTransaction: number;
  /** Ours: Lambda milliseconds per object beyond the first of a batch (its S3 round trips, run 16 at a time). */
  readonly lambdaMsPerExtraObject: number;
  /** Ours: streaming Lambda memory (MB); arm64. */
  readonly oursLambdaMemoryMb: number;
  /** Original: per-transaction Lambda memory (MB); arm64, the smallest size, the original's cheapest. */
  readonly originalLambdaMemoryMb: number;
  /** Original: S3 PUT/COPY requests the Lambda makes per transaction (copy/append into the queried prefix). */
  readonly originalLambdaPutsPerTransaction: number;
  /** Ours: a compaction Lambda merges each table's new small files into one file every this many seconds. */
  readonly compactionIntervalS: number;
  /** Ours: compaction Lambda memory (MB); arm64. */
  readonly compactionLambdaMemoryMb: number;
  /** Ours: fixed milliseconds per compaction run. */
  readonly compactionBaseMs: number;
  /** Ours: compaction milliseconds per small input file (parallel GETs, then merge). */
  readonly compactionMsPerInputFile: number;
  /** Ours: DPUs of the nightly Glue job that re-compacts yesterday's partitions into large files. */
  readonly nightlyGlueJobDpus: number;
  /** Ours: minutes per nightly Glue run (billed per second, with the Glue minimum). */
  readonly nightlyGlueJobMinutes: number;
  /** Ours: target size (MB) of the nightly job's output files. */
  readonly nightlyGlueTargetFileMb: number;
  /** Both: days a file stays in `incoming/` before a lifecycle rule expires it. */
  readonly incomingRetentionDays: number;
  /** Both: days of data already in the lake when the month starts (0 = first month, the original's cheapest). */
  readonly historyDaysAtMonthStart: number;
  /** Dashboard: hours per day viewers are watching. */
  readonly businessHoursPerDay: number;
  /** Dashboard: hour of day (UTC) business hours start; fixes how full today's partition is when queried. */
  readonly businessDayStartHourUtc: number;
  /** Original: QuickSight visuals (= Athena queries per direct-query load) and SPICE datasets (one per panel). */
  readonly queriesPerRefresh: number;
  /** Original: QuickSight authors (one maintains the datasets and the dashboard). */
  readonly quicksightAuthors: number;
  /** Original: SPICE GB the four datasets use (aggregated views; within the authors' included capacity). */
  readonly spiceDatasetGb: number;
  /** Original: SPICE GB included per author. */
  readonly spiceIncludedGbPerAuthor: number;
  /** Original: the shortest SPICE refresh interval (seconds): incremental refresh every 15 minutes. */
  readonly spiceMinRefreshS: number;
  /** Ours: queries per refresh that read `transaction_items` (kpis, sales by store, stores, top SKUs, hourly). */
  readonly oursItemsQueriesPerRefresh: number;
  /** Ours: queries per refresh that read `transactions` only (change poll, mart coverage, freshness). */
  readonly oursTransactionsQueriesPerRefresh: number;
  /** Ours with aggregates: S3 GET-class requests per refresh run (hidden list and aggregate object, HEAD + GET each). */
  readonly aggregateGetsPerRun: number;
  /** Ours with aggregates: S3 GET-class requests per data file over its life (GET when it appears; HEAD + GET when it goes). */
  readonly aggregateGetsPerDataFile: number;
  /** Ours with aggregates: day partitions each refresh re-lists (the change poll refreshes today's and yesterday's). */
  readonly aggregateDaysPerRefresh: number;
  /** Ours with aggregates: seconds between the server's re-reads of SKU prices and store names (2 Athena queries each). */
  readonly aggregateDimensionsReloadS: number;
  /** Ours with aggregates: seconds between writes of a changing day's aggregate object, at most (aggregate-reader.ts `writeEveryMs`). */
  readonly aggregateWriteEveryS: number;
  /** Ours: dashboard server Fargate task vCPU (arm64, all month). */
  readonly dashboardServerVcpu: number;
  /** Ours: dashboard server Fargate task memory (GB). */
  readonly dashboardServerMemoryGb: number;
  /** Ours: days of partitions a dashboard query selects (1 = today, growing through the day). */
  readonly dashboardDaysScanned: number;
  /** Both: S3 GET requests Athena makes per object it reads (a lower bound for Parquet). */
  readonly athenaGetsPerObject: number;
  /** Both: S3 PUTs per query for Athena's result file and its metadata. */
  readonly athenaResultPutsPerQuery: number;
  /** Both: S3 GETs per query to fetch the results. */
  readonly athenaResultGetsPerQuery: number;
  /** Both: Glue Data Catalog requests per Athena query (table lookups). */
  readonly catalogRequestsPerQuery: number;
  /** Both: Data Catalog objects (database, tables, views; partition projection stores no partitions). */
  readonly catalogObjects: number;
  /** Both: producer Fargate task vCPU (arm64, running all month). */
  readonly producerVcpu: number;
  /** Both: producer Fargate task memory (GB). */
  readonly producerMemoryGb: number;
}

/** Default assumptions; `assumption-notes.ts` says why each value. */
export const DEFAULT_ASSUMPTIONS: CostAssumptions = {
  daysPerMonth: 30,
  tablesPerFile: 2,
  jsonBytesPerTransaction: 109,
  jsonBytesPerItem: 35,
  parquetToJsonSizeRatio: 5.3 / 33,
  microBatchWindowS: 1,
  ingestBatchWindowS: INFRA_DEFAULTS.ingest.batchingWindowSeconds,
  sqsConcurrentBatches: 5,
  sqsMaxBatchObjects: INFRA_DEFAULTS.ingest.batchSize,
  sqsSendsPerObject: 1,
  sqsMessagesPerRequest: 10,
  ledgerPutsPerObject: 1,
  ledgerGetsPerObject: 2,
  ledgerPutsPerBatch: 5,
  ledgerGetsPerBatch: 3,
  ledgerPutsOneObjectBatch: 5,
  ledgerGetsOneObjectBatch: 5,
  lambdaBaseMsPerInvocation: 50,
  lambdaMsPerTransaction: 0.05,
  lambdaMsPerExtraObject: 5,
  oursLambdaMemoryMb: 512,
  originalLambdaMemoryMb: 128,
  originalLambdaPutsPerTransaction: 1,
  compactionIntervalS: 300,
  compactionLambdaMemoryMb: 1024,
  compactionBaseMs: 1000,
  compactionMsPerInputFile: 2,
  nightlyGlueJobDpus: 2,
  nightlyGlueJobMinutes: 10,
  nightlyGlueTargetFileMb: 128,
  incomingRetentionDays: 1,
  historyDaysAtMonthStart: 0,
  businessHoursPerDay: 12,
  businessDayStartHourUtc: 8,
  queriesPerRefresh: 4,
  quicksightAuthors: 1,
  spiceDatasetGb: 1,
  spiceIncludedGbPerAuthor: 10,
  spiceMinRefreshS: 900,
  oursItemsQueriesPerRefresh: 5,
  oursTransactionsQueriesPerRefresh: 3,
  aggregateGetsPerRun: 4,
  aggregateGetsPerDataFile: 3,
  aggregateDaysPerRefresh: 2,
  aggregateDimensionsReloadS: 900,
  aggregateWriteEveryS: 30,
  dashboardServerVcpu: 0.25,
  dashboardServerMemoryGb: 0.5,
  dashboardDaysScanned: 1,
  athenaGetsPerObject: 1,
  athenaResultPutsPerQuery: 2,
  athenaResultGetsPerQuery: 1,
  catalogRequestsPerQuery: 2,
  catalogObjects: 10,
  producerVcpu: 0.5,
  producerMemoryGb: 1,
};

/** Checks inputs and assumptions; throws listing every problem. */
export function validateCostInputs(inputs: CostInputs, a: CostAssumptions = DEFAULT_ASSUMPTIONS): void {
  const problems: string[] = [];
  const positive = (name: string, v: number): void => {
    if (!(Number.isFinite(v) && v > 0)) problems.push(`${name} must be a positive number (got ${v})`);
  };
  const nonNegative = (name: string, v: number): void => {
    if (!(Number.isFinite(v) && v >= 0)) problems.push(`${name} must be zero or more (got ${v})`);
  };
  positive('stores', inputs.stores);
  if (!PRODUCER_SHAPES.includes(inputs.producer)) problems.push(`producer must be one of ${PRODUCER_SHAPES.join(', ')} (got ${String(inputs.producer)})`);
  positive('txPerSecond', inputs.txPerSecond);
  positive('itemsPerTx', inputs.itemsPerTx);
  nonNegative('dashboardViewers', inputs.dashboardViewers);
  positive('refreshS', inputs.refreshS);
  for (const [name, v] of Object.entries(a)) nonNegative(name, v);
  for (const name of [
    'daysPerMonth',
    'tablesPerFile',
    'microBatchWindowS',
    'compactionIntervalS',
    'dashboardDaysScanned',
    'ingestBatchWindowS',
    'sqsConcurrentBatches',
    'sqsMaxBatchObjects',
    'sqsMessagesPerRequest',
    'spiceMinRefreshS',
  ] as const) {
    positive(name, a[name]);
  }
  if (a.businessDayStartHourUtc + a.businessHoursPerDay > 24) {
    problems.push('businessDayStartHourUtc + businessHoursPerDay must not exceed 24');
  }
  if (problems.length > 0) throw new Error(`invalid cost scenario:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}
