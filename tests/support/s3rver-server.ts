import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { S3ObjectStore } from '../../src/storage/s3-object-store.js';

/** A real S3-protocol server on loopback with one bucket, a client for it and its ObjectStore. */
export interface S3rverServer {
  readonly server: S3rver;
  readonly client: S3Client;
  readonly store: S3ObjectStore;
  stop(): Promise<void>;
}

export async function startS3rver(bucket = 'lake', prefix = 's3rver-'): Promise<S3rverServer> {
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const client = new S3Client({
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${port}`,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  return {
    server,
    client,
    store: new S3ObjectStore(client, bucket),
    async stop() {
      client.destroy();
      await server.close();
      await fs.rm(directory, { recursive: true, force: true });
    },
  };
}
