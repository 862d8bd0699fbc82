/**
 * The pipeline's monthly bill, whatever dashboard reads the data: landing it (producer, S3, SQS,
 * Lambda), the ledger that makes ingest exactly-once, compaction, storage.
 *
 * Ours: micro-batched JSON Lines (or the seed's one file per transaction) into `incoming/`; S3 notifies SQS; Lambda reads batches and writes
 * one Parquet file per table per batch plus the ledger; Lambda compaction every few minutes plus a
 * nightly Glue re-compaction. Original: one JSON object per transaction, one Lambda invocation
 * (S3 notification, no queue) and one copy per transaction, queried in place.
 */
import type { CostContext } from './cost-context.js';
import { SECONDS_PER_DAY, MB } from './cost-context.js';
import type { PipelineItemId } from './cost-items.js';

/** Conditional PUTs of a table's compaction lock per run: acquire, 3 renewals (announce, write, commit), release. */
const COMPACTION_LOCK_PUTS_PER_TABLE_RUN = 5;

/** SQS requests per incoming object: the notification, plus receive and delete amortised over the batch. */
export function sqsRequestsPerObject(c: CostContext): number {
  const requestsPerBatch = 2 * Math.ceil(c.objectsPerBatch / c.a.sqsMessagesPerRequest);
  return c.a.sqsSendsPerObject + requestsPerBatch / c.objectsPerBatch;
}

/**
 * The exactly-once bookkeeping's requests a month: the ledger index per landed object version, the
 * ledger entry, key file and replace lists per batch — or the one-object path's when batches hold one.
 */
function ledgerRequests(c: CostContext, perObject: number, perBatch: number, oneObjectBatch: number): number {
  return c.objectsPerBatch <= 1 ? c.batchesPerMonth * oneObjectBatch : c.incomingFiles * perObject + c.batchesPerMonth * perBatch;
}

export function oursPipeline(c: CostContext): Record<PipelineItemId, number> {
  const { a } = c;
  const tableFiles = c.batchesPerMonth * a.tablesPerFile;
  const txPerBatch = c.txPerMonth / c.batchesPerMonth;
  const smallFilesPerTablePerRun = (c.batchesPerMonth / c.monthS) * a.compactionIntervalS;
  const compactionMs = a.compactionBaseMs + smallFilesPerTablePerRun * a.tablesPerFile * a.compactionMsPerInputFile;

  // Nightly Glue: yesterday's compacted files per table in, large files out.
  const compactedFilesPerTablePerDay = SECONDS_PER_DAY / a.compactionIntervalS;
  const nightlyOutputFilesPerDay = Math.max(a.tablesPerFile, Math.ceil((c.parquetBytesPerS * SECONDS_PER_DAY) / (a.nightlyGlueTargetFileMb * MB)));
  const glueBilledS = Math.max(c.p.glueMinimumBilledSeconds, a.nightlyGlueJobMinutes * 60);
  const incomingStorageBytes = c.jsonBytesPerS * a.incomingRetentionDays * SECONDS_PER_DAY;

  return {
    'fargate-producer': c.fargateUsd(a.producerVcpu, a.producerMemoryGb),
    's3-put-incoming': c.putUsd(c.incomingFiles),
    'sqs-requests': ((c.incomingFiles * sqsRequestsPerObject(c)) / 1e6) * c.p.sqsPerMillionRequests,
    's3-get-incoming': c.getUsd(c.incomingFiles),
    's3-put-table-writes': c.putUsd(tableFiles),
    'lambda-requests-ingest': c.lambdaRequestsUsd(c.batchesPerMonth),
    'lambda-gb-s-ingest': c.lambdaGbSecondsUsd(
      c.batchesPerMonth,
      a.lambdaBaseMsPerInvocation + (c.objectsPerBatch - 1) * a.lambdaMsPerExtraObject + txPerBatch * a.lambdaMsPerTransaction,
      a.oursLambdaMemoryMb,
    ),
    's3-put-ledger': c.putUsd(ledgerRequests(c, a.ledgerPutsPerObject, a.ledgerPutsPerBatch, a.ledgerPutsOneObjectBatch)),
    's3-get-ledger': c.getUsd(ledgerRequests(c, a.ledgerGetsPerObject, a.ledgerGetsPerBatch, a.ledgerGetsOneObjectBatch)),
    's3-list-compaction':
      c.putUsd(c.compactionRuns * a.tablesPerFile * c.listRequests(smallFilesPerTablePerRun)) +
      c.putUsd(a.daysPerMonth * a.tablesPerFile * c.listRequests(compactedFilesPerTablePerDay)),
    's3-get-compaction': c.getUsd(tableFiles) + c.getUsd(a.daysPerMonth * a.tablesPerFile * compactedFilesPerTablePerDay),
    // The merged file, plus the table's lock object per run (COMPACTION_LOCK_PUTS_PER_TABLE_RUN), plus the nightly output.
    's3-put-compaction':
      c.putUsd(c.compactionRuns * a.tablesPerFile * (1 + COMPACTION_LOCK_PUTS_PER_TABLE_RUN)) + c.putUsd(a.daysPerMonth * nightlyOutputFilesPerDay),
    'lambda-requests-compaction': c.lambdaRequestsUsd(c.compactionRuns),
    'lambda-gb-s-compaction': c.lambdaGbSecondsUsd(c.compactionRuns, compactionMs, a.compactionLambdaMemoryMb),
    'glue-dpu-hours': a.daysPerMonth * a.nightlyGlueJobDpus * (glueBilledS / 3600) * c.p.glueDpuHour,
    // Mean bytes stored over the month = GB-months billed.
    's3-storage': c.storageUsd(c.parquetBytesPerS * (c.historyS + c.monthS / 2) + incomingStorageBytes),
  };
}

export function originalPipeline(c: CostContext): Record<PipelineItemId, number> {
  const { a } = c;
  const incomingStorageBytes = c.jsonBytesPerS * a.incomingRetentionDays * SECONDS_PER_DAY;
  return {
    'fargate-producer': c.fargateUsd(a.producerVcpu, a.producerMemoryGb),
    's3-put-incoming': c.putUsd(c.txPerMonth),
    'sqs-requests': 0,
    's3-get-incoming': c.getUsd(c.txPerMonth),
    's3-put-table-writes': c.putUsd(c.txPerMonth * a.originalLambdaPutsPerTransaction),
    'lambda-requests-ingest': c.lambdaRequestsUsd(c.txPerMonth),
    'lambda-gb-s-ingest': c.lambdaGbSecondsUsd(c.txPerMonth, a.lambdaBaseMsPerInvocation + a.lambdaMsPerTransaction, a.originalLambdaMemoryMb),
    's3-put-ledger': 0,
    's3-get-ledger': 0,
    's3-list-compaction': 0,
    's3-get-compaction': 0,
    's3-put-compaction': 0,
    'lambda-requests-compaction': 0,
    'lambda-gb-s-compaction': 0,
    'glue-dpu-hours': 0,
    's3-storage': c.storageUsd(c.jsonBytesPerS * (c.historyS + c.monthS / 2) + incomingStorageBytes),
  };
}
