/**
 * The monthly AWS cost of the lake, for our design and for the original one, itemized.
 *
 * Pure: scenario inputs + prices + assumptions in, dollars out. No I/O, so the CLI, the tests and
 * the README all get the same figures from the same arithmetic. Money stays in plain unrounded
 * numbers; only the report rounds for display.
 *
 * Byte units are binary (MB = 2^20, GB = 2^30, TB = 2^40 bytes) because that is how S3 storage and
 * Athena scans are billed.
 */

const SECONDS_PER_DAY = 86_400;
const MB = 2 ** 20;
const GB = 2 ** 30;
const TB = 2 ** 40;
/** Conditional PUTs of a table's compaction lock per run: acquire, 3 renewals (announce, write, commit), release. */
const COMPACTION_LOCK_PUTS_PER_TABLE_RUN = 5;
/** S3 ListObjectsV2 returns at most this many keys per request (an API limit, not an assumption). */
const S3_KEYS_PER_LIST = 1000;

/** A price as stored in `aws-prices.json`: the figure and where it came from. */
export interface AwsPriceEntry {
  readonly value: number;
  readonly unit: string;
  readonly source: string;
  readonly retrieved: string;
}

/** The prices the model uses (us-east-1, on-demand, USD), as plain numbers. */
export interface AwsPrices {
  /** USD per 1,000 PUT/COPY/POST/LIST requests. */
  readonly s3PutPer1000Requests: number;
  /** USD per 1,000 GET requests. */
  readonly s3GetPer1000Requests: number;
  /** USD per GB-month of S3 Standard. */
  readonly s3StoragePerGbMonth: number;
  /** USD per million Lambda requests. */
  readonly lambdaPerMillionRequests: number;
  /** USD per GB-second of arm64 Lambda. */
  readonly lambdaArm64PerGbSecond: number;
  /** USD per TB scanned by Athena. */
  readonly athenaPerTbScanned: number;
  /** Athena bills at least this many MB per query. */
  readonly athenaMinimumMbPerQuery: number;
  /** USD per Glue DPU-hour. */
  readonly glueDpuHour: number;
  /** Glue bills at least this many seconds per job run. */
  readonly glueMinimumBilledSeconds: number;
  /** USD per 100,000 Glue Data Catalog objects per month. */
  readonly glueCatalogPer100kObjects: number;
  /** USD per million Glue Data Catalog requests. */
  readonly glueCatalogPerMillionRequests: number;
  /** USD per vCPU-hour of arm64 Fargate. */
  readonly fargateArm64PerVcpuHour: number;
  /** USD per GB-hour of arm64 Fargate memory. */
  readonly fargateArm64PerGbHour: number;
}

// The price file is read and checked by ./aws-prices.ts (its zod schema).
export { pricesFromFile } from './aws-prices.js';

/** The scenario: what the user varies on the command line. */
export interface CostInputs {
  /** Number of stores; the producer writes one micro-batch file per store per window. */
  readonly stores: number;
  /** Transactions per second across the whole chain, constant around the clock. */
  readonly txPerSecond: number;
  /** Mean line items per transaction (drives JSON and Parquet bytes). */
  readonly itemsPerTx: number;
  /** Dashboard viewers during business hours, each refreshing independently. */
  readonly dashboardViewers: number;
  /** Seconds between one viewer's dashboard refreshes. */
  readonly refreshS: number;
}

/**
 * Default scenario. `itemsPerTx` is 6.5, not a rounder 4: it is the mean of the generator's
 * uniform 1–12 items, the distribution behind the measured 33 MB JSON / 5.3 MB Parquet per 100k
 * transactions, so the default reproduces measured sizes instead of extrapolating from them.
 */
export const DEFAULT_INPUTS: CostInputs = {
  stores: 5,
  txPerSecond: 1000,
  itemsPerTx: 6.5,
  dashboardViewers: 10,
  refreshS: 5,
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
  /** Both: fixed Lambda milliseconds per invocation (S3 GET and PUT round trips dominate). */
  readonly lambdaBaseMsPerInvocation: number;
  /** Both: Lambda milliseconds per transaction (parse, validate, encode). */
  readonly lambdaMsPerTransaction: number;
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
  /** Dashboard: Athena queries per refresh (one per panel). */
  readonly queriesPerRefresh: number;
  /** Ours: days of partitions a dashboard query selects (1 = today, growing through the day). */
  readonly dashboardDaysScanned: number;
  /**
   * Ours: the dashboard server polls Athena at most this often and serves every viewer from the one
   * result (dashboard/server: one shared poll, results cached until the data changes).
   */
  readonly oursDashboardPollS: number;
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

/** Default assumptions; see {@link ASSUMPTION_NOTES} for why each value. */
export const DEFAULT_ASSUMPTIONS: CostAssumptions = {
  daysPerMonth: 30,
  tablesPerFile: 2,
  jsonBytesPerTransaction: 109,
  jsonBytesPerItem: 35,
  parquetToJsonSizeRatio: 5.3 / 33,
  microBatchWindowS: 1,
  lambdaBaseMsPerInvocation: 50,
  lambdaMsPerTransaction: 0.05,
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
  dashboardDaysScanned: 1,
  oursDashboardPollS: 30,
  athenaGetsPerObject: 1,
  athenaResultPutsPerQuery: 2,
  athenaResultGetsPerQuery: 1,
  catalogRequestsPerQuery: 2,
  catalogObjects: 10,
  producerVcpu: 0.5,
  producerMemoryGb: 1,
};

/** One line per input and assumption, printed with every report so no figure hides a premise. */
export const ASSUMPTION_NOTES: Readonly<Record<keyof CostInputs | keyof CostAssumptions, string>> = {
  stores: 'stores; ours writes one micro-batch file per store per window',
  txPerSecond: 'transactions per second for the whole chain, constant 24 h a day',
  itemsPerTx: 'mean line items per transaction; 6.5 = mean of the generator’s uniform 1–12, the basis of the measured sizes',
  dashboardViewers: 'dashboard viewers during business hours, each refreshing on their own (no shared cache)',
  refreshS: 'seconds between refreshes per viewer',
  daysPerMonth: 'days in the billed month (us-east-1 prices)',
  tablesPerFile: 'tables written per input file: transactions + transaction_items',
  jsonBytesPerTransaction: 'JSON bytes of a transaction without items (DESIGN.md example envelope + newline)',
  jsonBytesPerItem: 'JSON bytes per item; 109 + 35 × 6.5 = 336.5 B ≈ measured 33 MB per 100k transactions',
  parquetToJsonSizeRatio: 'Parquet/JSON size ratio, measured 5.3 MB / 33 MB per 100k transactions (small-file overhead ignored)',
  microBatchWindowS: 'ours: producer window, one JSON Lines file per store per window (never more files than transactions)',
  lambdaBaseMsPerInvocation: 'both: fixed Lambda ms per invocation, mostly S3 round trips; billed per 1 ms, rounded up',
  lambdaMsPerTransaction: 'both: Lambda ms per transaction (JSON.parse alone is ~0.002 ms; Parquet encoding dominates)',
  oursLambdaMemoryMb: 'ours: streaming Lambda memory, arm64',
  originalLambdaMemoryMb: 'original: per-transaction Lambda memory, arm64, smallest size (its cheapest)',
  originalLambdaPutsPerTransaction: 'original: PUT/COPY per transaction by its Lambda (copy/append into the queried prefix)',
  compactionIntervalS: 'ours: compaction runs on Lambda (Glue start-up and its 1-min minimum suit only the nightly pass) every this many seconds, merging each table’s new small files into one',
  compactionLambdaMemoryMb: 'ours: compaction Lambda memory, arm64',
  compactionBaseMs: 'ours: fixed ms per compaction run',
  compactionMsPerInputFile: 'ours: compaction ms per small input file (parallel GETs + merge)',
  nightlyGlueJobDpus: 'ours: DPUs of the nightly Glue job re-compacting yesterday into large files (2 × G.1X, the Spark minimum)',
  nightlyGlueJobMinutes: 'ours: minutes per nightly Glue run',
  nightlyGlueTargetFileMb: 'ours: nightly Glue output file size target',
  incomingRetentionDays: 'both: incoming/ files expire after this many days (lifecycle rule)',
  historyDaysAtMonthStart: 'both: days of data in the lake at month start; 0 = first month, the original’s cheapest (its queries scan all history)',
  businessHoursPerDay: 'dashboard: hours per day viewers watch',
  businessDayStartHourUtc: 'dashboard: hour (UTC) business hours start; today’s partition is on average this + half the hours full',
  queriesPerRefresh: 'dashboard: Athena queries per refresh, one per panel (sales by store, top SKUs, trend, totals)',
  dashboardDaysScanned: 'ours: day partitions a dashboard query selects (partition pruning); all columns read (conservative)',
  oursDashboardPollS: 'ours: the dashboard server refreshes the panels once per this many seconds (or the viewers’ refresh, if slower) for all viewers at once, serving every viewer from that result',
  athenaGetsPerObject: 'both: S3 GETs Athena issues per object read, billed to the bucket owner (lower bound)',
  athenaResultPutsPerQuery: 'both: S3 PUTs per query for the result CSV and its metadata',
  athenaResultGetsPerQuery: 'both: S3 GETs per query to fetch the results',
  catalogRequestsPerQuery: 'both: Glue Data Catalog requests per Athena query',
  catalogObjects: 'both: Data Catalog objects (partition projection: no partition objects)',
  producerVcpu: 'both: producer Fargate task vCPU, arm64, all month, same task for both designs',
  producerMemoryGb: 'both: producer Fargate task memory (GB)',
};

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

/**
 * Bytes Athena bills for one query: rounded up to the next MB, at least the per-query minimum.
 * Exported because the rounding is the part most easily got wrong.
 */
export function athenaBilledBytes(scannedBytes: number, minimumMb: number): number {
  return Math.max(minimumMb, Math.ceil(scannedBytes / MB)) * MB;
}

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
  positive('txPerSecond', inputs.txPerSecond);
  positive('itemsPerTx', inputs.itemsPerTx);
  nonNegative('dashboardViewers', inputs.dashboardViewers);
  positive('refreshS', inputs.refreshS);
  for (const [name, v] of Object.entries(a)) nonNegative(name, v);
  for (const name of ['daysPerMonth', 'tablesPerFile', 'microBatchWindowS', 'compactionIntervalS', 'dashboardDaysScanned'] as const) {
    positive(name, a[name]);
  }
  if (a.businessDayStartHourUtc + a.businessHoursPerDay > 24) {
    problems.push('businessDayStartHourUtc + businessHoursPerDay must not exceed 24');
  }
  if (problems.length > 0) throw new Error(`invalid cost scenario:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}

/**
 * Estimates the monthly AWS bill of both designs for one scenario.
 *
 * Ours: micro-batched JSON Lines into `incoming/`, one Lambda invocation per file writing one
 * Parquet file per table, Lambda compaction every few minutes plus a nightly Glue re-compaction,
 * dashboard queries pruned to the selected day(s). Original: one JSON file, one Lambda invocation
 * and one copy per transaction; every dashboard query scans all raw JSON accumulated so far.
 * Both serve the same dashboard load and run the same producer task.
 */
export function estimateCost(
  inputs: CostInputs,
  prices: AwsPrices,
  assumptions: CostAssumptions = DEFAULT_ASSUMPTIONS,
): CostEstimate {
  validateCostInputs(inputs, assumptions);
  const a = assumptions;
  const p = prices;
  const monthS = a.daysPerMonth * SECONDS_PER_DAY;
  const txPerMonth = inputs.txPerSecond * monthS;

  const putUsd = (requests: number): number => (requests / 1000) * p.s3PutPer1000Requests;
  const getUsd = (requests: number): number => (requests / 1000) * p.s3GetPer1000Requests;
  const storageUsd = (meanBytesStored: number): number => (meanBytesStored / GB) * p.s3StoragePerGbMonth;
  const lambdaRequestsUsd = (invocations: number): number => (invocations / 1e6) * p.lambdaPerMillionRequests;
  // Lambda bills each invocation's duration rounded up to the millisecond.
  const lambdaGbSecondsUsd = (invocations: number, msPerInvocation: number, memoryMb: number): number =>
    invocations * (Math.ceil(msPerInvocation) / 1000) * (memoryMb / 1024) * p.lambdaArm64PerGbSecond;
  const athenaQueryUsd = (scannedBytes: number): number =>
    (athenaBilledBytes(scannedBytes, p.athenaMinimumMbPerQuery) / TB) * p.athenaPerTbScanned;
  const listRequests = (keys: number): number => Math.ceil(keys / S3_KEYS_PER_LIST);

  const jsonBytesPerTx = a.jsonBytesPerTransaction + a.jsonBytesPerItem * inputs.itemsPerTx;
  const parquetBytesPerTx = jsonBytesPerTx * a.parquetToJsonSizeRatio;
  const jsonBytesPerS = inputs.txPerSecond * jsonBytesPerTx;
  const parquetBytesPerS = inputs.txPerSecond * parquetBytesPerTx;
  const historyS = a.historyDaysAtMonthStart * SECONDS_PER_DAY;

  // --- shared by both designs: producer, dashboard load, catalog ---
  const producerUsd =
    (monthS / 3600) * (a.producerVcpu * p.fargateArm64PerVcpuHour + a.producerMemoryGb * p.fargateArm64PerGbHour);
  const businessS = a.businessHoursPerDay * 3600;
  const queriesPerMonth =
    inputs.dashboardViewers * (businessS / inputs.refreshS) * a.queriesPerRefresh * a.daysPerMonth;
  // Ours shares one refresh among all viewers; the original design has each viewer query Athena.
  const oursQueriesPerMonth =
    inputs.dashboardViewers > 0 ? (businessS / Math.max(inputs.refreshS, a.oursDashboardPollS)) * a.queriesPerRefresh * a.daysPerMonth : 0;
  // Queries are spread evenly over business hours, so the mean query sees the data as it was at
  // mid-business-day. Cost is linear in data size except where the 10 MB minimum bites, which we
  // evaluate at the mean (slightly understating it when the partition is tiny early in the day).
  const meanQuerySecondOfDay = (a.businessDayStartHourUtc + a.businessHoursPerDay / 2) * 3600;
  const athenaResultsPutUsd = putUsd(queriesPerMonth * a.athenaResultPutsPerQuery);
  const athenaResultsGetUsd = getUsd(queriesPerMonth * a.athenaResultGetsPerQuery);
  const catalogUsd =
    (a.catalogObjects / 100_000) * p.glueCatalogPer100kObjects +
    ((queriesPerMonth * a.catalogRequestsPerQuery) / 1e6) * p.glueCatalogPerMillionRequests;
  const incomingStorageBytes = jsonBytesPerS * a.incomingRetentionDays * SECONDS_PER_DAY;

  // --- ours ---
  // No file for a window without transactions, so never more files than transactions.
  const incomingFiles = Math.min((inputs.stores * monthS) / a.microBatchWindowS, txPerMonth);
  const incomingFilesPerS = incomingFiles / monthS;
  const txPerFile = txPerMonth / incomingFiles;
  const tableFiles = incomingFiles * a.tablesPerFile;

  const compactionRuns = monthS / a.compactionIntervalS;
  const smallFilesPerTablePerRun = incomingFilesPerS * a.compactionIntervalS;
  const compactionMs = a.compactionBaseMs + smallFilesPerTablePerRun * a.tablesPerFile * a.compactionMsPerInputFile;

  // Nightly Glue: yesterday's compacted files per table in, large files out.
  const compactedFilesPerTablePerDay = SECONDS_PER_DAY / a.compactionIntervalS;
  const parquetBytesPerDay = parquetBytesPerS * SECONDS_PER_DAY;
  const nightlyOutputFilesPerDay = Math.max(
    a.tablesPerFile,
    Math.ceil(parquetBytesPerDay / (a.nightlyGlueTargetFileMb * MB)),
  );
  const nightlyOutputFilesPerTable = nightlyOutputFilesPerDay / a.tablesPerFile;
  const glueBilledS = Math.max(p.glueMinimumBilledSeconds, a.nightlyGlueJobMinutes * 60);
  const glueUsd = a.daysPerMonth * a.nightlyGlueJobDpus * (glueBilledS / 3600) * p.glueDpuHour;

  // A dashboard query prunes to the selected days: today (partly full, partly still small files
  // awaiting compaction) plus any earlier, nightly-compacted days.
  const earlierDays = a.dashboardDaysScanned - 1;
  const oursBytesPerQuery = parquetBytesPerS * (meanQuerySecondOfDay + earlierDays * SECONDS_PER_DAY);
  const todayCompactedPerTable = meanQuerySecondOfDay / a.compactionIntervalS;
  // On average half a compaction interval of small files is waiting.
  const todayUncompactedPerTable = incomingFilesPerS * (a.compactionIntervalS / 2);
  const todayFilesPerTable = todayCompactedPerTable + todayUncompactedPerTable;
  const oursObjectsPerQuery =
    a.tablesPerFile * todayFilesPerTable + earlierDays * nightlyOutputFilesPerDay;
  const oursListsPerQuery =
    a.tablesPerFile * listRequests(todayFilesPerTable) +
    earlierDays * a.tablesPerFile * listRequests(nightlyOutputFilesPerTable);

  const oursItems: Record<CostItemId, number> = {
    'fargate-producer': producerUsd,
    's3-put-incoming': putUsd(incomingFiles),
    // The object itself, plus the key index (docs/reliability.md, "Key semantics"): each landed
    // object's key file is read once by the warm handler (lower bound: one warm instance).
    's3-get-incoming': getUsd(incomingFiles) + getUsd(incomingFiles),
    // One Parquet file per table, plus per object its key file PUT and one LIST page of the day's
    // newest key files (StartAfter: the listing does not grow with the day).
    's3-put-table-writes': putUsd(tableFiles) + putUsd(incomingFiles) + putUsd(incomingFiles),
    'lambda-requests-ingest': lambdaRequestsUsd(incomingFiles),
    'lambda-gb-s-ingest': lambdaGbSecondsUsd(
      incomingFiles,
      a.lambdaBaseMsPerInvocation + txPerFile * a.lambdaMsPerTransaction,
      a.oursLambdaMemoryMb,
    ),
    's3-list-compaction':
      putUsd(compactionRuns * a.tablesPerFile * listRequests(smallFilesPerTablePerRun)) +
      putUsd(a.daysPerMonth * a.tablesPerFile * listRequests(compactedFilesPerTablePerDay)),
    // Reads of the small files, plus one ledger GET per incoming object merged (the ledger is
    // never listed, so this does not grow with its size), plus the nightly pass.
    's3-get-compaction':
      getUsd(tableFiles) +
      getUsd(incomingFiles) +
      getUsd(a.daysPerMonth * a.tablesPerFile * compactedFilesPerTablePerDay),
    // The merged file, plus the table's lock object per run: acquire, renew before the pending
    // announcement, the write and the commit, release (COMPACTION_LOCK_PUTS_PER_TABLE_RUN).
    's3-put-compaction':
      putUsd(compactionRuns * a.tablesPerFile) +
      putUsd(compactionRuns * a.tablesPerFile * COMPACTION_LOCK_PUTS_PER_TABLE_RUN) +
      putUsd(a.daysPerMonth * nightlyOutputFilesPerDay),
    'lambda-requests-compaction': lambdaRequestsUsd(compactionRuns),
    'lambda-gb-s-compaction': lambdaGbSecondsUsd(compactionRuns, compactionMs, a.compactionLambdaMemoryMb),
    'glue-dpu-hours': glueUsd,
    // Mean bytes stored over the month = GB-months billed.
    's3-storage': storageUsd(parquetBytesPerS * (historyS + monthS / 2) + incomingStorageBytes),
    'athena-scanned': oursQueriesPerMonth * athenaQueryUsd(oursBytesPerQuery),
    's3-list-athena': putUsd(oursQueriesPerMonth * oursListsPerQuery),
    's3-get-athena': getUsd(oursQueriesPerMonth * oursObjectsPerQuery * a.athenaGetsPerObject),
    's3-put-athena-results': putUsd(oursQueriesPerMonth * a.athenaResultPutsPerQuery),
    's3-get-athena-results': getUsd(oursQueriesPerMonth * a.athenaResultGetsPerQuery),
    'glue-catalog':
      (a.catalogObjects / 100_000) * p.glueCatalogPer100kObjects +
      ((oursQueriesPerMonth * a.catalogRequestsPerQuery) / 1e6) * p.glueCatalogPerMillionRequests,
  };

  // --- original ---
  // Every query reads every raw JSON object written so far: one object per transaction.
  const meanQuerySecondOfMonth = ((a.daysPerMonth - 1) / 2) * SECONDS_PER_DAY + meanQuerySecondOfDay;
  const originalObjectsPerQuery = inputs.txPerSecond * (historyS + meanQuerySecondOfMonth);
  const originalBytesPerQuery = originalObjectsPerQuery * jsonBytesPerTx;

  const originalItems: Record<CostItemId, number> = {
    'fargate-producer': producerUsd,
    's3-put-incoming': putUsd(txPerMonth),
    's3-get-incoming': getUsd(txPerMonth),
    's3-put-table-writes': putUsd(txPerMonth * a.originalLambdaPutsPerTransaction),
    'lambda-requests-ingest': lambdaRequestsUsd(txPerMonth),
    'lambda-gb-s-ingest': lambdaGbSecondsUsd(
      txPerMonth,
      a.lambdaBaseMsPerInvocation + a.lambdaMsPerTransaction,
      a.originalLambdaMemoryMb,
    ),
    's3-list-compaction': 0,
    's3-get-compaction': 0,
    's3-put-compaction': 0,
    'lambda-requests-compaction': 0,
    'lambda-gb-s-compaction': 0,
    'glue-dpu-hours': 0,
    's3-storage': storageUsd(jsonBytesPerS * (historyS + monthS / 2) + incomingStorageBytes),
    'athena-scanned': queriesPerMonth * athenaQueryUsd(originalBytesPerQuery),
    's3-list-athena': putUsd(queriesPerMonth * listRequests(originalObjectsPerQuery)),
    's3-get-athena': getUsd(queriesPerMonth * originalObjectsPerQuery * a.athenaGetsPerObject),
    's3-put-athena-results': athenaResultsPutUsd,
    's3-get-athena-results': athenaResultsGetUsd,
    'glue-catalog': catalogUsd,
  };

  return {
    ours: summarize(oursItems, txPerMonth),
    original: summarize(originalItems, txPerMonth),
    inputs,
    assumptions,
  };
}

function summarize(items: Record<CostItemId, number>, txPerMonth: number): DesignEstimate {
  const totalUsdPerMonth = COST_ITEMS.reduce((sum, item) => sum + items[item.id], 0);
  return { totalUsdPerMonth, perMillionTransactionsUsd: totalUsdPerMonth / (txPerMonth / 1e6), items };
}
