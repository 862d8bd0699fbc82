import { S3Client } from '@aws-sdk/client-s3';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import manifestJson from '../target/manifest.json' with { type: 'json' };
import { parseManifest, type Manifest } from '../src/manifest/manifest.js';
import { S3ObjectStore } from '../src/storage/s3-object-store.js';
import { createIngestHandler } from '../src/streaming/ingest-handler.js';
import { handleSqsBatch } from '../src/streaming/sqs-s3-batch.js';

/**
 * The ingest Lambda, fed by the SQS event source mapping with batches of S3 ObjectCreated
 * notifications for `incoming/` (infra/constructs/ingest-queue.ts). The manifest is bundled at build time
 * (`npm run build:models` writes target/manifest.json; esbuild inlines it), so the mapping the
 * Lambda applies is the one the SQL engines were rendered from.
 */
// Parsed, not cast: a stale bundle fails at cold start naming the key at fault (and the version).
const manifest: Manifest = parseManifest(manifestJson, 'the bundled target/manifest.json');

const bucket = process.env.LAKE_BUCKET;
if (!bucket) throw new Error('LAKE_BUCKET is not set');

const log = (entry: Readonly<Record<string, unknown>>) => console.log(JSON.stringify(entry));
const handle = createIngestHandler({
  store: new S3ObjectStore(new S3Client({}), bucket),
  manifest,
  log,
});

/** Lands the batch's objects together; the messages of objects that failed come back (partial batch response). */
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const { batchItemFailures, reports } = await handleSqsBatch(event, handle, log);
  log({
    level: batchItemFailures.length > 0 ? 'warn' : 'info',
    msg: 'batch',
    messages: event.Records.length,
    objects: reports.length,
    landed: reports.reduce((a, r) => a + r.landed, 0),
    rejected: reports.reduce((a, r) => a + r.rejected, 0),
    failedMessages: batchItemFailures.length,
  });
  return { batchItemFailures };
};
