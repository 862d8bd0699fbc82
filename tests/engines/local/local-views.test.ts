import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLocalBackfill } from '../../../src/batch/local-backfill.js';
import { compileProject } from '../../../src/compiler/compile-project.js';
import { planStatements } from '../../../src/compiler/statement.js';
import { duckdbRenderer } from '../../../src/dialects/duckdb/duckdb-renderer.js';
import type { LocalEngine } from '../../../src/engines/local/local-engine.js';
import type { Manifest } from '../../../src/manifest/manifest.js';
import { makeTempLake, migratedEngine, writeFixtureRaw } from '../../support/fixture-lake.js';
import { projectConfig, projectModels } from '../../support/project-files.js';

describe('rendered DuckDB SQL on a real DuckDB over a fixture lake', () => {
  const config = projectConfig();
  let engine: LocalEngine;
  let manifest: Manifest;

  beforeAll(async () => {
    manifest = compileProject(await projectModels(), config).manifest!;
    const lake = await makeTempLake();
    await writeFixtureRaw(lake);
    engine = await migratedEngine(lake, manifest, config);
    await runLocalBackfill(engine, manifest, config, { runId: 'fixture' });
  });
  afterAll(() => engine?.close());

  const rows = async (sql: string) => (await engine.query(sql)).rows;

  it('sales_by_store: transactions, items and revenue (Σ quantity × price) per store and day', async () => {
    expect(await rows('SELECT * FROM sales_by_store ORDER BY dt, store_id')).toEqual([
      { store_id: 'S1', store_name: 'Alpha', dt: '2024-04-10', transactions: '2', items: '6', revenue: '17.97' },
      { store_id: 'S2', store_name: 'Beta', dt: '2024-04-10', transactions: '1', items: '1', revenue: '2.50' },
      { store_id: 'S1', store_name: 'Alpha', dt: '2024-04-11', transactions: '1', items: '3', revenue: '20.99' },
    ]);
  });

  it('top_skus: units and revenue per sku, store and day', async () => {
    expect(await rows('SELECT sku_id, product_name, store_id, dt, units, revenue FROM top_skus ORDER BY dt, store_id, sku_id')).toEqual([
      { sku_id: 'A', product_name: 'Apples 1kg', store_id: 'S1', dt: '2024-04-10', units: '2', revenue: '5.00' },
      { sku_id: 'B', product_name: 'Butter 500g', store_id: 'S1', dt: '2024-04-10', units: '1', revenue: '10.00' },
      { sku_id: 'C', product_name: 'Cola 33cl', store_id: 'S1', dt: '2024-04-10', units: '3', revenue: '2.97' },
      { sku_id: 'A', product_name: 'Apples 1kg', store_id: 'S2', dt: '2024-04-10', units: '1', revenue: '2.50' },
      { sku_id: 'B', product_name: 'Butter 500g', store_id: 'S1', dt: '2024-04-11', units: '2', revenue: '20.00' },
      { sku_id: 'C', product_name: 'Cola 33cl', store_id: 'S1', dt: '2024-04-11', units: '1', revenue: '0.99' },
    ]);
  });

  it('hourly_sales: revenue per store and hour', async () => {
    expect(await rows('SELECT store_id, hour, transactions, revenue FROM hourly_sales ORDER BY hour, store_id')).toEqual([
      { store_id: 'S1', hour: '2024-04-10 09:00:00', transactions: '2', revenue: '17.97' },
      { store_id: 'S2', hour: '2024-04-10 18:00:00', transactions: '1', revenue: '2.50' },
      { store_id: 'S1', hour: '2024-04-11 12:00:00', transactions: '1', revenue: '20.99' },
    ]);
  });

  it('transaction_totals: item count and total amount per transaction', async () => {
    expect(
      await rows('SELECT transaction_id, store_id, transaction_datetime, dt, item_count, total_amount FROM transaction_totals ORDER BY transaction_id'),
    ).toEqual([
      { transaction_id: 'T1', store_id: 'S1', transaction_datetime: '2024-04-10 09:15:00', dt: '2024-04-10', item_count: '3', total_amount: '15.00' },
      { transaction_id: 'T2', store_id: 'S1', transaction_datetime: '2024-04-10 09:45:00', dt: '2024-04-10', item_count: '3', total_amount: '2.97' },
      { transaction_id: 'T3', store_id: 'S2', transaction_datetime: '2024-04-10 18:05:00', dt: '2024-04-10', item_count: '1', total_amount: '2.50' },
      { transaction_id: 'T4', store_id: 'S1', transaction_datetime: '2024-04-11 12:00:00', dt: '2024-04-11', item_count: '3', total_amount: '20.99' },
    ]);
  });

  it('daily_store_sales mart: materialized as dt-partitioned Parquet with the same numbers', async () => {
    expect(await rows('SELECT store_id, dt, transactions, items, revenue FROM daily_store_sales ORDER BY dt, store_id')).toEqual([
      { store_id: 'S1', dt: '2024-04-10', transactions: '2', items: '6', revenue: '17.97' },
      { store_id: 'S2', dt: '2024-04-10', transactions: '1', items: '1', revenue: '2.50' },
      { store_id: 'S1', dt: '2024-04-11', transactions: '1', items: '3', revenue: '20.99' },
    ]);
  });

  it('the mart refresh query returns exactly the window it is given', async () => {
    const refresh = planStatements(manifest).find((s) => s.kind === 'refresh_partitions')!;
    const sql = duckdbRenderer(config).render(refresh)!;
    const result = await engine.query(sql.replace(/;\s*$/, ''), ['2024-04-11', '2024-04-11']);
    expect(result.rows.map((r) => [r.store_id, r.dt, r.revenue])).toEqual([['S1', '2024-04-11', '20.99']]);
  });

  it('every data test runs and passes on clean data', async () => {
    const r = duckdbRenderer(config);
    const tests = planStatements(manifest).filter((s) => s.kind === 'data_test');
    expect(tests.length).toBeGreaterThan(10);
    for (const t of tests) expect((await engine.query(r.render(t)!)).rows, t.kind === 'data_test' ? t.name : '').toEqual([{ failures: '0' }]);
  });

  it('a data test reports the failing rows when the data breaks it', async () => {
    const r = duckdbRenderer(config);
    const relationship = planStatements(manifest).find((s) => s.kind === 'data_test' && s.name === 'transaction_items__relationship__sku_id__skus')!;
    // Rewrite the test against a view with one orphan sku, keeping the rendered SQL otherwise as is.
    await engine.execute(
      `CREATE OR REPLACE VIEW items_with_orphan AS SELECT * FROM transaction_items UNION ALL SELECT 'T9', 'ZZZ', 1, 'S1', TIMESTAMP '2024-04-11 12:00:00', '2024-04-11'`,
    );
    const sql = r.render(relationship)!.replace('FROM\n  transaction_items AS child', 'FROM\n  items_with_orphan AS child');
    expect(sql).toContain('items_with_orphan');
    expect((await engine.query(sql)).rows).toEqual([{ failures: '1' }]);
  });
});
