import { describe, expect, it } from 'vitest';
import { FreshnessTracker, TimedObjectStore } from '../../bench/lib/freshness-tracker.js';
import { MemoryObjectStore } from '../../bench/lib/memory-object-store.js';

const tx = (id: string): string =>
  JSON.stringify({ transaction_id: id, store_id: 'STORE0001', transaction_datetime: '2024-04-10 12:00:00', items: [{ sku_id: 'SKU00001', quantity: 1 }] });

describe('FreshnessTracker', () => {
  it('times each file from appearing to the first query result holding any of its ids', () => {
    const t = new FreshnessTracker();
    t.fileVisible('incoming/a.json', `${tx('A')}\n`, 1_000, 50_000);
    t.fileVisible('incoming/b.jsonl', Buffer.from(`${tx('B1')}\n${tx('B2')}\n`), 1_100, 50_100);
    expect(t.fileCount).toBe(2);
    expect(t.transactionCount).toBe(3);
    expect(t.waiting).toBe(2);
    expect(t.oldestWaitingWallMs()).toBe(50_000);

    expect(t.observe(['B2', 'unrelated'], 1_400)).toBe(1);
    expect(t.observe(['B1', 'B2'], 1_900)).toBe(0); // already landed: the first sighting counts
    expect(t.oldestWaitingWallMs()).toBe(50_000);
    expect(t.observe(['A'], 2_000)).toBe(1);
    expect(t.waiting).toBe(0);
    expect(t.oldestWaitingWallMs()).toBeUndefined();
    expect(t.latencies()).toEqual({ landedMs: [1_000, 300], notLanded: 0 });
  });

  it('counts files no query returned, and ignores files without transactions', () => {
    const t = new FreshnessTracker();
    t.fileVisible('incoming/a.json', tx('A'), 0, 0);
    t.fileVisible('incoming/empty.json', '', 0, 0);
    t.fileVisible('incoming/c.json', tx('C'), 10, 10);
    t.observe(['C'], 50);
    expect(t.latencies()).toEqual({ landedMs: [40], notLanded: 1 });
    expect(t.oldestWaitingWallMs()).toBe(0);
  });
});

describe('FreshnessTracker probes', () => {
  it('asks for one id of each waiting file, oldest first, at most the limit; a landed file is asked no more', () => {
    const t = new FreshnessTracker();
    t.fileVisible('incoming/a.jsonl', `${tx('A1')}\n${tx('A2')}\n`, 0, 0);
    t.fileVisible('incoming/empty.json', '', 1, 1);
    t.fileVisible('incoming/b.json', tx('B'), 2, 2);
    t.fileVisible('incoming/c.json', tx('C'), 3, 3);
    expect(t.waitingProbes(10)).toEqual(['A1', 'B', 'C']);
    expect(t.waitingProbes(2)).toEqual(['A1', 'B']);
    t.observe(['B'], 5);
    expect(t.waitingProbes(10)).toEqual(['A1', 'C']);
    t.observe(['A1', 'C'], 6);
    expect(t.waitingProbes(10)).toEqual([]);
  });
});

describe('TimedObjectStore', () => {
  it('reports a put once the inner store has it, and passes everything else through', async () => {
    const inner = new MemoryObjectStore();
    const seen: string[] = [];
    const store = new TimedObjectStore(inner, (key) => seen.push(`${key}:${inner.usage().objects}`));
    await store.put('incoming/a.json', 'x');
    expect(seen).toEqual(['incoming/a.json:1']);
    expect(Buffer.from((await store.get('incoming/a.json')).body).toString()).toBe('x');
    expect((await store.head('incoming/a.json'))?.size).toBe(1);
    await store.delete('incoming/a.json');
    expect(await store.head('incoming/a.json')).toBeUndefined();
  });
});
