import type { S3EventRecord } from 'aws-lambda';
import { encodeS3EventKey } from './s3-event-key.js';
import type { FileShape } from './stable-file.js';

/** What the local runtime needs to word an event as S3 would. */
export interface LocalBucket {
  readonly region: string;
  readonly bucket: string;
}

/**
 * The `ObjectCreated:Put` record S3 would send for a file of the local lake: the key URL-encoded as
 * S3 encodes it, the size and a sequencer from the file's shape. No ETag: the handler reads the
 * object's own, as it does on AWS, whatever the event says.
 */
export function localEventRecord(where: LocalBucket, key: string, shape: FileShape): S3EventRecord {
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: where.region,
    eventTime: new Date(shape.mtimeMs).toISOString(),
    eventName: 'ObjectCreated:Put',
    userIdentity: { principalId: 'local' },
    requestParameters: { sourceIPAddress: '127.0.0.1' },
    responseElements: { 'x-amz-request-id': 'local', 'x-amz-id-2': 'local' },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'local-ingest',
      bucket: { name: where.bucket, ownerIdentity: { principalId: 'local' }, arn: `arn:aws:s3:::${where.bucket}` },
      object: { key: encodeS3EventKey(key), size: shape.size, eTag: '', sequencer: Math.round(shape.mtimeMs).toString(16).toUpperCase() },
    },
  };
}
