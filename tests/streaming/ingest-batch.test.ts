import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compactTables } from '../../src/compaction/compact-table.js';
import { LocalObjectStore } from '../../src/storage/local-object-store.js';
import { createIngestHandler } from '../../src/streaming/ingest-handler.js';
import { crashingAt, jsonl, lakeCounts, projectWith, rejectedReasons, tx } from '../reliability/reliability-fixture.js';
import { makeTempLake } from '../support/fixture-lake.js';
import { s3PutEvent, s3PutEvents } from '../support/s3-event.js';

const { config, manifest } = await projectWith();
const CLOCK = () => new Date('2024-04-10T12:00:01.500Z');

/** `n` one-transaction objects, as the seed's tills write them. */
async function putSingles(store: LocalObjectStore, prefix: string, n: number, day = '2024-04-10'): Promise<{ key: string; etag: string }[]> {
  const out = [];
  for (let i = 0; i < n; i++) {
    const key = `incoming/${prefix}-${String(i).padStart(3, '0')}.json`;
    const { etag } = await store.put(key, JSON.stringify(tx(`${prefix}-${i}`, `${day} 11:00:${String(i % 60).padStart(2, '0')}`, 2)));
    out.push({ key, etag });
  }
  return out;
}

const streamFiles = async (lake: string, table: string, day = '2024-04-10') =>
  (await readdir(path.join(lake, 'tables', table, `dt=${day}`))).filter((f) => f.startsWith('stream-'));

describe('an event of many objects lands as one batch (issue 15 #1)', () => {
  it('50 one-transaction objects: one Parquet file per table and partition, one ledger entry, a report per object', async () => {
    const lake = await makeTempLake('batch-');
    const store = new LocalObjectStore(lake);
    const objects = await putSingles(store, 'B', 50);
    const reports = await createIngestHandler({ store, manifest, clock: CLOCK })(s3PutEvents(objects));
    expect(reports.map((r) => [r.key, r.outcome, r.landed])).toEqual(objects.map((o) => [o.key, 'landed', 1]));
    expect(await streamFiles(lake, 'transactions')).toHaveLength(1);
    expect(await streamFiles(lake, 'transaction_items')).toHaveLength(1);
    expect((await readdir(path.join(lake, 'tables/_ledger'))).filter((f) => f.endsWith('.json'))).toHaveLength(1);
    // Committed: no replace list left, only the empty anchor that keeps the lists' glob from matching nothing.
    expect(await readdir(path.join(lake, 'tables/_hidden/transactions/dt=2024-04-10'))).toEqual(['ingest-anchor.jsonl']);
    expect(await lakeCounts(lake, manifest, config)).toEqual({ transactions: 50, distinct: 50, items: 50, units: 100 });
  });

  it('bad records, a duplicate id across objects and an already landed object in one batch: each handled as alone', async () => {
    const lake = await makeTempLake('batch-mixed-');
    const store = new LocalObjectStore(lake);
    const handle = createIngestHandler({ store, manifest, clock: CLOCK });
    const early = await putSingles(store, 'E', 1);
    await handle(s3PutEvent(early[0]!.key, early[0]!.etag));
    const good = await putSingles(store, 'G', 3);
    const { etag: badEtag } = await store.put('incoming/bad.json', '{"transaction_id": "X", "items": "nope"}');
    const { etag: dupEtag } = await store.put('incoming/dup.json', JSON.stringify(tx('G-1', '2024-04-10 11:00:01')));
    const reports = await handle(s3PutEvents([...good, { key: 'incoming/bad.json', etag: badEtag }, { key: 'incoming/dup.json', etag: dupEtag }, early[0]!]));
    expect(reports.map((r) => r.outcome)).toEqual(['landed', 'landed', 'landed', 'landed', 'landed', 'duplicate']);
    expect(reports.map((r) => r.landed)).toEqual([1, 1, 1, 0, 0, 0]);
    const reasons = await rejectedReasons(lake);
    expect(reasons).toHaveLength(2);
    expect(reasons.some((r) => r.startsWith('duplicate transaction_id G-1: first landed from incoming/G-001.json'))).toBe(true);
    expect(await lakeCounts(lake, manifest, config)).toEqual({ transactions: 4, distinct: 4, items: 4, units: 8 });
  });

  it('a crash at every write of a batch, then the objects redelivered in other batches: never doubled, exact at the end', async () => {
    let points = 0;
    for (let failAt = 1; ; failAt++) {
      const lake = await makeTempLake('batch-crash-');
      const store = new LocalObjectStore(lake);
      const objects = [...(await putSingles(store, 'C', 6)), ...(await putSingles(store, 'D', 2, '2024-04-11'))];
      let crashed = false;
      try {
        await createIngestHandler({ store: crashingAt(store, failAt), manifest, clock: CLOCK })(s3PutEvents(objects));
      } catch {
        crashed = true;
      }
      const mid = await lakeCounts(lake, manifest, config);
      // Before the commit nothing of the batch is visible; after it, each partition whole (6 on one day, 2 on the next).
      expect([0, 2, 6, 8]).toContain(mid.transactions);
      expect(mid.distinct).toBe(mid.transactions);
      if (!crashed) {
        expect(points).toBeGreaterThan(10); // lists, data, key files, index entries, the ledger, the list deletions
        break;
      }
      points++;
      // SQS redelivers the messages in other batches, in another order.
      const handle = createIngestHandler({ store, manifest, clock: CLOCK });
      await handle(s3PutEvents(objects.slice(0, 3).reverse()));
      await handle(s3PutEvents(objects.slice(3)));
      await handle(s3PutEvents(objects));
      expect(await lakeCounts(lake, manifest, config), `crash at write ${failAt}`).toEqual({ transactions: 8, distinct: 8, items: 8, units: 16 });
    }
  });

  it('a new version of an object that landed in a batch is kept whole in rejected/, never doubled', async () => {
    const lake = await makeTempLake('batch-version-');
    const store = new LocalObjectStore(lake);
    const handle = createIngestHandler({ store, manifest, clock: CLOCK });
    const objects = await putSingles(store, 'V', 3);
    await handle(s3PutEvents(objects));
    const { etag } = await store.put(objects[1]!.key, JSON.stringify(tx('V-1b', '2024-04-10 11:30:00')));
    const [report] = await handle(s3PutEvent(objects[1]!.key, etag));
    expect(report!.outcome).toBe('landed');
    expect(report!.landed).toBe(0);
    expect((await rejectedReasons(lake))[0]).toMatch(/landed in a batch with other objects; this version is kept here, not landed/);
    expect(await lakeCounts(lake, manifest, config)).toEqual({ transactions: 3, distinct: 3, items: 3, units: 6 });
  });

  it('failures: "report" marks every object of a failed batch as failed instead of throwing; the retry lands them once', async () => {
    const lake = await makeTempLake('batch-report-');
    const store = new LocalObjectStore(lake);
    const objects = await putSingles(store, 'R', 4);
    const reports = await createIngestHandler({ store: crashingAt(store, 3), manifest, clock: CLOCK })(s3PutEvents(objects), { failures: 'report' });
    expect(reports.map((r) => r.outcome)).toEqual(['failed', 'failed', 'failed', 'failed']);
    expect(reports[0]!.error).toMatch(/injected crash/);
    await createIngestHandler({ store, manifest, clock: CLOCK })(s3PutEvents(objects), { failures: 'report' });
    expect(await lakeCounts(lake, manifest, config)).toEqual({ transactions: 4, distinct: 4, items: 4, units: 8 });
  });

  it('compaction merges batch files like any streamed file: counts exact', async () => {
    const lake = await makeTempLake('batch-compact-');
    const store = new LocalObjectStore(lake);
    const handle = createIngestHandler({ store, manifest, clock: CLOCK });
    await handle(s3PutEvents(await putSingles(store, 'P', 5)));
    await handle(s3PutEvents(await putSingles(store, 'Q', 5)));
    expect(await streamFiles(lake, 'transactions')).toHaveLength(2);
    const results = await compactTables(store, manifest, { settleMs: 0, graceMs: 0 });
    expect(results.find((r) => r.table === 'transactions')!.inputFiles).toBe(2);
    expect(await streamFiles(lake, 'transactions')).toHaveLength(0);
    expect(await lakeCounts(lake, manifest, config)).toEqual({ transactions: 10, distinct: 10, items: 10, units: 20 });
  });
});
