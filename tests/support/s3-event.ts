import type { S3Event } from 'aws-lambda';
import { encodeS3EventKey } from '../../src/streaming/s3-event-key.js';

/** An S3 ObjectCreated:Put event as S3 delivers it (key URL-encoded, `+` for spaces). */
export function s3PutEvent(key: string, etag: string, eventTime = '2024-04-10T12:00:00.000Z', bucket = 'supermarket-lake'): S3Event {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'us-east-1',
        eventTime,
        eventName: 'ObjectCreated:Put',
        userIdentity: { principalId: 'test' },
        requestParameters: { sourceIPAddress: '127.0.0.1' },
        responseElements: { 'x-amz-request-id': 'r', 'x-amz-id-2': 'i' },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'ingest',
          bucket: { name: bucket, ownerIdentity: { principalId: 'test' }, arn: `arn:aws:s3:::${bucket}` },
          object: { key: encodeS3EventKey(key), size: 0, eTag: etag, sequencer: '0' },
        },
      },
    ],
  };
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
