import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../src/storage/s3-object-store.js';
import { startS3rver, type S3rverServer } from '../support/s3rver-server.js';
import { collect, describeObjectStoreContract } from './object-store-contract.js';

let s3: S3rverServer;
let client: S3Client;
let store: S3ObjectStore;

beforeAll(async () => {
  s3 = await startS3rver();
  client = s3.client;
  store = s3.store;
});

afterAll(async () => {
  await s3?.stop();
});

describeObjectStoreContract('S3ObjectStore (s3rver)', () => store, { checksKeysBesideFolders: false });

describe('S3ObjectStore', () => {
  it('describes itself as an s3:// URL', () => {
    expect(store.description).toBe('s3://lake');
  });

  // s3rver cannot page: its continuation token uses DES, which OpenSSL 3 disables. So paging is
  // checked against a mocked client instead, which also pins the exact requests sent.
  it('pages through ListObjectsV2 with the continuation token', async () => {
    const mocked = mockClient(S3Client);
    try {
      mocked
        .on(ListObjectsV2Command, { Bucket: 'lake', Prefix: 'p/' }, false)
        .resolvesOnce({
          IsTruncated: true,
          NextContinuationToken: 'token-1',
          Contents: [{ Key: 'p/1', Size: 1, ETag: '"e1"', LastModified: new Date(1000) }],
        })
        .resolvesOnce({ IsTruncated: false, Contents: [{ Key: 'p/2', Size: 2, ETag: '"e2"', LastModified: new Date(2000) }] });
      const paged = new S3ObjectStore(new S3Client({ region: 'us-east-1' }), 'lake');
      expect(await collect(paged.list('p/'))).toEqual([
        { key: 'p/1', size: 1, etag: 'e1', lastModified: new Date(1000) },
        { key: 'p/2', size: 2, etag: 'e2', lastModified: new Date(2000) },
      ]);
      const calls = mocked.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input);
      expect(calls).toEqual([
        { Bucket: 'lake', Prefix: 'p/' },
        { Bucket: 'lake', Prefix: 'p/', ContinuationToken: 'token-1' },
      ]);
    } finally {
      mocked.restore();
    }
  });

  it('surfaces a missing bucket instead of calling it a missing object', async () => {
    const wrong = new S3ObjectStore(client, 'no-such-bucket');
    await expect(wrong.get('x')).rejects.toThrow();
    await expect(wrong.get('x')).rejects.not.toThrow(/no object/);
  });
});
