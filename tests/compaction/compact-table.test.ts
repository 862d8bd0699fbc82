import { spawn } from 'node:child_process';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compactTables } from '../../src/compaction/compact-table.js';
import { compileProject } from '../../src/compiler/compile-project.js';
import { LocalEngine } from '../../src/engines/local/local-engine.js';
import { LocalObjectStore } from '../../src/storage/local-object-store.js';
import { createIngestHandler } from '../../src/streaming/ingest-handler.js';
import { startLocalIngest } from '../../src/streaming/local-ingest-runtime.js';
import { makeTempLake, migratedEngine } from '../support/fixture-lake.js';
import { ROOT, projectConfig, projectModels } from '../support/project-files.js';
import { s3PutEvent } from '../support/s3-event.js';

const config = projectConfig();
const manifest = compileProject(await projectModels(), config).manifest!;
const FAST = { settleMs: 0, graceMs: 0 };

function tx(id: string, quantity: number, day = '2024-04-10'): string {
  return JSON.stringify({ transaction_id: id, store_id: 'STORE0001', transaction_datetime: `${day} 10:00:00`, items: [{ sku_id: 'SKU00001', quantity }] });
}

/** A lake with `n` single-transaction files landed through the real handler; returns the events for redelivery. */
async function landedLake(n: number, prefix = 'T', day = '2024-04-10') {
  const lake = await makeTempLake('compact-');
  const store = new LocalObjectStore(lake);
  const handle = createIngestHandler({ store, manifest });
  const events = [];
  for (let i = 0; i < n; i++) {
    const key = `incoming/STORE0001/${day}/${prefix}${i}.json`;
    const { etag } = await store.put(key, tx(`${prefix}-${i}`, 1 + (i % 3), day));
    const event = s3PutEvent(key, etag);
    await handle(event);
    events.push(event);
  }
  return { lake, store, handle, events };
}

async function totals(engine: LocalEngine): Promise<{ n: number; d: number; q: number }> {
  const a = (await engine.query('SELECT count(*) AS n, count(DISTINCT transaction_id) AS d FROM transactions')).rows[0]!;
  const b = (await engine.query('SELECT coalesce(sum(quantity), 0) AS q FROM transaction_items')).rows[0]!;
  return { n: Number(a.n), d: Number(a.d), q: Number(b.q) };
}

async function dataFiles(lake: string, table: string, day = '2024-04-10'): Promise<string[]> {
  return (await readdir(path.join(lake, 'tables', table, `dt=${day}`))).filter((f) => f.endsWith('.parquet'));
}

const expectedQ = (n: number) => Array.from({ length: n }, (_, i) => 1 + (i % 3)).reduce((a, b) => a + b, 0);

describe('compaction', () => {
  it('merges a partition of single-transaction files into one file per table, with identical counts and Σ quantity', async () => {
    const { lake, store } = await landedLake(300);
    const engine = await migratedEngine(lake, manifest, config);
    expect(await totals(engine)).toEqual({ n: 300, d: 300, q: expectedQ(300) });
    expect(await dataFiles(lake, 'transactions')).toHaveLength(300);
    const results = await compactTables(store, manifest, FAST);
    expect(results.map((r) => [r.table, r.partition, r.inputFiles, r.outputFiles, r.rows])).toEqual([
      ['transaction_items', 'dt=2024-04-10/', 300, 1, 300],
      ['transactions', 'dt=2024-04-10/', 300, 1, 300],
    ]);
    expect(await dataFiles(lake, 'transactions')).toHaveLength(1);
    expect(await dataFiles(lake, 'transaction_items')).toHaveLength(1);
    expect(await totals(engine)).toEqual({ n: 300, d: 300, q: expectedQ(300) });
    await engine.close();
  });

  it('late data for a compacted partition lands, and is merged by the next run', async () => {
    const { lake, store, handle } = await landedLake(50);
    await compactTables(store, manifest, FAST);
    for (let i = 0; i < 20; i++) {
      const key = `incoming/late/L${i}.json`;
      await handle(s3PutEvent(key, (await store.put(key, tx(`L-${i}`, 2))).etag));
    }
    const engine = await migratedEngine(lake, manifest, config);
    expect(await totals(engine)).toEqual({ n: 70, d: 70, q: expectedQ(50) + 40 });
    expect(await dataFiles(lake, 'transactions')).toHaveLength(21);
    await compactTables(store, manifest, FAST);
    expect(await dataFiles(lake, 'transactions')).toHaveLength(1);
    expect(await totals(engine)).toEqual({ n: 70, d: 70, q: expectedQ(50) + 40 });
    await engine.close();
  });

  it('after compaction, every event delivered again and the runtime restarted over the whole backlog add no duplicate', async () => {
    const { lake, store, handle, events } = await landedLake(120);
    await compactTables(store, manifest, FAST);
    const outcomes = [];
    for (const e of [...events].reverse()) outcomes.push(...(await handle(e)).map((r) => r.outcome));
    expect(new Set(outcomes)).toEqual(new Set(['duplicate']));
    // The runtime's own checkpoint is gone: it must rely on the ledger for all 120 files.
    await rm(path.join(lake, '_ingest'), { recursive: true, force: true });
    const runtime = await startLocalIngest({ lakeDir: lake, config, manifest });
    await runtime.ready;
    await runtime.stop();
    expect(runtime.stats()).toMatchObject({ files: 120, duplicates: 120, landed: 0 });
    const engine = await migratedEngine(lake, manifest, config);
    expect(await totals(engine)).toEqual({ n: 120, d: 120, q: expectedQ(120) });
    await engine.close();
  });

  it('never compacts a streamed file whose ledger entry is missing (its event may come back)', async () => {
    const { lake, store } = await landedLake(10);
    for await (const o of store.list('tables/_ledger/')) {
      await store.delete(o.key);
      break;
    }
    await compactTables(store, manifest, FAST);
    expect(await dataFiles(lake, 'transactions')).toHaveLength(2); // the merged file + the unprotected one
  });

  it('killed with SIGKILL at random points 20 times, then rerun: counts and sums exact', async () => {
    const { lake, handle, store } = await landedLake(400);
    const expected = { n: 400, d: 400, q: expectedQ(400) };
    // A killed run leaves the table's lock behind: a 1 s lease lets the next run (a process start later) take over.
    const compactOnce = (killAfterMs?: number) =>
      new Promise<void>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'compact', '--grace', '0s', '--settle', '50ms', '--lease', '1s'], {
          cwd: ROOT,
          env: { ...process.env, LAKE_DIR: lake },
          stdio: 'ignore',
        });
        if (killAfterMs !== undefined) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
        child.once('exit', () => resolve());
      });
    const engine = await migratedEngine(lake, manifest, config);
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 20; i++) {
      await compactOnce(900 + Math.floor(random() * 1800));
      // Whatever state the kill left, readers see every row exactly once.
      expect(await totals(engine)).toEqual(expected);
      // New small files keep arriving between runs.
      if (i % 5 === 0) {
        const key = `incoming/more/M${i}.json`;
        await handle(s3PutEvent(key, (await store.put(key, tx(`M-${i}`, 1))).etag));
        expected.n++;
        expected.d++;
        expected.q++;
      }
    }
    // A kill leaves the table's lock behind: for the 1 s lease, or — killed in the middle of a
    // lock swap — until its swap marker is stale (30 s, docs/reliability.md). Until then a run skips
    // the table (correctly: one compactor per table), so the final run is repeated until it owns it.
    for (let attempt = 0; attempt < 10; attempt++) {
      await new Promise((r) => setTimeout(r, attempt === 0 ? 1500 : 5000));
      await compactOnce();
      if ((await dataFiles(lake, 'transactions')).length === 1) break;
    }
    expect(await totals(engine)).toEqual(expected);
    expect(await dataFiles(lake, 'transactions')).toHaveLength(1);
    await engine.close();
  }, 240_000);

  it('with ingest running and compaction in a loop, hundreds of queries never see a row twice or miss a committed one', async () => {
    const lake = await makeTempLake('concurrent-');
    let landed = 0;
    const runtime = await startLocalIngest({ lakeDir: lake, config, manifest, onReport: (r) => (landed += r.landed) });
    await runtime.ready;
    const store = new LocalObjectStore(lake);
    const engine = await migratedEngine(lake, manifest, config);
    let producing = true;
    let produced = 0;
    const producer = (async () => {
      for (let i = 0; producing; i++) {
        produced++;
        await store.put(`incoming/c/${i}.json`, tx(`C-${i}`, 1));
        await new Promise((r) => setTimeout(r, 40));
      }
    })();
    let compacting = true;
    let merges = 0;
    const compactor = (async () => {
      while (compacting) {
        const r = await compactTables(store, manifest, { settleMs: 1000, graceMs: 4000 });
        merges += r.reduce((a, x) => a + x.outputFiles, 0);
        await new Promise((r2) => setTimeout(r2, 50));
      }
    })();
    let queries = 0;
    // At least 200 queries, and on until compaction has merged a few times (a loaded machine is slow
    // to merge): the assertions hold on every query, however many there are.
    while (queries < 200 || (merges <= 3 && queries < 20_000)) {
      const before = landed;
      const { n, d } = await totals(engine);
      const written = produced;
      expect(n).toBe(d); // never a row twice
      expect(n).toBeGreaterThanOrEqual(before); // never a committed row missing
      // Rows become visible when their files are written, a moment before the runtime reports them
      // landed: the bound above is what was written into incoming/, one transaction per file.
      expect(n).toBeLessThanOrEqual(written);
      queries++;
    }
    producing = false;
    await producer;
    compacting = false;
    await compactor;
    await runtime.stop();
    expect(merges).toBeGreaterThan(3);
    expect((await totals(engine)).n).toBe(landed);
    await engine.close();
  }, 240_000);
});
