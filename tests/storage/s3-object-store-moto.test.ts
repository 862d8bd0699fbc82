import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectNotFoundError } from '../../src/storage/object-store.js';
import { S3ObjectStore } from '../../src/storage/s3-object-store.js';
import { startMotoServer, type MotoServer } from '../support/moto-server.js';
import { collect, describeObjectStoreContract } from './object-store-contract.js';

// The project's S3 calls against moto's S3 (a real HTTP server speaking the S3 REST protocol and its
// XML error bodies), where s3rver cannot page and aws-sdk-client-mock cannot say what S3 answers.
let moto: MotoServer;
let client: S3Client;
let store: S3ObjectStore;
let listRequests = 0;

beforeAll(async () => {
  moto = await startMotoServer();
  console.log(`moto server up in ${Math.round(moto.startMs)} ms`);
  client = new S3Client({ ...moto.clientConfig, forcePathStyle: true });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'ListObjectsV2Command') listRequests++;
      return next(args);
    },
    { step: 'initialize', name: 'countListRequests' },
  );
  await client.send(new CreateBucketCommand({ Bucket: 'lake' }));
  store = new S3ObjectStore(client, 'lake');
});

afterAll(async () => {
  client?.destroy();
  await moto?.stop();
});

describeObjectStoreContract('S3ObjectStore (moto)', () => store, { checksKeysBesideFolders: false });

describe('S3ObjectStore on moto', () => {
  it('lists beyond one ListObjectsV2 page (1,000 keys), in key order, every key once', async () => {
    const keys = Array.from({ length: 1050 }, (_, i) => `ledger/dt=2024-04-10/${String(i).padStart(5, '0')}.json`);
    for (let i = 0; i < keys.length; i += 100) await Promise.all(keys.slice(i, i + 100).map((k) => store.put(k, '{}')));
    await store.put('ledger-other/x', '{}');
    listRequests = 0;
    const listed = (await collect(store.list('ledger/'))).map((o) => o.key);
    expect(listed).toEqual(keys);
    // 1,050 keys at S3's 1,000 per page: two requests, joined by the continuation token.
    expect(listRequests).toBe(2);
  });

  it('answers a missing key as S3 does: GET → NoSuchKey → ObjectNotFoundError, HEAD → bare 404 → undefined', async () => {
    const error = await store.get('nope/missing.json').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ObjectNotFoundError);
    expect(await store.head('nope/missing.json')).toBeUndefined();
    // The SDK's own shape of the errors the store relies on.
    const raw = await client.send(new ListObjectsV2Command({ Bucket: 'lake', Prefix: 'nope/' }));
    expect(raw.KeyCount).toBe(0);
  });

  it('surfaces a missing bucket (NoSuchBucket) instead of calling it a missing object', async () => {
    const wrong = new S3ObjectStore(client, 'no-such-bucket');
    const error = await wrong.get('x').catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(ObjectNotFoundError);
    expect((error as Error).name).toBe('NoSuchBucket');
    await expect(collect(wrong.list(''))).rejects.toThrow(/bucket does not exist/i);
  });
});
