import { describe, expect, it } from 'vitest';
import { decodeS3EventKey } from '../../src/streaming/s3-event-key.js';
import { localEventRecord } from '../../src/streaming/local-event-record.js';

describe('localEventRecord: the S3 event the local runtime invokes the handler with', () => {
  it('is an ObjectCreated:Put record with the key encoded as S3 encodes it, and the file shape', () => {
    const r = localEventRecord({ region: 'eu-west-1', bucket: 'lake' }, 'incoming/S 1/a+b é.json', { size: 42, mtimeMs: Date.UTC(2024, 3, 10, 12) });
    expect(r.eventName).toBe('ObjectCreated:Put');
    expect(r.awsRegion).toBe('eu-west-1');
    expect(r.eventTime).toBe('2024-04-10T12:00:00.000Z');
    expect(r.s3.bucket).toMatchObject({ name: 'lake', arn: 'arn:aws:s3:::lake' });
    expect(r.s3.object.key).toBe('incoming/S+1/a%2Bb+%C3%A9.json');
    expect(decodeS3EventKey(r.s3.object.key)).toBe('incoming/S 1/a+b é.json');
    expect(r.s3.object.size).toBe(42);
    expect(r.s3.object.eTag).toBe(''); // the handler reads the object's own ETag
  });
});
