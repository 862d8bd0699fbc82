/**
 * The quantities every part of the cost model shares — the month, data volumes, file counts, and
 * the price of one request of each kind — derived once from the scenario, the assumptions and the
 * prices. Byte units are binary (MB = 2^20, GB = 2^30, TB = 2^40 bytes), as S3 and Athena bill.
 */
import type { CostAssumptions, CostInputs } from './cost-inputs.js';
import type { AwsPrices } from './prices-from-file.js';

export const SECONDS_PER_DAY = 86_400;
export const MB = 2 ** 20;
const GB = 2 ** 30;
const TB = 2 ** 40;
/** S3 ListObjectsV2 returns at most this many keys per request (an API limit, not an assumption). */
const S3_KEYS_PER_LIST = 1000;

/**
 * Bytes Athena bills for one query: rounded up to the next MB, at least the per-query minimum.
 * Exported because the rounding is the part most easily got wrong.
 */
export function athenaBilledBytes(scannedBytes: number, minimumMb: number): number {
  return Math.max(minimumMb, Math.ceil(scannedBytes / MB)) * MB;
}

export interface CostContext {
  readonly inputs: CostInputs;
  readonly a: CostAssumptions;
  readonly p: AwsPrices;
  readonly monthS: number;
  readonly txPerMonth: number;
  readonly jsonBytesPerTx: number;
  readonly jsonBytesPerS: number;
  readonly parquetBytesPerS: number;
  readonly historyS: number;
  /** Ours: objects landing in `incoming/` per month (micro-batch files, or one per transaction). */
  readonly incomingFiles: number;
  readonly incomingFilesPerS: number;
  /** Ours: objects per Lambda batch, and batches (= invocations) per month. */
  readonly objectsPerBatch: number;
  readonly batchesPerMonth: number;
  readonly compactionRuns: number;
  readonly businessS: number;
  /** Seconds into the day of the mean dashboard query (queries spread evenly over business hours). */
  readonly meanQuerySecondOfDay: number;
  readonly putUsd: (requests: number) => number;
  readonly getUsd: (requests: number) => number;
  readonly storageUsd: (meanBytesStored: number) => number;
  readonly lambdaRequestsUsd: (invocations: number) => number;
  /** Lambda bills each invocation's duration rounded up to the millisecond. */
  readonly lambdaGbSecondsUsd: (invocations: number, msPerInvocation: number, memoryMb: number) => number;
  readonly athenaQueryUsd: (scannedBytes: number) => number;
  readonly fargateUsd: (vcpu: number, memoryGb: number) => number;
  readonly listRequests: (keys: number) => number;
}

export function costContext(inputs: CostInputs, a: CostAssumptions, p: AwsPrices): CostContext {
  const monthS = a.daysPerMonth * SECONDS_PER_DAY;
  const txPerMonth = inputs.txPerSecond * monthS;
  const jsonBytesPerTx = a.jsonBytesPerTransaction + a.jsonBytesPerItem * inputs.itemsPerTx;
  // No file for a window without transactions, so never more files than transactions.
  const incomingFiles = inputs.producer === 'single' ? txPerMonth : Math.min((inputs.stores * monthS) / a.microBatchWindowS, txPerMonth);
  const incomingFilesPerS = incomingFiles / monthS;
  // Lambda's pollers fill `sqsConcurrentBatches` batches at once from what one window brings, up to the mapping's batch size.
  const objectsPerBatch = Math.min(a.sqsMaxBatchObjects, Math.max(1, (incomingFilesPerS * a.ingestBatchWindowS) / a.sqsConcurrentBatches));
  return {
    inputs,
    a,
    p,
    monthS,
    txPerMonth,
    jsonBytesPerTx,
    jsonBytesPerS: inputs.txPerSecond * jsonBytesPerTx,
    parquetBytesPerS: inputs.txPerSecond * jsonBytesPerTx * a.parquetToJsonSizeRatio,
    historyS: a.historyDaysAtMonthStart * SECONDS_PER_DAY,
    incomingFiles,
    incomingFilesPerS,
    objectsPerBatch,
    batchesPerMonth: incomingFiles / objectsPerBatch,
    compactionRuns: monthS / a.compactionIntervalS,
    businessS: a.businessHoursPerDay * 3600,
    meanQuerySecondOfDay: (a.businessDayStartHourUtc + a.businessHoursPerDay / 2) * 3600,
    putUsd: (requests) => (requests / 1000) * p.s3PutPer1000Requests,
    getUsd: (requests) => (requests / 1000) * p.s3GetPer1000Requests,
    storageUsd: (bytes) => (bytes / GB) * p.s3StoragePerGbMonth,
    lambdaRequestsUsd: (invocations) => (invocations / 1e6) * p.lambdaPerMillionRequests,
    lambdaGbSecondsUsd: (invocations, ms, memoryMb) => invocations * (Math.ceil(ms) / 1000) * (memoryMb / 1024) * p.lambdaArm64PerGbSecond,
    athenaQueryUsd: (bytes) => (athenaBilledBytes(bytes, p.athenaMinimumMbPerQuery) / TB) * p.athenaPerTbScanned,
    fargateUsd: (vcpu, memoryGb) => (monthS / 3600) * (vcpu * p.fargateArm64PerVcpuHour + memoryGb * p.fargateArm64PerGbHour),
    listRequests: (keys) => Math.ceil(keys / S3_KEYS_PER_LIST),
  };
}
