import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateHistory } from '../../producer/history/generate-history.js';
import { runLocalBackfill } from '../../src/batch/local-backfill.js';
import { compileProject } from '../../src/compiler/compile-project.js';
import type { LocalEngine } from '../../src/engines/local/local-engine.js';
import { LocalObjectStore } from '../../src/storage/local-object-store.js';
import { makeTempLake, migratedEngine } from '../support/fixture-lake.js';
import { projectConfig, projectModels } from '../support/project-files.js';

const config = projectConfig();
const manifest = compileProject(await projectModels(), config).manifest!;

describe('local backfill of a generated history', () => {
  let lake: string;
  let engine: LocalEngine;
  let generated: Awaited<ReturnType<typeof generateHistory>>;

  beforeAll(async () => {
    lake = await makeTempLake('backfill-');
    generated = await generateHistory(
      { transactions: 20_000, days: 7, stores: 3, skus: 500, endDate: '2024-04-14' },
      { store: new LocalObjectStore(lake), clock: () => new Date('2024-04-15T00:00:00Z') },
    );
    engine = await migratedEngine(lake, manifest, config);
    await runLocalBackfill(engine, manifest, config, { runId: 'first' });
  });

  const one = async (sql: string) => (await engine.query(sql)).rows[0]!;

  it('row counts and Σ quantity equal the raw logs', async () => {
    const raw = await one(
      `SELECT count(*) AS n, sum(len(items)) AS lines, sum(list_sum(list_transform(items, x -> x.quantity))) AS units FROM pos_transactions`,
    );
    expect(Number(raw.n)).toBe(generated.transactions);
    expect(Number(raw.lines)).toBe(generated.items);
    expect(Number(raw.units)).toBe(generated.units);
    expect(Number((await one('SELECT count(*) AS n FROM transactions')).n)).toBe(20_000);
    const items = await one('SELECT count(*) AS n, sum(quantity) AS q FROM transaction_items');
    expect([Number(items.n), Number(items.q)]).toEqual([generated.items, generated.units]);
    expect(Number((await one('SELECT count(*) AS n FROM skus')).n)).toBe(500);
    expect(Number((await one('SELECT count(*) AS n FROM supermarkets')).n)).toBe(3);
  });

  it('writes one folder per day, named dt=YYYY-MM-DD', async () => {
    for (const table of ['transactions', 'transaction_items']) {
      const dirs = (await readdir(path.join(lake, 'tables', table))).sort();
      expect(dirs).toEqual(['dt=2024-04-08', 'dt=2024-04-09', 'dt=2024-04-10', 'dt=2024-04-11', 'dt=2024-04-12', 'dt=2024-04-13', 'dt=2024-04-14']);
    }
  });

  it('writes INT64 timestamp millis and INT64 decimals, the types Athena reads', async () => {
    const ts = await one(
      `SELECT type, converted_type, logical_type FROM parquet_schema('${lake}/tables/transactions/*/*.parquet') WHERE name = 'transaction_datetime' LIMIT 1`,
    );
    expect(ts).toEqual({ type: 'INT64', converted_type: 'TIMESTAMP_MILLIS', logical_type: expect.stringContaining('MILLIS') });
    const price = await one(`SELECT type, converted_type, scale, precision FROM parquet_schema('${lake}/tables/skus/*.parquet') WHERE name = 'price'`);
    expect(price).toEqual({ type: 'INT64', converted_type: 'DECIMAL', scale: '2', precision: '10' });
  });

  it('a second backfill leaves the counts unchanged (it replaces its own files)', async () => {
    const before = await one('SELECT count(*) AS n, sum(quantity) AS q FROM transaction_items');
    await runLocalBackfill(engine, manifest, config, { runId: 'second' });
    expect(await one('SELECT count(*) AS n, sum(quantity) AS q FROM transaction_items')).toEqual(before);
    expect(Number((await one('SELECT count(*) AS n FROM transactions')).n)).toBe(20_000);
    // No staging folder is left behind where a reader could see it.
    expect((await readdir(path.join(lake, 'tables'))).filter((d) => d.startsWith('.staging'))).toEqual([]);
  });
});
