import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compactTables, type CompactOptions } from '../../src/compaction/compact-table.js';
import { readHiddenList } from '../../src/compaction/hidden-list.js';
import { compileProject } from '../../src/compiler/compile-project.js';
import type { LocalEngine } from '../../src/engines/local/local-engine.js';
import { LocalObjectStore } from '../../src/storage/local-object-store.js';
import { createIngestHandler } from '../../src/streaming/ingest-handler.js';
import { makeTempLake, migratedEngine } from '../support/fixture-lake.js';
import { projectConfig, projectModels } from '../support/project-files.js';
import { s3PutEvent } from '../support/s3-event.js';

/**
 * Issue 13.7: on Athena the gap between a query's file listing and its hidden-list read is bounded
 * only by the query's run time, so the compactor commits a merged file in a later run, at least
 * `commitDelayMs` after it was written. Until then readers see exactly the small files.
 */
const config = projectConfig();
const manifest = compileProject(await projectModels(), config).manifest!;
const DAY = '2024-04-10';
const HIDDEN = `tables/_hidden/transactions/dt=${DAY}/hidden.jsonl`;

function tx(id: string, quantity: number): string {
  return JSON.stringify({ transaction_id: id, store_id: 'STORE0001', transaction_datetime: `${DAY} 10:00:00`, items: [{ sku_id: 'SKU00001', quantity }] });
}

async function totals(engine: LocalEngine): Promise<{ n: number; d: number; q: number }> {
  const a = (await engine.query('SELECT count(*) AS n, count(DISTINCT transaction_id) AS d FROM transactions')).rows[0]!;
  const b = (await engine.query('SELECT coalesce(sum(quantity), 0) AS q FROM transaction_items')).rows[0]!;
  return { n: Number(a.n), d: Number(a.d), q: Number(b.q) };
}

async function files(lake: string): Promise<string[]> {
  return (await readdir(path.join(lake, 'tables', 'transactions', `dt=${DAY}`))).filter((f) => f.endsWith('.parquet')).sort();
}

/** A lake of `n` one-transaction files, and a compactor whose clock the test moves. */
async function lakeOf(n: number) {
  const lake = await makeTempLake('commit-delay-');
  const store = new LocalObjectStore(lake);
  const handle = createIngestHandler({ store, manifest });
  for (let i = 0; i < n; i++) {
    const key = `incoming/s/${i}.json`;
    const { etag } = await store.put(key, tx(`D-${i}`, 2));
    await handle(s3PutEvent(key, etag));
  }
  let now = Date.now();
  const options: CompactOptions = { settleMs: 0, graceMs: 0, commitDelayMs: 60_000, clock: () => new Date(now), tables: ['transactions', 'transaction_items'] };
  return { lake, store, handle, options, advance: (ms: number) => (now += ms) };
}

describe('compaction with a commit delay (13.7: safe for Athena planning)', () => {
  it('writes the merged file hidden, keeps readers on the small files, and commits it only in a run after the delay', async () => {
    const { lake, store, options, advance } = await lakeOf(20);
    const engine = await migratedEngine(lake, manifest, config);
    const expected = { n: 20, d: 20, q: 40 };
    expect(await totals(engine)).toEqual(expected);

    const first = await compactTables(store, manifest, options);
    expect(first.find((r) => r.table === 'transactions')).toMatchObject({ awaitingCommit: 1, inputFiles: 0, outputFiles: 0, rows: 20 });
    expect(await files(lake)).toHaveLength(21); // the 20 small files and the merged one, still pending
    const pending = (await readHiddenList(store, HIDDEN)).filter((e) => e.state === 'pending');
    expect(pending).toHaveLength(1);
    expect(pending[0]!.replaces).toHaveLength(20);
    expect(await totals(engine)).toEqual(expected);

    advance(30_000);
    const early = await compactTables(store, manifest, options);
    expect(early.find((r) => r.table === 'transactions')).toMatchObject({ inputFiles: 0, outputFiles: 0, recovered: { rolledBack: 0 } });
    expect(early.find((r) => r.table === 'transactions')?.awaitingCommit).toBeUndefined(); // nothing merged twice
    expect(await totals(engine)).toEqual(expected);

    advance(31_000);
    const late = await compactTables(store, manifest, options);
    expect(late.find((r) => r.table === 'transactions')).toMatchObject({ inputFiles: 20, outputFiles: 1 });
    expect(await totals(engine)).toEqual(expected);
    // graceMs 0: the superseded files go in the run after the commit.
    await compactTables(store, manifest, options);
    expect(await files(lake)).toHaveLength(1);
    expect(await totals(engine)).toEqual(expected);
    await engine.close();
  });

  it('a merge whose input was replaced by a newer version of its object meanwhile is rolled back, never committed', async () => {
    const { lake, store, handle, options, advance } = await lakeOf(10);
    const engine = await migratedEngine(lake, manifest, config);
    await compactTables(store, manifest, options);
    // A new version of one object lands while the merge waits: its rows replace the old version's.
    const { etag } = await store.put('incoming/s/3.json', tx('D-3', 5));
    await handle(s3PutEvent('incoming/s/3.json', etag));
    const expected = { n: 10, d: 10, q: 9 * 2 + 5 };
    expect(await totals(engine)).toEqual(expected);

    advance(61_000);
    const r = await compactTables(store, manifest, options);
    expect(r.find((x) => x.table === 'transactions')!.recovered.rolledBack).toBe(1);
    // Never the old version's rows back, never a row twice.
    expect(await totals(engine)).toEqual(expected);
    advance(61_000);
    await compactTables(store, manifest, options);
    advance(61_000);
    await compactTables(store, manifest, options);
    expect(await totals(engine)).toEqual(expected);
    await engine.close();
  });

  it('the Lambda reads the delay the stack sets (COMPACT_COMMIT_DELAY_MS)', async () => {
    // The Lambda module needs its bucket at load, as on AWS; no request is sent here.
    const saved = process.env.LAKE_BUCKET;
    process.env.LAKE_BUCKET = 'commit-delay-test-lake';
    const { optionsFromEnv } = await import('../../lambda/compaction-handler.js').finally(() => {
      if (saved === undefined) delete process.env.LAKE_BUCKET;
      else process.env.LAKE_BUCKET = saved;
    });
    expect(optionsFromEnv({ COMPACT_COMMIT_DELAY_MS: String(35 * 60_000) }).commitDelayMs).toBe(35 * 60_000);
    expect(optionsFromEnv({}).commitDelayMs).toBeUndefined();
    expect(() => optionsFromEnv({ COMPACT_COMMIT_DELAY_MS: 'soon' })).toThrow(/COMPACT_COMMIT_DELAY_MS must be a number/);
  });
});
