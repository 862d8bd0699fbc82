import fs from 'node:fs/promises';
import { S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateHistory } from '../../producer/history/generate-history.js';
import { LocalObjectStore } from '../../src/storage/local-object-store.js';
import { S3ObjectStore } from '../../src/storage/s3-object-store.js';
import { FIXED_CLOCK, readTree, tempDir } from './history-fixtures.js';

// `--target athena` writes through S3ObjectStore: the bucket must receive the very same files.
let directory = '';
let localRoot = '';
let server: S3rver;
let client: S3Client;

beforeAll(async () => {
  directory = await tempDir('s3rver-history');
  localRoot = await tempDir('local-history');
  server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory, configureBuckets: [{ name: 'lake' }] });
  const { port } = await server.run();
  client = new S3Client({
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${port}`,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
});

afterAll(async () => {
  client?.destroy();
  await server?.close();
  await Promise.all([directory, localRoot].map((d) => fs.rm(d, { recursive: true, force: true })));
});

describe('generateHistory to S3', () => {
  it('writes the same objects to a bucket as to a local lake, and refuses to overwrite them', async () => {
    const options = { skus: 300, transactions: 2500, days: 4, transactionsPerChunk: 1000 };
    const s3 = new S3ObjectStore(client, 'lake');
    const summary = await generateHistory(options, { store: s3, clock: FIXED_CLOCK });
    await generateHistory(options, { store: new LocalObjectStore(localRoot), clock: FIXED_CLOCK });
    const local = await readTree(localRoot);
    expect(summary.keys.slice().sort()).toEqual([...local.keys()]);
    for (const [key, bytes] of local) {
      expect(Buffer.from((await s3.get(key)).body).equals(bytes), key).toBe(true);
    }
    await expect(generateHistory(options, { store: s3, clock: FIXED_CLOCK })).rejects.toThrow(/--force/);
  });
});
