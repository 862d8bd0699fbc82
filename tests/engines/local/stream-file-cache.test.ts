import { readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLocalBackfill } from '../../../src/batch/local-backfill.js';
import { compactTables } from '../../../src/compaction/compact-table.js';
import { compileProject } from '../../../src/compiler/compile-project.js';
import { LocalEngine } from '../../../src/engines/local/local-engine.js';
import type { Manifest } from '../../../src/manifest/manifest.js';
import { applyMigration } from '../../../src/migrate/apply-migration.js';
import { desiredObjects } from '../../../src/migrate/desired-objects.js';
import { planMigration } from '../../../src/migrate/migration-plan.js';
import { LocalObjectStore } from '../../../src/storage/local-object-store.js';
import { createIngestHandler } from '../../../src/streaming/ingest-handler.js';
import { localTarget } from '../../../src/targets/local-target.js';
import { makeTempLake, migratedEngine, writeFixtureRaw } from '../../support/fixture-lake.js';
import { projectConfig, projectModels, withModel } from '../../support/project-files.js';
import { s3PutEvent } from '../../support/s3-event.js';

const config = projectConfig();

/**
 * The engine reads streamed files' rows from its in-memory cache (stream-file-cache.ts). Its answers
 * must be the answers of reading the files: checked against an engine that reads every file by one
 * `union_by_name` glob (an environment's engine: its views keep the catalog's own SQL), while files
 * land, a real compaction merges and deletes them, and migrate adds a column.
 */
describe('the stream file cache answers as reading the files does', () => {
  let lake: string;
  let manifest: Manifest;
  let engine: LocalEngine;
  let landed = 0;

  beforeAll(async () => {
    manifest = compileProject(await projectModels(), config).manifest!;
    lake = await makeTempLake();
    await writeFixtureRaw(lake);
    engine = await migratedEngine(lake, manifest, config);
    await runLocalBackfill(engine, manifest, config, { runId: 'fixture' });
  });
  afterAll(() => engine?.close());

  /** Lands `n` one-transaction objects of `day` through the real ingest handler (one stream file each per table). */
  async function land(day: string, n: number, m: Manifest = manifest): Promise<void> {
    const store = new LocalObjectStore(lake);
    const handle = createIngestHandler({ store, manifest: m });
    for (let i = 0; i < n; i++, landed++) {
      const key = `incoming/S1/${day}/c-${landed}.json`;
      const body = JSON.stringify({
        transaction_id: `C${landed}`,
        store_id: `S${1 + (landed % 2)}`,
        transaction_datetime: `${day} 10:${String(landed % 60).padStart(2, '0')}:00`,
        items: [
          { sku_id: 'A', quantity: 1 + (landed % 3) },
          { sku_id: 'B', quantity: 1 },
        ],
      });
      const { etag } = await store.put(key, body);
      await handle(s3PutEvent(key, etag));
    }
  }

  const QUERIES = [
    'SELECT * FROM transactions ORDER BY transaction_id',
    'SELECT * FROM transaction_items ORDER BY transaction_id, sku_id',
    "SELECT dt, count(*) AS n, sum(quantity) AS units FROM transaction_items WHERE dt = '2024-04-10' GROUP BY dt",
    'SELECT file, count(*) AS n FROM transactions__files GROUP BY file ORDER BY file',
    'SELECT * FROM sales_by_store ORDER BY dt, store_id',
  ];

  async function expectSameAsPlainRead(): Promise<void> {
    const plain = await LocalEngine.open({ lakeDir: lake, environment: 'plain' });
    try {
      for (const sql of QUERIES) expect((await engine.query(sql)).rows, sql).toEqual((await plain.query(sql)).rows);
    } finally {
      await plain.close();
    }
  }

  const cachedRows = async () => Number((await engine.query('SELECT count(*) AS n FROM stream_cache.transactions__files')).rows[0]!.n);
  const streamFiles = async (day: string) => (await readdir(path.join(lake, 'tables/transactions', `dt=${day}`))).filter((f) => f.startsWith('stream-')).length;

  it('files landing: in the next answer, beside a backfilled day and in a new day', async () => {
    await land('2024-04-10', 6);
    await land('2024-04-12', 8);
    await expectSameAsPlainRead();
    expect(await cachedRows()).toBe(14);
    await land('2024-04-12', 3);
    await expectSameAsPlainRead();
    expect((await engine.query("SELECT count(*) AS n FROM transactions WHERE dt = '2024-04-12'")).rows).toEqual([{ n: '11' }]);
    expect(await cachedRows()).toBe(17);
  });

  it('a real compaction: merged files read from disk, the small ones evicted, nothing doubled', async () => {
    const before = (await engine.query('SELECT count(*) AS n, sum(quantity) AS u FROM transaction_items')).rows;
    await compactTables(new LocalObjectStore(lake), manifest, { settleMs: 0, graceMs: 0, olderThanMs: 0 });
    expect(await streamFiles('2024-04-12')).toBe(0);
    await expectSameAsPlainRead();
    expect((await engine.query('SELECT count(*) AS n, sum(quantity) AS u FROM transaction_items')).rows).toEqual(before);
    expect(await cachedRows()).toBe(0);
    await land('2024-04-12', 2);
    await expectSameAsPlainRead();
    expect(await cachedRows()).toBe(2);
  });

  it('a column added by migrate: old cached rows read it as NULL, a file of the new schema gives its values', async () => {
    const tx = (await projectModels()).find((f) => f.path === 'models/tables/transactions.sql')!;
    const files = withModel(
      await projectModels(),
      tx.path,
      tx.text.replace('  CAST(CAST(CAST(', '  CAST(t.store_id AS varchar) AS till_id,\n  CAST(CAST(CAST('),
    );
    const changed = compileProject(files, config).manifest!;
    await applyMigration(planMigration(desiredObjects(changed, config), await engine.readCatalog()), localTarget, engine, config, {
      allowDestructive: false,
      buildId: 't',
    });
    await land('2024-04-12', 2, changed);
    await expectSameAsPlainRead();
    expect((await engine.query("SELECT count(*) AS n, count(till_id) AS tills FROM transactions WHERE dt = '2024-04-12'")).rows).toEqual([
      { n: '15', tills: '2' },
    ]);
  });

  it('an unreadable streamed file fails every query, naming it, in this engine and a fresh one, until it is gone', async () => {
    const bad = path.join(lake, 'tables/transactions/dt=2024-04-12/stream-unreadable.parquet');
    await writeFile(bad, 'not parquet at all');
    await expect(engine.query('SELECT count(*) AS n FROM transactions')).rejects.toThrow(/stream-unreadable\.parquet/);
    const fresh = await LocalEngine.open({ lakeDir: lake });
    try {
      expect(fresh.brokenObjects().size).toBe(0);
      await expect(fresh.query('SELECT count(*) AS n FROM transactions')).rejects.toThrow(/stream-unreadable\.parquet/);
      await rm(bad);
      expect((await fresh.query('SELECT count(*) AS n FROM transactions')).rows).toEqual((await engine.query('SELECT count(*) AS n FROM transactions')).rows);
    } finally {
      await fresh.close();
    }
    await expectSameAsPlainRead();
  });

  it('a query re-plans only the objects it reads: a poll of transactions leaves the items files for the next query that reads them', async () => {
    // duckdb_tables() sees the cache table without naming it: a query naming it would load it.
    const itemRows = async () =>
      Number(
        (
          await engine.query(
            "SELECT estimated_size AS n FROM duckdb_tables() WHERE schema_name = 'stream_cache' AND table_name = 'transaction' || '_items__files'",
          )
        ).rows[0]!.n,
      );
    const before = await itemRows();
    await land('2024-04-13', 3);
    expect((await engine.query("SELECT count(*) AS n FROM transactions WHERE dt = '2024-04-13'")).rows).toEqual([{ n: '3' }]);
    expect(await itemRows()).toBe(before);
    // sales_by_store reads transaction_items through its own SQL: the closure finds it.
    expect((await engine.query("SELECT sum(transactions) AS n FROM sales_by_store WHERE dt = '2024-04-13'")).rows).toEqual([{ n: '3' }]);
    expect(await itemRows()).toBe(before + 6);
    await expectSameAsPlainRead();
  });
});
