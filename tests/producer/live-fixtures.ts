import { expect } from 'vitest';
import { SKU_ID_PATTERN, STORE_ID_PATTERN } from '../../producer/history/history-contract.js';
import { readTree } from './history-fixtures.js';

/** 2024-05-01 10:00:00.000 UTC: a whole second, so 1 s windows start at whole seconds. */
export const LIVE_START = Date.parse('2024-05-01T10:00:00.000Z');

/**
 * A fake wall clock and a `sleep` that advances it instantly: producer tests run in milliseconds
 * however long the simulated run. `onSleep` runs after each advance (to abort at a given time).
 */
export function fakeTime(start = LIVE_START, onSleep?: (now: number) => void) {
  let now = start;
  return {
    clock: (): Date => new Date(now),
    sleep: async (ms: number): Promise<void> => {
      now += ms;
      onSleep?.(now);
    },
    get now(): number {
      return now;
    },
  };
}

export interface RawTransaction {
  transaction_id: string;
  store_id: string;
  transaction_datetime: string;
  items: { sku_id: string; quantity: number }[];
}

/** Files under `root`, keyed by lake key, with the transactions each holds (a JSON object or JSON Lines). */
export async function readIncoming(root: string): Promise<Map<string, RawTransaction[]>> {
  const out = new Map<string, RawTransaction[]>();
  for (const [key, bytes] of await readTree(root)) out.set(key, parseTransactions(key, bytes.toString('utf8')));
  return out;
}

export function parseTransactions(key: string, text: string): RawTransaction[] {
  expect(text.endsWith('\n'), `${key} ends with a newline`).toBe(true);
  if (key.endsWith('.json')) return [JSON.parse(text) as RawTransaction];
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as RawTransaction);
}

/** Asserts the raw POS contract (models/sources/pos_transactions.sql), key order included, and the id ranges. */
export function expectRawContract(tx: RawTransaction, stores: number, skus: number): void {
  expect(Object.keys(tx)).toEqual(['transaction_id', 'store_id', 'transaction_datetime', 'items']);
  expect(tx.transaction_id).toEqual(expect.any(String));
  expect(tx.store_id).toMatch(STORE_ID_PATTERN);
  expect(Number(tx.store_id.slice(5))).toBeGreaterThanOrEqual(1);
  expect(Number(tx.store_id.slice(5))).toBeLessThanOrEqual(stores);
  expect(tx.transaction_datetime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  expect(Number.isNaN(Date.parse(`${tx.transaction_datetime.replace(' ', 'T')}Z`))).toBe(false);
  expect(tx.items.length).toBeGreaterThanOrEqual(1);
  expect(tx.items.length).toBeLessThanOrEqual(12);
  expect(new Set(tx.items.map((i) => i.sku_id)).size).toBe(tx.items.length);
  for (const item of tx.items) {
    expect(Object.keys(item)).toEqual(['sku_id', 'quantity']);
    expect(item.sku_id).toMatch(SKU_ID_PATTERN);
    expect(Number(item.sku_id.slice(3))).toBeLessThanOrEqual(skus);
    expect(Number.isInteger(item.quantity) && item.quantity >= 1 && item.quantity <= 6).toBe(true);
  }
}
