import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeededRandom } from '../../producer/history/seeded-random.js';
import { LIVE_BATCH_KEY_PATTERN, LIVE_SINGLE_KEY_PATTERN } from '../../producer/live/live-contract.js';
import { runLiveProducer } from '../../producer/live/live-producer.js';
import type { S3ObjectStore } from '../../src/storage/s3-object-store.js';
import { startS3rver, type S3rverServer } from '../support/s3rver-server.js';
import { expectRawContract, fakeTime, parseTransactions } from './live-fixtures.js';

let s3: S3rverServer;
let store: S3ObjectStore;

beforeAll(async () => {
  s3 = await startS3rver('lake', 's3rver-live-');
  store = s3.store;
});

afterAll(async () => {
  await s3?.stop();
});

/** Every object under `prefix` with the transactions it holds. */
async function readObjects(prefix: string) {
  const out = new Map<string, ReturnType<typeof parseTransactions>>();
  for await (const object of store.list(prefix)) {
    const { body } = await store.get(object.key);
    out.set(object.key, parseTransactions(object.key, Buffer.from(body).toString('utf8')));
  }
  return out;
}

describe('live producer on S3 (s3rver)', () => {
  it('lands one object per transaction in single mode, each a valid raw transaction', async () => {
    const time = fakeTime();
    const summary = await runLiveProducer(
      { rate: 10, durationSeconds: 2, producerId: 'S3SINGLE', incomingPrefix: 'incoming/' },
      { store, clock: time.clock, sleep: time.sleep, random: new SeededRandom(4) },
    );
    expect(summary.files).toBe(20);
    const objects = await readObjects('incoming/');
    const mine = [...objects].filter(([key]) => key.includes('-S3SINGLE-'));
    expect(mine).toHaveLength(20);
    for (const [key, transactions] of mine) {
      expect(key.slice('incoming/'.length)).toMatch(LIVE_SINGLE_KEY_PATTERN);
      expect(transactions).toHaveLength(1);
      expectRawContract(transactions[0] as (typeof transactions)[number], 5, 12_000);
    }
    expect(summary.putLatencyMs.p50).toBeGreaterThan(0);
  });

  it('lands one JSON Lines object per store per window in batch mode', async () => {
    const time = fakeTime();
    const summary = await runLiveProducer(
      { rate: 50, durationSeconds: 3, mode: 'batch', producerId: 'S3BATCH' },
      { store, clock: time.clock, sleep: time.sleep, random: new SeededRandom(5) },
    );
    const mine = [...(await readObjects('incoming/'))].filter(([key]) => key.includes('-S3BATCH-'));
    expect(mine).toHaveLength(summary.files);
    expect(mine.length).toBeLessThanOrEqual(15);
    expect(mine.every(([key]) => LIVE_BATCH_KEY_PATTERN.test(key.slice('incoming/'.length)))).toBe(true);
    const transactions = mine.flatMap(([, t]) => t);
    expect(transactions).toHaveLength(150);
    expect(new Set(transactions.map((t) => t.transaction_id)).size).toBe(150);
  });
});
