import { copyFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateKpis, aggregatesForRange, type AggregateNames } from '../../dashboard/server/aggregate-panels.js';
import { AggregateReader, loadDimensions } from '../../dashboard/server/aggregate-reader.js';
import { toCents } from '../../dashboard/server/decimal-cents.js';
import type { Filters } from '../../dashboard/server/parse-filters.js';
import { freshnessQuery, hourlyQuery, kpisQuery, salesByStoreQuery, storesQuery, topSkusQuery, type PanelQuery } from '../../dashboard/server/panel-queries.js';
import { generateHistory } from '../../producer/history/generate-history.js';
import type { SkuInfo } from '../../src/aggregates/file-contribution.js';
import { readDayAggregates, refreshDayAggregates } from '../../src/aggregates/refresh-day-aggregates.js';
import { runLocalBackfill } from '../../src/batch/local-backfill.js';
import type { Manifest } from '../../src/manifest/manifest.js';
import { createIngestHandler } from '../../src/streaming/ingest-handler.js';
import { compactTables } from '../../src/compaction/compact-table.js';
import { compileProject } from '../../src/compiler/compile-project.js';
import type { LocalEngine } from '../../src/engines/local/local-engine.js';
import type { Row } from '../../src/engines/engine.js';
import { duckdbRenderer } from '../../src/dialects/duckdb/duckdb-renderer.js';
import { LocalObjectStore } from '../../src/storage/local-object-store.js';
import { makeTempLake, migratedEngine } from '../support/fixture-lake.js';
import { s3PutEvent } from '../support/s3-event.js';
import { projectConfig, projectModels } from '../support/project-files.js';

/**
 * The dashboard's two read paths on one generated lake — the engine scanning the views
 * (panel-queries.ts) and the incrementally maintained aggregates (src/aggregates/,
 * aggregate-panels.ts) — must give the same numbers, also after files change under the aggregates
 * the way compaction changes them.
 */
let lakeDir: string;
let engine: LocalEngine;
let store: LocalObjectStore;
let days: string[];
let skus: Map<string, SkuInfo>;
let names: AggregateNames;
let reader: AggregateReader;
let manifest: Manifest;
const TABLES = 'tables/';
const DUCKDB = duckdbRenderer(projectConfig());

beforeAll(async () => {
  lakeDir = await makeTempLake('aggregates-lake-');
  store = new LocalObjectStore(lakeDir);
  await generateHistory({ stores: 3, skus: 300, transactions: 4000, days: 3, seed: 18 }, { store, clock: () => new Date('2024-05-01T10:00:00Z') });
  const config = projectConfig();
  manifest = compileProject(await projectModels(), config).manifest!;
  engine = await migratedEngine(lakeDir, manifest, config);
  await runLocalBackfill(engine, manifest, config, { runId: 'history' });
  days = (await engine.query('SELECT DISTINCT dt FROM transaction_items ORDER BY dt')).rows.map((r) => String(r.dt));
  ({ skus, names } = await loadDimensions(engine, DUCKDB));
  // Every read refreshes (maxAgeMs 0 by default), as the server does for a request.
  reader = new AggregateReader({ store, tablesPrefix: TABLES, engine, renderer: DUCKDB, clock: () => new Date('2024-05-01T10:00:00Z') });
}, 120_000);

afterAll(async () => {
  await engine?.close();
  if (lakeDir) await rm(lakeDir, { recursive: true, force: true });
});

/** Rows with money as cents and timestamps as `YYYY-MM-DD HH:MM:SS`, whatever type the engine returned. */
function normalize(rows: readonly Row[]): Record<string, string | number | null>[] {
  return rows.map((r) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => {
        if (v === null || v === undefined) return [k, null];
        if (k === 'revenue') return [k, Number(toCents(v))];
        if (k === 'hour' || k === 'newest_transaction') return [k, String(v).replace('T', ' ').slice(0, 19)];
        if (typeof v === 'string' && k !== 'store_id' && k !== 'sku_id' && /^\d+$/.test(v)) return [k, Number(v)];
        return [k, typeof v === 'bigint' ? Number(v) : (v as string | number)];
      }),
    ),
  );
}

async function scan(s: PanelQuery): Promise<Record<string, string | number | null>[]> {
  const q = DUCKDB.renderQuery(s);
  return normalize((await engine.query(q.sql, q.params)).rows);
}

/** Every panel through the reader (what a handler would call) against the engine's scan of the views. */
async function expectSamePanels(f: Filters): Promise<void> {
  const rows = async (panel: Parameters<AggregateReader['rows']>[0], limit?: number) =>
    normalize((await reader.rows(panel, f, limit === undefined ? {} : { limit }))!);
  expect(await rows('kpis')).toEqual(await scan(kpisQuery(f)));
  expect(await rows('sales-by-store')).toEqual(await scan(salesByStoreQuery(f)));
  expect(await rows('stores')).toEqual(await scan(storesQuery(f)));
  expect(await rows('hourly')).toEqual(await scan(hourlyQuery(f)));
  for (const limit of [10, 100]) expect(await rows('top-skus', limit)).toEqual(await scan(topSkusQuery(f, limit)));
  expect(await rows('freshness')).toEqual(await scan(freshnessQuery(f.from, f.to)));
}

describe('dashboard aggregates vs scanning the views, on a generated lake', () => {
  it('give the same numbers for every panel: whole range, one day, one store', async () => {
    expect(days.length).toBeGreaterThanOrEqual(3);
    const all: Filters = { from: days[0]!, to: days[days.length - 1]! };
    await expectSamePanels(all);
    await expectSamePanels({ from: days[1]!, to: days[1]! });
    await expectSamePanels({ ...all, store: [...names.stores.keys()].sort()[1]! });
    const kpis = normalize(aggregateKpis((await aggregatesForRange(all, (d) => readDayAggregates(store, TABLES, d)))!, all))[0]!;
    expect(kpis['transactions']).toBeGreaterThan(3000);
  });

  it('a range with a day that has no aggregates, or longer than the reader takes, is left to the engine', async () => {
    expect(await aggregatesForRange({ from: '2020-01-01', to: days[0]! }, (day) => readDayAggregates(store, TABLES, day))).toBeUndefined();
    expect(await reader.rows('kpis', { from: '2020-01-01', to: days[0]! })).toBeUndefined();
  });

  it('follows the visible files incrementally: a compaction-like swap is read once, nothing counted twice', async () => {
    const day = days[1]!;
    const partition = path.join(lakeDir, TABLES, 'transaction_items', `dt=${day}`);
    const again = await refreshDayAggregates({ store, tablesPrefix: TABLES, day, skus });
    expect({ added: again.added, removed: again.removed, written: again.written }).toEqual({ added: 0, removed: 0, written: false });

    // What compaction does (docs/compaction.md): a merged file appears, the files it replaces are
    // listed as superseded in the hidden list. Here the "merge" of the day's one batch file is a copy.
    const [batch] = Object.keys(again.aggregates.sources);
    const merged = `${TABLES}transaction_items/dt=${day}/compact-test.parquet`;
    await copyFile(path.join(lakeDir, batch!), path.join(lakeDir, merged));
    await mkdir(path.join(lakeDir, TABLES, '_hidden', 'transaction_items', `dt=${day}`), { recursive: true });
    await writeFile(
      path.join(lakeDir, TABLES, '_hidden', 'transaction_items', `dt=${day}`, 'hidden.jsonl'),
      `${JSON.stringify({ file: batch, state: 'superseded', compaction: 'test', at: '2024-05-01T10:00:00Z' })}\n`,
    );
    const swapped = await refreshDayAggregates({ store, tablesPrefix: TABLES, day, skus });
    expect({ added: swapped.added, removed: swapped.removed, rebuilt: swapped.rebuilt }).toEqual({ added: 1, removed: 1, rebuilt: false });
    await expectSamePanels({ from: day, to: day });

    // The superseded file is deleted after the grace period: nothing to read, nothing changes.
    await rm(path.join(lakeDir, batch!));
    const afterDelete = await refreshDayAggregates({ store, tablesPrefix: TABLES, day, skus });
    expect(afterDelete.written).toBe(false);
    await expectSamePanels({ from: days[0]!, to: days[days.length - 1]! });
    expect(await readdir(partition)).toEqual(['compact-test.parquet']);
  });

  it('counts the files the streaming Lambda writes, then follows the real compaction, with the same numbers as the scan', async () => {
    const day = days[0]!;
    const handle = createIngestHandler({ store, manifest, clock: () => new Date(`${day}T23:59:00Z`) });
    const [s1, s2] = [...names.stores.keys()].sort();
    const [a, b] = [...skus.keys()].sort();
    const lines = [
      {
        transaction_id: 'AGG-LIVE-1',
        store_id: s1,
        transaction_datetime: `${day} 12:34:56`,
        items: [
          { sku_id: a, quantity: 3 },
          { sku_id: b, quantity: 1 },
        ],
      },
      { transaction_id: 'AGG-LIVE-2', store_id: s2, transaction_datetime: `${day} 23:58:01`, items: [{ sku_id: b, quantity: 2 }] },
    ];
    for (const [i, line] of lines.entries()) {
      const key = `incoming/${s1}/${day}/live-${i}.json`;
      const { etag } = await store.put(key, JSON.stringify(line));
      const [report] = await handle(s3PutEvent(key, etag));
      expect(report).toMatchObject({ outcome: 'landed', landed: 1 });
    }
    const r = await refreshDayAggregates({ store, tablesPrefix: TABLES, day, skus });
    expect({ added: r.added, removed: r.removed }).toEqual({ added: 2, removed: 0 });
    await expectSamePanels({ from: day, to: day });
    await expectSamePanels({ from: day, to: day, store: s2! });

    // The real compaction merges the two streamed files (batch files are left alone): the merged
    // file is read once, the two superseded ones once more to subtract them.
    const results = await compactTables(store, manifest, { settleMs: 0, graceMs: 600_000, tables: ['transaction_items'] });
    expect(results.find((p) => p.partition.includes(day))).toMatchObject({ inputFiles: 2, outputFiles: 1 });
    const c = await refreshDayAggregates({ store, tablesPrefix: TABLES, day, skus });
    expect({ added: c.added, removed: c.removed, rebuilt: c.rebuilt }).toEqual({ added: 1, removed: 2, rebuilt: false });
    await expectSamePanels({ from: day, to: day });
  });

  it('keeps the sums in memory between writes: the object is left as it was, the sums are those of a rebuild', async () => {
    const day = days[2]!;
    const base = await refreshDayAggregates({ store, tablesPrefix: TABLES, day, skus });
    const counted = Object.keys(base.aggregates.sources).length;
    const handle = createIngestHandler({ store, manifest, clock: () => new Date(`${day}T23:59:00Z`) });
    const [s1] = [...names.stores.keys()].sort();
    const [a] = [...skus.keys()].sort();
    const key = `incoming/${s1}/${day}/memory-1.json`;
    const { etag } = await store.put(
      key,
      JSON.stringify({ transaction_id: 'AGG-MEM-1', store_id: s1, transaction_datetime: `${day} 09:00:00`, items: [{ sku_id: a, quantity: 4 }] }),
    );
    expect((await handle(s3PutEvent(key, etag)))[0]).toMatchObject({ outcome: 'landed' });

    const kept = await refreshDayAggregates({ store, tablesPrefix: TABLES, day, skus, previous: base.aggregates, write: false });
    expect({ added: kept.added, written: kept.written }).toEqual({ added: 1, written: false });
    expect(Object.keys((await readDayAggregates(store, TABLES, day))!.sources)).toHaveLength(counted);
    // The totals updated in place equal those of every visible file read afresh.
    await rm(path.join(lakeDir, TABLES, '_aggregates', 'dashboard', `dt=${day}`), { recursive: true });
    const fresh = await refreshDayAggregates({ store, tablesPrefix: TABLES, day, skus });
    expect(fresh.added).toBe(counted + 1);
    expect(kept.aggregates.skus).toEqual(fresh.aggregates.skus);
    expect(kept.aggregates.sources).toEqual(fresh.aggregates.sources);

    // The reader writes a changing day at most every writeEveryMs (the first change at once), and
    // answers from memory between.
    const lazy = new AggregateReader({
      store,
      tablesPrefix: TABLES,
      engine,
      renderer: DUCKDB,
      clock: () => new Date('2024-05-01T10:00:00Z'),
      writeEveryMs: 3_600_000,
    });
    const land = async (n: number) => {
      const k = `incoming/${s1}/${day}/memory-${n}.json`;
      const put = await store.put(
        k,
        JSON.stringify({ transaction_id: `AGG-MEM-${n}`, store_id: s1, transaction_datetime: `${day} 09:0${n}:00`, items: [{ sku_id: a, quantity: 1 }] }),
      );
      expect((await handle(s3PutEvent(k, put.etag)))[0]).toMatchObject({ outcome: 'landed' });
    };
    const transactions = async () => Number((await lazy.rows('kpis', { from: day, to: day }))![0]!.transactions);
    const sourcesWritten = async () => Object.keys((await readDayAggregates(store, TABLES, day))!.sources).length;
    const before = await transactions();
    await land(2);
    expect(await transactions()).toBe(before + 1);
    expect(await sourcesWritten()).toBe(counted + 2);
    await land(3);
    expect(await transactions()).toBe(before + 2);
    expect(await sourcesWritten()).toBe(counted + 2);
    await expectSamePanels({ from: day, to: day });
  });

  it('rebuilds when the prices change', async () => {
    const day = days[2]!;
    const cheaper = new Map([...skus].map(([id, s]) => [id, { ...s, cents: s.cents + 1 }]));
    const rebuilt = await refreshDayAggregates({ store, tablesPrefix: TABLES, day, skus: cheaper });
    expect(rebuilt.rebuilt).toBe(true);
    const back = await refreshDayAggregates({ store, tablesPrefix: TABLES, day, skus });
    expect(back.rebuilt).toBe(true);
    await expectSamePanels({ from: day, to: day });
  });
});
