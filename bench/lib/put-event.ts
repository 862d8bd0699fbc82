import type { S3Event } from 'aws-lambda';
import { localEventRecord } from '../../src/streaming/local-event-record.js';

/** The S3 `ObjectCreated:Put` event of one object, as the local runtime words it (the handler reads the object's own ETag). */
export function putEvent(key: string): S3Event {
  return { Records: [localEventRecord({ region: 'us-east-1', bucket: 'lake' }, key, { size: 0, mtimeMs: Date.now() })] };
}
