import type { S3Event, S3EventRecord, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { HandleOptions, LogEntry, ObjectReport } from './object-report.js';

/**
 * The ingest Lambda behind the SQS event source mapping: each message is an S3 notification (one
 * or more object records, or S3's `s3:TestEvent` when the notification is set up). All the objects
 * of the batch go to the handler in one call — one batch of Parquet files — and the messages whose
 * objects failed are reported back (`batchItemFailures`), so that only they are received again.
 * A message that is not an S3 notification is reported too: after the queue's maxReceiveCount it
 * waits in the dead-letter queue, with its body, for an operator.
 */
export async function handleSqsBatch(
  event: SQSEvent,
  handle: (event: S3Event, options?: HandleOptions) => Promise<ObjectReport[]>,
  log: (entry: LogEntry) => void = () => {},
): Promise<SQSBatchResponse & { readonly reports: readonly ObjectReport[] }> {
  const records: S3EventRecord[] = [];
  const owner: string[] = []; // messageId of each record
  const failed = new Set<string>();
  for (const message of event.Records ?? []) {
    let body: { Records?: unknown; Event?: unknown };
    try {
      body = JSON.parse(message.body) as typeof body;
    } catch {
      log({ level: 'error', msg: 'not an S3 notification: the message body is not JSON', messageId: message.messageId });
      failed.add(message.messageId);
      continue;
    }
    if (body.Event === 's3:TestEvent') continue; // S3 checking the destination: nothing to land
    if (!Array.isArray(body.Records)) {
      log({ level: 'error', msg: 'not an S3 notification: no Records', messageId: message.messageId });
      failed.add(message.messageId);
      continue;
    }
    for (const r of body.Records as S3EventRecord[]) {
      records.push(r);
      owner.push(message.messageId);
    }
  }
  const reports = records.length === 0 ? [] : await handle({ Records: records }, { failures: 'report' });
  for (const [i, r] of reports.entries()) if (r.outcome === 'failed') failed.add(owner[i]!);
  return { batchItemFailures: [...failed].map((itemIdentifier) => ({ itemIdentifier })), reports };
}
