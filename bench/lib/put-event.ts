import type { S3Event } from 'aws-lambda';
import { encodeS3EventKey } from '../../src/streaming/s3-event-key.js';

/** The S3 `ObjectCreated:Put` event of one object, with only the fields the ingest handler reads. */
export function putEvent(key: string, etag: string): S3Event {
  return {
    Records: [
      {
        eventName: 'ObjectCreated:Put',
        eventTime: new Date().toISOString(),
        s3: { bucket: { name: 'lake' }, object: { key: encodeS3EventKey(key), eTag: etag } },
      },
    ],
  } as unknown as S3Event;
}
