import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { generateHistory } from '../../producer/history/generate-history.js';
import { findExistingHistory, HistoryExistsError } from '../../producer/history/generate-history-options.js';
import type { GenerateSummary } from '../../producer/history/generate-history-options.js';
import { yesterdayUtc } from '../../producer/history/utc-days.js';
import {
  HISTORY_COMPLETION_MARKER,
  HISTORY_TRANSACTION_ID_PATTERN,
  historyKeys,
  SKU_ID_PATTERN,
  STORE_ID_PATTERN,
} from '../../producer/history/history-contract.js';
import { OPENING_HOURS } from '../../producer/history/shopping-profile.js';
import { LocalObjectStore } from '../../src/storage/local-object-store.js';
import type { Progress } from '../../src/util/progress.js';
import { FIXED_CLOCK, readLines, readTree, tempDir } from './history-fixtures.js';

/** The raw POS contract (models/sources/pos_transactions.sql), strictly: exactly these keys, these types. */
const transactionSchema = z.strictObject({
  transaction_id: z.string().regex(HISTORY_TRANSACTION_ID_PATTERN),
  store_id: z.string().regex(STORE_ID_PATTERN),
  transaction_datetime: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
  items: z
    .array(z.strictObject({ sku_id: z.string().regex(SKU_ID_PATTERN), quantity: z.number().int().min(1).max(6) }))
    .min(1)
    .max(12),
});
type RawTransaction = z.infer<typeof transactionSchema>;
const storeSchema = z.strictObject({ store_id: z.string().regex(STORE_ID_PATTERN), store_name: z.string().min(5), store_location: z.string().min(2) });
const skuSchema = z.strictObject({ sku_id: z.string().regex(SKU_ID_PATTERN), product_name: z.string(), price: z.string().regex(/^\d+\.\d{2}$/) });

const dirs: string[] = [];
async function generateTo(options: Parameters<typeof generateHistory>[0], label = 'history'): Promise<{ root: string; summary: GenerateSummary }> {
  const root = await tempDir(label);
  dirs.push(root);
  const summary = await generateHistory(options, { store: new LocalObjectStore(root), clock: FIXED_CLOCK });
  return { root, summary };
}

async function readTransactions(root: string): Promise<string[]> {
  const dir = path.join(root, 'raw', 'transactions');
  const lines: string[] = [];
  for (const file of (await fs.readdir(dir)).sort()) lines.push(...(await readLines(path.join(dir, file))));
  return lines;
}

afterAll(async () => {
  await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
});

describe('generateHistory: determinism', () => {
  it('writes identical bytes for the same seed, and different bytes for another seed', async () => {
    const options = { stores: 4, skus: 800, transactions: 5000, days: 10, transactionsPerChunk: 2000, seed: 7 };
    const a = await readTree((await generateTo(options)).root);
    const b = await readTree((await generateTo(options)).root);
    expect([...a.keys()]).toEqual([
      'raw/skus/skus.jsonl',
      'raw/stores/stores.jsonl',
      'raw/transactions/part-00000.jsonl',
      'raw/transactions/part-00001.jsonl',
      'raw/transactions/part-00002.jsonl',
    ]);
    for (const [file, bytes] of a) expect(bytes.equals(b.get(file) ?? Buffer.alloc(0)), file).toBe(true);

    const c = await readTree((await generateTo({ ...options, seed: 8 })).root);
    for (const [file, bytes] of a) expect(bytes.equals(c.get(file) ?? Buffer.alloc(0)), file).toBe(false);
  });

  it('gives the same transactions whatever the chunk size', async () => {
    const options = { skus: 500, transactions: 3000, days: 5 };
    const small = await readTransactions((await generateTo({ ...options, transactionsPerChunk: 700 })).root);
    const large = await readTransactions((await generateTo(options)).root);
    expect(small).toEqual(large);
  });

  it('keeps stores and SKUs when only the transaction count changes', async () => {
    const a = await readTree((await generateTo({ skus: 300, transactions: 100, days: 3 })).root);
    const b = await readTree((await generateTo({ skus: 300, transactions: 900, days: 3 })).root);
    expect(a.get('raw/stores/stores.jsonl')?.equals(b.get('raw/stores/stores.jsonl') ?? Buffer.alloc(0))).toBe(true);
    expect(a.get('raw/skus/skus.jsonl')?.equals(b.get('raw/skus/skus.jsonl') ?? Buffer.alloc(0))).toBe(true);
  });

  it('ends yesterday (UTC) by the injected clock unless --end-date is given', async () => {
    expect(yesterdayUtc(new Date('2024-05-01T00:00:00Z'))).toBe('2024-04-30');
    expect(yesterdayUtc(new Date('2024-03-01T23:59:59Z'))).toBe('2024-02-29');
    const { summary } = await generateTo({ skus: 50, transactions: 200, days: 3 });
    expect(summary).toMatchObject({ startDate: '2024-04-28', endDate: '2024-04-30' });
    const pinned = await generateTo({ skus: 50, transactions: 200, days: 1, endDate: '2023-12-31' });
    expect(pinned.summary.firstDatetime?.startsWith('2023-12-31 ')).toBe(true);
  });
});

describe('generateHistory: contract and distributions (20,000 transactions, 30 days)', () => {
  const N = 20_000;
  let root = '';
  let summary: GenerateSummary;
  let transactions: RawTransaction[] = [];
  let lines: string[] = [];

  beforeAll(async () => {
    ({ root, summary } = await generateTo({ transactions: N, days: 30, transactionsPerChunk: 6000, endDate: '2024-04-30' }));
    lines = await readTransactions(root);
    transactions = lines.map((l) => transactionSchema.parse(JSON.parse(l)));
  });

  it('writes exactly N transactions with unique, ascending TX ids in datetime order', () => {
    expect(lines).toHaveLength(N);
    const ids = transactions.map((t) => t.transaction_id);
    expect(new Set(ids).size).toBe(N);
    expect(ids[0]).toBe('TX000000001');
    expect(ids[N - 1]).toBe('TX000020000');
    const outOfOrder = transactions.filter((t, i) => i > 0 && transactions[i - 1]!.transaction_datetime > t.transaction_datetime);
    expect(outOfOrder).toEqual([]);
  });

  it('writes every line in the exact raw POS contract shape (key order, no spaces)', () => {
    expect(lines.filter((line) => JSON.stringify(JSON.parse(line)) !== line)).toEqual([]);
    expect(lines[0]).toMatch(
      /^\{"transaction_id":"TX\d{9}","store_id":"STORE\d{4}","transaction_datetime":"[\d :-]{19}","items":\[\{"sku_id":"SKU\d{5}","quantity":\d\}/,
    );
  });

  it('reports a summary that matches the files', async () => {
    const items = transactions.reduce((n, t) => n + t.items.length, 0);
    const units = transactions.reduce((n, t) => n + t.items.reduce((m, i) => m + i.quantity, 0), 0);
    let bytes = 0;
    for (const bytesOfFile of (await readTree(root)).values()) bytes += bytesOfFile.length;
    expect(summary).toMatchObject({
      stores: 5,
      skus: 12_000,
      transactions: N,
      items,
      units,
      files: 6,
      bytes,
      startDate: '2024-04-01',
      endDate: '2024-04-30',
      firstDatetime: transactions[0]!.transaction_datetime,
      lastDatetime: transactions[N - 1]!.transaction_datetime,
    });
  });

  it('references only existing stores and SKUs, with no SKU twice in a basket', async () => {
    const storeIds = new Set((await readLines(path.join(root, 'raw/stores/stores.jsonl'))).map((l) => (JSON.parse(l) as { store_id: string }).store_id));
    const skuIds = new Set((await readLines(path.join(root, 'raw/skus/skus.jsonl'))).map((l) => (JSON.parse(l) as { sku_id: string }).sku_id));
    const bad = transactions.filter((t) => {
      const skus = t.items.map((i) => i.sku_id);
      return !storeIds.has(t.store_id) || new Set(skus).size !== skus.length || skus.some((s) => !skuIds.has(s));
    });
    expect(bad).toEqual([]);
    // Every store trades.
    expect(new Set(transactions.map((t) => t.store_id)).size).toBe(5);
  });

  it('keeps every datetime within the date range and opening hours', () => {
    const outside = transactions.filter((t) => {
      const [date, time] = t.transaction_datetime.split(' ') as [string, string];
      const hour = Number(time.slice(0, 2));
      const parsed = new Date(`${date}T${time}Z`);
      return (
        date < '2024-04-01' ||
        date > '2024-04-30' ||
        hour < OPENING_HOURS.openHour ||
        hour >= OPENING_HOURS.closeHour ||
        Number.isNaN(parsed.getTime()) ||
        parsed.toISOString().replace('T', ' ').slice(0, 19) !== t.transaction_datetime
      );
    });
    expect(outside).toEqual([]);
  });

  it('makes weekend days at least 1.15× as busy as weekdays on average', () => {
    const perDay = new Map<string, number>();
    for (const t of transactions) {
      const date = t.transaction_datetime.slice(0, 10);
      perDay.set(date, (perDay.get(date) ?? 0) + 1);
    }
    expect(perDay.size).toBe(30);
    const weekend: number[] = [];
    const weekday: number[] = [];
    for (const [date, count] of perDay) {
      const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
      (dow === 0 || dow === 6 ? weekend : weekday).push(count);
    }
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(weekend) / mean(weekday)).toBeGreaterThanOrEqual(1.15);
  });

  it('makes the evening (17–20 h) busier than the morning (07–10 h)', () => {
    const hour = (t: RawTransaction): number => Number(t.transaction_datetime.slice(11, 13));
    const evening = transactions.filter((t) => hour(t) >= 17 && hour(t) < 20).length;
    const morning = transactions.filter((t) => hour(t) >= 7 && hour(t) < 10).length;
    expect(evening).toBeGreaterThan(morning * 1.5);
  });

  it('skews baskets small: ≥ 50 % hold ≤ 3 items, all hold 1–12, some hold 10+', () => {
    const sizes = transactions.map((t) => t.items.length);
    expect(sizes.filter((s) => s <= 3).length / N).toBeGreaterThanOrEqual(0.5);
    expect(Math.min(...sizes)).toBe(1);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(12);
    expect(sizes.filter((s) => s >= 10).length).toBeGreaterThan(0);
  });

  it('makes quantity mostly 1, sometimes 2–6', () => {
    const quantities = transactions.flatMap((t) => t.items.map((i) => i.quantity));
    const ones = quantities.filter((q) => q === 1).length / quantities.length;
    expect(ones).toBeGreaterThan(0.7);
    expect(ones).toBeLessThan(0.9);
    expect(new Set(quantities)).toEqual(new Set([1, 2, 3, 4, 5, 6]));
  });

  it('skews SKU popularity: the top 1 % of SKUs sell ≥ 10 % of units', () => {
    const units = new Map<string, number>();
    let total = 0;
    for (const t of transactions) {
      for (const i of t.items) {
        units.set(i.sku_id, (units.get(i.sku_id) ?? 0) + i.quantity);
        total += i.quantity;
      }
    }
    const top = [...units.values()].sort((a, b) => b - a).slice(0, Math.ceil(12_000 / 100));
    expect(top.reduce((a, b) => a + b, 0) / total).toBeGreaterThanOrEqual(0.1);
    // …while the long tail still sells: most of the catalogue appears at least once.
    expect(units.size).toBeGreaterThan(6000);
  });

  it('writes believable stores: STORE ids, unique names, distinct cities', async () => {
    const stores = (await readLines(path.join(root, 'raw/stores/stores.jsonl'))).map((l) => storeSchema.parse(JSON.parse(l)));
    expect(stores.map((s) => s.store_id)).toEqual(['STORE0001', 'STORE0002', 'STORE0003', 'STORE0004', 'STORE0005']);
    expect(new Set(stores.map((s) => s.store_name)).size).toBe(5);
    expect(new Set(stores.map((s) => s.store_location)).size).toBe(5);
  });

  it('writes believable SKUs: SKU ids, unique names, decimal-string prices', async () => {
    const skus = (await readLines(path.join(root, 'raw/skus/skus.jsonl'))).map((l) => skuSchema.parse(JSON.parse(l)));
    expect(skus).toHaveLength(12_000);
    expect(skus[0]!.sku_id).toBe('SKU00001');
    expect(skus[11_999]!.sku_id).toBe('SKU12000');
    expect(new Set(skus.map((s) => s.product_name)).size).toBe(12_000);
    // brand + [variant] + product + size: at least three words.
    expect(skus.filter((s) => s.product_name.split(' ').length < 3)).toEqual([]);
    const cents = skus.map((s) => Number(s.price.replace('.', '')));
    expect(Math.min(...cents)).toBeGreaterThanOrEqual(19);
    expect(Math.max(...cents)).toBeLessThan(100_00);
    const median = [...cents].sort((a, b) => a - b)[6000]!;
    expect(median).toBeGreaterThan(150);
    expect(median).toBeLessThan(1500);
  });
});

describe('generateHistory: files', () => {
  it('chunks 2,500 transactions at 1,000 per file into 3 files', async () => {
    const { root, summary } = await generateTo({ skus: 100, transactions: 2500, days: 2, transactionsPerChunk: 1000 });
    const dir = path.join(root, 'raw/transactions');
    expect((await fs.readdir(dir)).sort()).toEqual(['part-00000.jsonl', 'part-00001.jsonl', 'part-00002.jsonl']);
    expect((await readLines(path.join(dir, 'part-00000.jsonl'))).length).toBe(1000);
    expect((await readLines(path.join(dir, 'part-00001.jsonl'))).length).toBe(1000);
    expect((await readLines(path.join(dir, 'part-00002.jsonl'))).length).toBe(500);
    expect(summary.files).toBe(5);
    expect(summary.keys.at(-1)).toBe(HISTORY_COMPLETION_MARKER);
  });

  it('handles edge sizes: 1 transaction, 1 SKU, 1 store, more days than transactions', async () => {
    const { root, summary } = await generateTo({ stores: 1, skus: 1, transactions: 3, days: 10 });
    const lines = await readTransactions(root);
    expect(lines).toHaveLength(3);
    expect(summary.transactions).toBe(3);
    for (const l of lines) expect(transactionSchema.parse(JSON.parse(l)).items).toEqual([{ sku_id: 'SKU00001', quantity: expect.any(Number) }]);
  });

  it('refuses to overwrite an existing history, and --force replaces it without stale parts', async () => {
    const { root } = await generateTo({ skus: 100, transactions: 3000, days: 2, transactionsPerChunk: 1000 });
    const store = new LocalObjectStore(root);
    await store.put('raw/other/keep.json', '{}');
    const error = await generateHistory({ skus: 100, transactions: 10, days: 2 }, { store, clock: FIXED_CLOCK }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HistoryExistsError);
    expect((error as Error).message).toMatch(/--force/);
    expect(await readTransactions(root)).toHaveLength(3000);

    await generateHistory({ skus: 100, transactions: 10, days: 2, force: true }, { store, clock: FIXED_CLOCK });
    expect(await fs.readdir(path.join(root, 'raw/transactions'))).toEqual(['part-00000.jsonl']);
    expect(await readTransactions(root)).toHaveLength(10);
    expect(await store.head('raw/other/keep.json')).toBeDefined();
    expect(await findExistingHistory(store)).toEqual(['raw/stores/stores.jsonl', 'raw/skus/skus.jsonl', 'raw/transactions/part-00000.jsonl']);
  });

  it('honours another raw prefix', async () => {
    const { root } = await generateTo({ skus: 20, transactions: 10, days: 1, rawPrefix: 'history/raw/' });
    expect([...(await readTree(root)).keys()]).toEqual([
      'history/raw/skus/skus.jsonl',
      'history/raw/stores/stores.jsonl',
      'history/raw/transactions/part-00000.jsonl',
    ]);
    expect(historyKeys('history/raw/').transactionChunk(12)).toBe('history/raw/transactions/part-00012.jsonl');
  });

  it('ticks progress to the total and calls done once', async () => {
    let ticked = 0;
    let done = 0;
    const progress: Progress = { tick: (n = 1) => void (ticked += n), done: () => void done++ };
    const root = await tempDir('progress');
    dirs.push(root);
    await generateHistory({ skus: 50, transactions: 25_001, days: 3 }, { store: new LocalObjectStore(root), clock: FIXED_CLOCK, progress });
    expect(ticked).toBe(25_001);
    expect(done).toBe(1);
  });

  it('rejects out-of-range options with the option named', async () => {
    const store = new LocalObjectStore(await tempDir('invalid'));
    const run = (o: Parameters<typeof generateHistory>[0]) => generateHistory(o, { store, clock: FIXED_CLOCK });
    await expect(run({ transactions: 0 })).rejects.toThrow(/transactions must be an integer from 1/);
    await expect(run({ stores: 10_000 })).rejects.toThrow(/stores must be an integer from 1 to 9999/);
    await expect(run({ skus: 1.5 })).rejects.toThrow(/skus/);
    await expect(run({ seed: -1 })).rejects.toThrow(/seed/);
    await expect(run({ endDate: '2024-02-30' })).rejects.toThrow(/not a date/);
    expect(await findExistingHistory(store)).toEqual([]);
  });
});
