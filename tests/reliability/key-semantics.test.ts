import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLocalBackfill } from '../../src/batch/local-backfill.js';
import { compactTables } from '../../src/compaction/compact-table.js';
import { compileProject } from '../../src/compiler/compile-project.js';
import type { LocalEngine } from '../../src/engines/local/local-engine.js';
import { LocalObjectStore } from '../../src/storage/local-object-store.js';
import type { ObjectInfo, ObjectStore } from '../../src/storage/object-store.js';
import { createIngestHandler } from '../../src/streaming/ingest-handler.js';
import { makeTempLake, migratedEngine } from '../support/fixture-lake.js';
import { projectConfig, projectModels } from '../support/project-files.js';
import { s3PutEvent } from '../support/s3-event.js';

const config = projectConfig();
const manifest = compileProject(await projectModels(), config).manifest!;
const FAST = { settleMs: 0, graceMs: 0 };

function tx(id: string, quantity: number, store = 'STORE0001', day = '2024-04-10'): string {
  return JSON.stringify({
    transaction_id: id,
    store_id: store,
    transaction_datetime: `${day} 10:00:00`,
    items: [
      { sku_id: 'SKU00001', quantity },
      { sku_id: 'SKU00002', quantity: 1 },
    ],
  });
}

async function put(store: ObjectStore, handle: ReturnType<typeof createIngestHandler>, key: string, body: string) {
  return handle(s3PutEvent(key, (await store.put(key, body)).etag));
}

async function totals(engine: LocalEngine) {
  const a = (
    await engine.query(
      "SELECT count(*) AS n, count(DISTINCT transaction_id) AS d, string_agg(DISTINCT store_id, ',' ORDER BY store_id) AS stores FROM transactions",
    )
  ).rows[0]!;
  const b = (await engine.query('SELECT count(*) AS i, coalesce(sum(quantity), 0) AS q FROM transaction_items')).rows[0]!;
  return { n: Number(a.n), d: Number(a.d), stores: a.stores, items: Number(b.i), q: Number(b.q) };
}

async function rejectedReasons(store: ObjectStore): Promise<string[]> {
  const reasons: string[] = [];
  for await (const o of store.list('rejected/')) {
    const body = JSON.parse(new TextDecoder().decode((await store.get(o.key)).body)) as { rejected: { reason: string }[] };
    reasons.push(...body.rejected.map((r) => r.reason));
  }
  return reasons.sort();
}

/** test:data's own uniqueness check, run as SQL on the lake. */
async function uniqueViolations(engine: LocalEngine): Promise<number> {
  return Number((await engine.query('SELECT count(*) AS n FROM (SELECT transaction_id FROM transactions GROUP BY 1 HAVING count(*) > 1)')).rows[0]!.n);
}

describe('key semantics: first landed wins (14.8)', () => {
  it('the same transaction_id in two objects lands once; the later one is quarantined naming the first', async () => {
    const lake = await makeTempLake('rel-keys-');
    const store = new LocalObjectStore(lake);
    const handle = createIngestHandler({ store, manifest });
    await put(store, handle, 'incoming/a.json', tx('DUP-1', 3, 'STORE0001'));
    await put(store, handle, 'incoming/b.json', tx('OTHER', 1, 'STORE0001'));
    const [report] = await put(store, handle, 'incoming/c.json', tx('DUP-1', 5, 'STORE0002'));
    expect(report).toMatchObject({ outcome: 'landed', landed: 0, rejected: 1 });
    expect(await rejectedReasons(store)).toEqual(['duplicate transaction_id DUP-1: first landed from incoming/a.json']);
    const engine = await migratedEngine(lake, manifest, config);
    expect(await totals(engine)).toEqual({ n: 2, d: 2, stores: 'STORE0001', items: 4, q: 3 + 1 + 1 + 1 });
    expect(await uniqueViolations(engine)).toBe(0);
    // Redelivering the first object is still a duplicate delivery, not a duplicate row or a rejection.
    expect((await put(store, handle, 'incoming/a.json', tx('DUP-1', 3, 'STORE0001')))[0]!.outcome).toBe('duplicate');
    expect(await totals(engine)).toEqual({ n: 2, d: 2, stores: 'STORE0001', items: 4, q: 6 });
    await engine.close();
  });

  it('the same transaction_id twice in one JSON Lines object: the first line lands, the second is quarantined', async () => {
    const lake = await makeTempLake('rel-keys-');
    const store = new LocalObjectStore(lake);
    const handle = createIngestHandler({ store, manifest });
    const [report] = await put(store, handle, 'incoming/batch.jsonl', [tx('L-1', 1), tx('L-2', 2), tx('L-1', 9)].join('\n'));
    expect(report).toMatchObject({ landed: 2, rejected: 1 });
    expect(await rejectedReasons(store)).toEqual(['duplicate transaction_id L-1: first landed from line 1 of this object']);
    const engine = await migratedEngine(lake, manifest, config);
    expect(await totals(engine)).toEqual({ n: 2, d: 2, stores: 'STORE0001', items: 4, q: 1 + 2 + 2 });
    await engine.close();
  });

  it('a duplicate two concurrent invocations let through is removed by compaction, the first landing kept, the later quarantined', async () => {
    const lake = await makeTempLake('rel-keys-');
    const store = new LocalObjectStore(lake);
    const first = createIngestHandler({ store, manifest });
    for (let i = 0; i < 10; i++) await put(store, first, `incoming/s/${i}.json`, tx(`S-${i}`, 1));
    await put(store, first, 'incoming/first.json', tx('RACE', 2, 'STORE0001'));
    // The second invocation read the day's index before the first wrote its key file: it sees no keys.
    const blind: ObjectStore = {
      description: store.description,
      put: (k, b, o) => store.put(k, b, o),
      get: (k) => store.get(k),
      head: (k) => store.head(k),
      delete: (k) => store.delete(k),
      list: (prefix: string): AsyncIterable<ObjectInfo> => (prefix.startsWith('tables/_keys/') ? (async function* () {})() : store.list(prefix)),
    };
    const second = createIngestHandler({ store: blind, manifest });
    expect((await put(blind, second, 'incoming/second.json', tx('RACE', 7, 'STORE0002')))[0]).toMatchObject({ landed: 1, rejected: 0 });
    const engine = await migratedEngine(lake, manifest, config);
    expect(await totals(engine)).toMatchObject({ n: 12, d: 11 });
    expect(await uniqueViolations(engine)).toBe(1);

    const results = await compactTables(store, manifest, FAST);
    expect(results.map((r) => [r.table, r.inputFiles, r.outputFiles, r.duplicatesDropped])).toEqual([
      ['transaction_items', 12, 1, 2],
      ['transactions', 12, 1, 1],
    ]);
    expect(await totals(engine)).toEqual({ n: 11, d: 11, stores: 'STORE0001', items: 22, q: 10 + 1 * 10 + 2 + 1 });
    expect(await uniqueViolations(engine)).toBe(0);
    expect(await rejectedReasons(store)).toEqual(['duplicate transaction_id RACE: first landed from incoming/first.json']);
    // A later run changes nothing.
    await compactTables(store, manifest, FAST);
    expect(await totals(engine)).toMatchObject({ n: 11, d: 11, items: 22 });
    await engine.close();
  });

  it('the backfill keeps out ids the stream landed first and duplicates within its input, and the stream then respects the batch', async () => {
    const lake = await makeTempLake('rel-keys-batch-');
    const store = new LocalObjectStore(lake);
    const handle = createIngestHandler({ store, manifest });
    await put(store, handle, 'incoming/live.json', tx('A', 4, 'STORE0001'));
    const raw = [tx('A', 9, 'STORE0003'), tx('B', 1), tx('C', 2), tx('B', 1), tx('B', 5, 'STORE0002')];
    await mkdir(path.join(lake, 'raw/transactions'), { recursive: true });
    await writeFile(path.join(lake, 'raw/transactions/part-00000.jsonl'), raw.join('\n') + '\n');
    const engine = await migratedEngine(lake, manifest, config);
    let duplicates = -1;
    const run = () => runLocalBackfill(engine, manifest, config, { runId: `r${Date.now()}`, store, onDuplicates: (n) => (duplicates = n) });
    await run();
    // A from the stream, B once, C: 3 transactions, 6 items; 3 of the 5 raw records kept out.
    expect(await totals(engine)).toMatchObject({ n: 3, d: 3, items: 6 });
    expect(duplicates).toBe(3);
    expect(Number((await engine.query("SELECT sum(quantity) AS q FROM transaction_items WHERE transaction_id = 'A'")).rows[0]!.q)).toBe(5);
    const reasons = await rejectedReasons(store);
    expect(reasons.filter((r) => r.startsWith('duplicate transaction_id A: first landed in tables/transactions/dt=2024-04-10/stream-'))).toHaveLength(1);
    expect(reasons.filter((r) => r === "duplicate transaction_id B: an earlier record of this backfill's input was kept")).toHaveLength(2);
    expect(await uniqueViolations(engine)).toBe(0);
    // A rerun replaces its own files: same counts.
    await run();
    expect(await totals(engine)).toMatchObject({ n: 3, d: 3, items: 6 });
    // The stream now finds the batch's keys.
    const [late] = await put(store, handle, 'incoming/late.json', tx('C', 7));
    expect(late).toMatchObject({ landed: 0, rejected: 1 });
    expect(await totals(engine)).toMatchObject({ n: 3, d: 3, items: 6 });
    await engine.close();
  });
});
