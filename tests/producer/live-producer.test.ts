import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateHistory } from '../../producer/history/generate-history.js';
import { HISTORY_TRANSACTION_ID_PATTERN, historyKeys } from '../../producer/history/history-contract.js';
import { SeededRandom } from '../../producer/history/seeded-random.js';
import {
  LIVE_BATCH_KEY_PATTERN,
  LIVE_SINGLE_KEY_PATTERN,
  LIVE_TRANSACTION_ID_PATTERN,
  liveTransactionId,
  producerIdFromBytes,
} from '../../producer/live/live-contract.js';
import { runLiveProducer } from '../../producer/live/live-producer.js';
import { resolveLiveProducerOptions } from '../../producer/live/live-producer-options.js';
import type { LiveProducerOptions } from '../../producer/live/live-producer-options.js';
import { LocalObjectStore } from '../../src/storage/local-object-store.js';
import type { ObjectStore, PutResult } from '../../src/storage/object-store.js';
import { readTree, tempDir } from './history-fixtures.js';
import { expectRawContract, fakeTime, LIVE_START, readIncoming } from './live-fixtures.js';
import type { RawTransaction } from './live-fixtures.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
});

async function lake(): Promise<{ root: string; store: LocalObjectStore }> {
  const root = await tempDir('live-producer');
  dirs.push(root);
  return { root, store: new LocalObjectStore(root) };
}

/** Runs a producer on a fresh lake with a fake clock; returns the summary and every file. */
async function produce(options: LiveProducerOptions, seed = 1) {
  const { root, store } = await lake();
  const time = fakeTime();
  const summary = await runLiveProducer(options, { store, clock: time.clock, sleep: time.sleep, random: new SeededRandom(seed, 'live') });
  return { root, store, summary, files: await readIncoming(root), time };
}

function allTransactions(files: Map<string, RawTransaction[]>): RawTransaction[] {
  return [...files.values()].flat();
}

describe('live producer, single mode', () => {
  it('writes exactly rate × duration transactions, one file each, at the requested rate', async () => {
    const { summary, files, root } = await produce({ rate: 7, durationSeconds: 3, producerId: 'P1' });
    expect(summary.transactions).toBe(21);
    expect(summary.files).toBe(21);
    expect(files.size).toBe(21);
    expect(summary.elapsedSeconds).toBe(3);
    expect(summary.achievedRate).toBe(7);
    expect(summary.stoppedBy).toBe('duration');
    // Only the clock’s millisecond rounding of due times at i / 7 s.
    expect(summary.maxLagMs).toBeLessThan(1);
    expect(summary.bytes).toBe([...(await readTree(root)).values()].reduce((a, b) => a + b.byteLength, 0));
  });

  it('rounds fractional rate × duration up: a transaction is due at every multiple of 1/rate before the end', async () => {
    expect((await produce({ rate: 2.5, durationSeconds: 2 })).summary.transactions).toBe(5);
    expect((await produce({ rate: 0.5, durationSeconds: 3 })).summary.transactions).toBe(2);
  });

  it('writes files that follow the raw POS contract, with datetime = now and ids in the live namespace', async () => {
    const { files, summary } = await produce({ rate: 20, durationSeconds: 5, stores: 3, skus: 50, producerId: 'ABC123' });
    expect(summary.transactions).toBe(100);
    const seen = new Set<string>();
    for (const [key, transactions] of files) {
      expect(key).toMatch(/^incoming\//);
      const match = LIVE_SINGLE_KEY_PATTERN.exec(key.slice('incoming/'.length));
      expect(match, key).not.toBeNull();
      expect(transactions).toHaveLength(1);
      const tx = transactions[0] as RawTransaction;
      expectRawContract(tx, 3, 50);
      // The key names the transaction's store, date, time, producer and sequence.
      const [, store, date, time, producer, seq] = match as RegExpExecArray;
      expect(tx.store_id).toBe(store);
      expect(tx.transaction_datetime).toBe(`${date} ${time?.slice(0, 2)}:${time?.slice(2, 4)}:${time?.slice(4, 6)}`);
      expect(producer).toBe('ABC123');
      expect(tx.transaction_id).toBe(liveTransactionId('ABC123', Number(seq)));
      expect(tx.transaction_id).toMatch(LIVE_TRANSACTION_ID_PATTERN);
      expect(tx.transaction_id).not.toMatch(HISTORY_TRANSACTION_ID_PATTERN);
      seen.add(tx.transaction_id);
    }
    expect(seen.size).toBe(100);
    // Transaction i is due at start + i/20 s, so its datetime is that second.
    const bySeq = allTransactions(files).sort((a, b) => (a.transaction_id < b.transaction_id ? -1 : 1));
    bySeq.forEach((tx, i) => {
      expect(tx.transaction_datetime).toBe(new Date(LIVE_START + Math.floor(i / 20) * 1000).toISOString().replace('T', ' ').slice(0, 19));
    });
  });

  it('leaves no temporary files and writes only under incoming/ with URL-safe keys', async () => {
    const { root, files } = await produce({ rate: 50, durationSeconds: 2, mode: 'single' });
    const tree = await readTree(root);
    expect(tree.size).toBe(100);
    for (const key of tree.keys()) {
      expect(key.startsWith('incoming/')).toBe(true);
      expect(key).not.toContain('.tmp-');
      // What an S3 event would carry is the key itself: nothing to decode.
      expect(key.split('/').map(encodeURIComponent).join('/')).toBe(key);
    }
    expect(files.size).toBe(100);
  });

  it('honours a custom incoming prefix', async () => {
    const { files } = await produce({ rate: 5, durationSeconds: 1, incomingPrefix: 'live/in/' });
    expect([...files.keys()].every((k) => k.startsWith('live/in/STORE'))).toBe(true);
  });
});

describe('live producer, batch mode', () => {
  it('writes one JSON Lines file per store per window holding exactly that window’s transactions', async () => {
    const { files, summary } = await produce({ rate: 40, durationSeconds: 5, mode: 'batch', windowMs: 1000, stores: 4, skus: 100, producerId: 'B1' });
    expect(summary.transactions).toBe(200);
    expect(summary.files).toBe(files.size);
    const windows = new Map<string, Set<string>>();
    for (const [key, transactions] of files) {
      const match = LIVE_BATCH_KEY_PATTERN.exec(key.slice('incoming/'.length));
      expect(match, key).not.toBeNull();
      const [, store, date, time, producer, windowSeq] = match as RegExpExecArray;
      expect(producer).toBe('B1');
      // One file per store per window.
      const stores = windows.get(windowSeq as string) ?? new Set<string>();
      expect(stores.has(store as string)).toBe(false);
      stores.add(store as string);
      windows.set(windowSeq as string, stores);
      // Windows are aligned to the start: window n starts at start + (n - 1) s, time in the key with ms.
      const windowStart = LIVE_START + (Number(windowSeq) - 1) * 1000;
      const iso = new Date(windowStart).toISOString();
      expect(`${date}T${time?.slice(0, 2)}:${time?.slice(2, 4)}:${time?.slice(4, 6)}.${time?.slice(6)}Z`).toBe(iso);
      for (const tx of transactions) {
        expectRawContract(tx, 4, 100);
        expect(tx.store_id).toBe(store);
        expect(tx.transaction_datetime).toBe(iso.replace('T', ' ').slice(0, 19));
      }
    }
    expect([...windows.keys()].sort()).toEqual(['0000000001', '0000000002', '0000000003', '0000000004', '0000000005']);
    // 40 transactions per 1 s window, spread over the stores.
    for (const seq of windows.keys()) {
      const inWindow = [...files].filter(([k]) => k.includes(`-B1-${seq}.jsonl`)).flatMap(([, t]) => t);
      expect(inWindow).toHaveLength(40);
    }
    const ids = allTransactions(files).map((t) => t.transaction_id);
    expect(new Set(ids).size).toBe(200);
    expect(ids.every((id) => LIVE_TRANSACTION_ID_PATTERN.test(id) && !HISTORY_TRANSACTION_ID_PATTERN.test(id))).toBe(true);
  });

  it('flushes the partial window when aborted, then resolves with the summary', async () => {
    const { root, store } = await lake();
    const controller = new AbortController();
    const time = fakeTime(LIVE_START, (now) => {
      if (now >= LIVE_START + 2500) controller.abort();
    });
    const summary = await runLiveProducer(
      { rate: 10, mode: 'batch', windowMs: 1000, producerId: 'AB' },
      { store, clock: time.clock, sleep: time.sleep, signal: controller.signal, random: new SeededRandom(3) },
    );
    expect(summary.stoppedBy).toBe('abort');
    // Due at 0, 0.1, …, 2.4 s: 25 transactions; the third window holds the last 5.
    expect(summary.transactions).toBe(25);
    const files = await readIncoming(root);
    expect(allTransactions(files)).toHaveLength(25);
    const third = [...files].filter(([k]) => /\/100002000-AB-0000000003\.jsonl$/.test(k)).flatMap(([, t]) => t);
    expect(third).toHaveLength(5);
    expect(summary.elapsedSeconds).toBe(2.5);
  });

  it('stops at once when the signal is already aborted', async () => {
    const { store } = await lake();
    const time = fakeTime();
    const summary = await runLiveProducer({ rate: 10 }, { store, clock: time.clock, sleep: time.sleep, signal: AbortSignal.abort() });
    expect(summary.transactions).toBe(0);
    expect(summary.files).toBe(0);
  });

  it('is woken from a long sleep by an abort, whatever sleep was injected', async () => {
    const { store } = await lake();
    const controller = new AbortController();
    let now = LIVE_START;
    // A sleep that never returns: only the abort can end the run.
    const neverSleep = (): Promise<void> => new Promise(() => {});
    const run = runLiveProducer({ rate: 1, producerId: 'W' }, { store, clock: () => new Date(now), sleep: neverSleep, signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 20));
    now += 10;
    controller.abort();
    const summary = await run;
    expect(summary.transactions).toBe(1);
    expect(summary.files).toBe(1);
  });
});

describe('live producer ids', () => {
  it('never collide across two producers writing into the same lake at the same time', async () => {
    const { root, store } = await lake();
    const a = fakeTime();
    const b = fakeTime();
    const [sa, sb] = await Promise.all([
      runLiveProducer(
        { rate: 30, durationSeconds: 3, producerId: producerIdFromBytes(Buffer.from([1, 2, 3, 4, 5])) },
        { store, clock: a.clock, sleep: a.sleep, random: new SeededRandom(1) },
      ),
      runLiveProducer(
        { rate: 30, durationSeconds: 3, mode: 'batch', producerId: producerIdFromBytes(Buffer.from([9, 8, 7, 6, 5])) },
        { store, clock: b.clock, sleep: b.sleep, random: new SeededRandom(1) },
      ),
    ]);
    expect(sa.producerId).not.toBe(sb.producerId);
    const files = await readIncoming(root);
    expect(files.size).toBe(sa.files + sb.files);
    const ids = allTransactions(files).map((t) => t.transaction_id);
    expect(ids).toHaveLength(180);
    expect(new Set(ids).size).toBe(180);
  });

  it('default producer ids are random 8-character base32 and valid', () => {
    const ids = new Set(Array.from({ length: 200 }, () => resolveLiveProducerOptions({}).producerId));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^[A-Z2-7]{8}$/);
    expect(producerIdFromBytes(new Uint8Array([0, 0, 0, 0, 0]))).toBe('AAAAAAAA');
    expect(producerIdFromBytes(new Uint8Array([255, 255, 255, 255, 255]))).toBe('77777777');
  });

  it('rejects bad options with a message naming the option', () => {
    expect(() => resolveLiveProducerOptions({ rate: 0 })).toThrow(/^rate must be a positive number/);
    expect(() => resolveLiveProducerOptions({ durationSeconds: -1 })).toThrow(/^duration must be/);
    expect(() => resolveLiveProducerOptions({ producerId: 'a-b' })).toThrow(/^producerId must be/);
    expect(() => resolveLiveProducerOptions({ stores: 0 })).toThrow(/^stores must be an integer from 1/);
    expect(() => resolveLiveProducerOptions({ windowMs: 5 })).toThrow(/^windowMs must be an integer from 10/);
    expect(() => resolveLiveProducerOptions({ incomingPrefix: 'incoming' })).toThrow(/^incomingPrefix must/);
    expect(() => resolveLiveProducerOptions({ mode: 'bulk' as 'batch' })).toThrow(/^mode must be "single" or "batch"/);
  });
});

describe('live producer scheduling', () => {
  it('does not drift when sleeps overshoot: the schedule is absolute', async () => {
    const { store } = await lake();
    let now = LIVE_START;
    const jitter = new SeededRandom(9);
    // Every sleep oversleeps by 0–30 ms, as real timers do under load.
    const sleep = async (ms: number): Promise<void> => {
      now += ms + jitter.int(31);
    };
    const summary = await runLiveProducer({ rate: 100, durationSeconds: 10 }, { store, clock: () => new Date(now), sleep, random: new SeededRandom(2) });
    expect(summary.transactions).toBe(1000);
    expect(summary.achievedRate).toBeGreaterThan(99);
    expect(summary.achievedRate).toBeLessThanOrEqual(100.5);
    expect(summary.maxLagMs).toBeLessThanOrEqual(30);
  });

  it('overlaps puts, never more than maxInFlight at once', async () => {
    const { store } = await lake();
    let inFlight = 0;
    let peak = 0;
    const slow: ObjectStore = {
      description: 'slow',
      async put(key, body, options): Promise<PutResult> {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 2));
        try {
          return await store.put(key, body, options);
        } finally {
          inFlight--;
        }
      },
      get: (key) => store.get(key),
      head: (key) => store.head(key),
      list: (prefix) => store.list(prefix),
      delete: (key) => store.delete(key),
    };
    const time = fakeTime();
    const summary = await runLiveProducer({ rate: 1000, durationSeconds: 0.2, maxInFlight: 4 }, { store: slow, clock: time.clock, sleep: time.sleep });
    expect(summary.files).toBe(200);
    expect(peak).toBe(4);
    expect(inFlight).toBe(0);
  });

  it('rejects with the storage error after in-flight puts settle', async () => {
    const { store } = await lake();
    let puts = 0;
    const failing: ObjectStore = {
      description: 'failing',
      async put(key, body, options) {
        if (++puts === 3) throw new Error('disk full');
        return store.put(key, body, options);
      },
      get: (key) => store.get(key),
      head: (key) => store.head(key),
      list: (prefix) => store.list(prefix),
      delete: (key) => store.delete(key),
    };
    const time = fakeTime();
    await expect(runLiveProducer({ rate: 10, durationSeconds: 5 }, { store: failing, clock: time.clock, sleep: time.sleep })).rejects.toThrow('disk full');
  });

  it('reports status at the requested interval, by the producer clock', async () => {
    const { store } = await lake();
    const time = fakeTime();
    const statuses: number[] = [];
    await runLiveProducer(
      { rate: 10, durationSeconds: 10, statusIntervalMs: 2000 },
      { store, clock: time.clock, sleep: time.sleep, onStatus: (s) => statuses.push(s.transactions) },
    );
    expect(statuses).toEqual([21, 41, 61, 81]);
  });

  it('produces unthrottled (rate Infinity) until the duration, for benchmarks', async () => {
    const { store } = await lake();
    const started = Date.now();
    const summary = await runLiveProducer({ rate: Infinity, durationSeconds: 0.3, mode: 'batch', windowMs: 100 }, { store, clock: () => new Date() });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(summary.transactions).toBeGreaterThan(100);
    expect(summary.stoppedBy).toBe('duration');
  });
});

describe('live shopping behaviour', () => {
  it('has the history’s best sellers and busiest store for the same seed', async () => {
    const { root, store } = await lake();
    await generateHistory(
      { stores: 5, skus: 300, transactions: 20_000, days: 3, seed: 7, endDate: '2024-04-30' },
      { store, clock: () => new Date(LIVE_START) },
    );
    const history = (await fs.readFile(path.join(root, ...historyKeys().transactionChunk(0).split('/')), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as RawTransaction);
    const time = fakeTime();
    await runLiveProducer(
      { rate: 1000, durationSeconds: 20, mode: 'batch', stores: 5, skus: 300, popularitySeed: 7 },
      { store, clock: time.clock, sleep: time.sleep, random: new SeededRandom(99) },
    );
    const live = allTransactions(await readIncoming(path.join(root, 'incoming')));
    expect(live).toHaveLength(20_000);
    const top = (txs: RawTransaction[], n: number): string[] => {
      const counts = new Map<string, number>();
      for (const tx of txs) for (const item of tx.items) counts.set(item.sku_id, (counts.get(item.sku_id) ?? 0) + 1);
      return [...counts]
        .sort((a, b) => b[1] - a[1])
        .slice(0, n)
        .map(([sku]) => sku);
    };
    expect(top(live, 1)).toEqual(top(history, 1));
    expect(new Set(top(live, 3))).toEqual(new Set(top(history, 3)));
    const busiest = (txs: RawTransaction[]): string => {
      const counts = new Map<string, number>();
      for (const tx of txs) counts.set(tx.store_id, (counts.get(tx.store_id) ?? 0) + 1);
      return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
    };
    expect(busiest(live)).toBe(busiest(history));
    const meanBasket = (txs: RawTransaction[]): number => txs.reduce((a, t) => a + t.items.length, 0) / txs.length;
    expect(meanBasket(live)).toBeCloseTo(meanBasket(history), 0);
  });
});
