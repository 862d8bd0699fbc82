import type { S3Event } from 'aws-lambda';
import { localEventRecord } from '../../src/streaming/local-event-record.js';

/** An S3 ObjectCreated:Put event as S3 delivers it (key URL-encoded, `+` for spaces). */
export function s3PutEvent(key: string, etag: string, eventTime = '2024-04-10T12:00:00.000Z', bucket = 'supermarket-lake'): S3Event {
  // The record the local runtime words (src/streaming/local-event-record.ts), with the object's ETag as S3 sends it.
  const record = localEventRecord({ region: 'us-east-1', bucket }, key, { size: 0, mtimeMs: Date.parse(eventTime) });
  return { Records: [{ ...record, s3: { ...record.s3, object: { ...record.s3.object, eTag: etag } } }] };
}

/** One event holding several objects' records, as an SQS batch hands them to the handler. */
export function s3PutEvents(objects: readonly { readonly key: string; readonly etag: string }[], eventTime?: string): S3Event {
  return { Records: objects.flatMap((o) => s3PutEvent(o.key, o.etag, eventTime).Records) };
}

/** `Array.fromAsync` arrived in Node 22; this project runs on 20. */
export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
