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
import { DEFAULT_ASSUMPTIONS, validateCostInputs } from './cost-inputs.js';
import type { CostAssumptions, CostInputs } from './cost-inputs.js';
import { COST_ITEMS } from './cost-items.js';
import type { CostEstimate, CostItemId, DesignEstimate } from './cost-items.js';
import type { AwsPrices } from './prices-from-file.js';

const SECONDS_PER_DAY = 86_400;
const MB = 2 ** 20;
const GB = 2 ** 30;
const TB = 2 ** 40;
/** Conditional PUTs of a table's compaction lock per run: acquire, 3 renewals (announce, write, commit), release. */
const COMPACTION_LOCK_PUTS_PER_TABLE_RUN = 5;
/** S3 ListObjectsV2 returns at most this many keys per request (an API limit, not an assumption). */
const S3_KEYS_PER_LIST = 1000;

/**
 * Bytes Athena bills for one query: rounded up to the next MB, at least the per-query minimum.
 * Exported because the rounding is the part most easily got wrong.
 */
export function athenaBilledBytes(scannedBytes: number, minimumMb: number): number {
  return Math.max(minimumMb, Math.ceil(scannedBytes / MB)) * MB;
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
