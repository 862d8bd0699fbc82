import { athenaTarget } from '../../src/targets/athena-target.js';
import { describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/compile-project.js';
import type { CatalogObject, CatalogSnapshot } from '../../src/engines/engine.js';
import { planSql } from '../../src/migrate/apply-migration.js';
import { desiredObjects } from '../../src/migrate/desired-objects.js';
import { describeChange, isDestructive, planMigration, type Change } from '../../src/migrate/migration-plan.js';
import { projectModels, testConfig, withModel, withoutModel } from '../support/project-files.js';
import type { ModelFile } from '../../src/compiler/parse-model.js';

const config = testConfig();

async function desiredFor(files: readonly ModelFile[]) {
  const { manifest, errors } = compileProject(files, config);
  expect(errors).toEqual([]);
  return desiredObjects(manifest!, config);
}

/** The catalog an engine would report after applying these models: the "before" state. */
async function catalogOf(files: readonly ModelFile[]): Promise<CatalogSnapshot> {
  const objects = new Map<string, CatalogObject>((await desiredFor(files)).map((d) => [d.name, d.object]));
  return { databaseExists: true, objects };
}

const summary = (changes: readonly Change[]) => changes.map(describeChange);

describe('planner: before catalog → after manifest → typed plan and SQL', async () => {
  const base = await projectModels();
  const txModel = base.find((f) => f.path === 'models/tables/transactions.sql')!;

  it('an empty Athena catalog: create the database, then every object in dependency order', async () => {
    const plan = planMigration(await desiredFor(base), { databaseExists: false, objects: new Map() });
    expect(summary(plan.changes)).toEqual([
      '+ create database',
      '+ create source pos_skus',
      '+ create table skus',
      '+ create source pos_stores',
      '+ create table supermarkets',
      '+ create source pos_transactions',
      '+ create table transaction_items__files',
      '+ create table transaction_items__hidden',
      '+ create view transaction_items',
      '+ create view sales_by_store',
      '+ create mart daily_store_sales',
      '+ create view hourly_sales',
      '+ create table transactions__files',
      '+ create table transactions__hidden',
      '+ create view transactions',
      '+ create view store_freshness',
      '+ create view top_skus',
      '+ create view transaction_totals',
    ]);
  });

  it('no change when the catalog matches', async () => {
    expect(planMigration(await desiredFor(base), await catalogOf(base)).changes).toEqual([]);
  });

  it('changed view SQL → replace that view only', async () => {
    const after = withModel(
      base,
      'models/views/top_skus.sql',
      base.find((f) => f.path === 'models/views/top_skus.sql')!.text.replace('sum(i.quantity) AS units', 'sum(i.quantity) AS units, count(*) AS lines'),
    );
    const plan = planMigration(await desiredFor(after), await catalogOf(base));
    expect(summary(plan.changes)).toEqual(['~ replace view top_skus']);
    const [sql] = planSql(plan, athenaTarget, config, 'b1');
    expect(sql!.sql).toHaveLength(1);
    expect(sql!.sql[0]).toMatch(/^CREATE OR REPLACE VIEW "shop"\."top_skus" COMMENT 'model\.sql_sha256=[0-9a-f]{64}' AS\n/);
    expect(sql!.sql[0]).toContain('count(*) AS lines');
  });

  it('new column → ALTER TABLE … ADD COLUMNS', async () => {
    const after = withModel(base, txModel.path, txModel.text.replace('  CAST(CAST(CAST(', '  CAST(t.store_id AS varchar) AS till_id,\n  CAST(CAST(CAST('));
    const plan = planMigration(await desiredFor(after), await catalogOf(base));
    // The data files' table gets the column; the view analysts query is replaced to expose it.
    expect(summary(plan.changes)).toEqual(['~ alter table transactions__files: add column till_id', '~ replace view transactions']);
    const [alter, view] = planSql(plan, athenaTarget, config, 'b1');
    expect(alter!.sql).toEqual(['ALTER TABLE `shop`.`transactions__files` ADD COLUMNS (`till_id` string)']);
    expect(view!.sql[0]).toContain('f.till_id');
  });

  it('changed projection range → ALTER TABLE … SET TBLPROPERTIES with only the changed keys', async () => {
    const before = await catalogOf(base);
    const desired = await desiredFor(base);
    const tx = before.objects.get('transactions__files') as Extract<CatalogObject, { kind: 'table' }>;
    const older = new Map(before.objects);
    older.set('transactions__files', { ...tx, properties: { ...tx.properties, 'projection.dt.range': '2023-06-01,NOW' } });
    const plan = planMigration(desired, { databaseExists: true, objects: older });
    expect(summary(plan.changes)).toEqual(['~ alter table transactions__files: set properties projection.dt.range']);
    expect(planSql(plan, athenaTarget, config, 'b1')[0]!.sql).toEqual([
      "ALTER TABLE `shop`.`transactions__files` SET TBLPROPERTIES ('projection.dt.range' = '2024-01-01,NOW')",
    ]);
  });

  it('removed column, retyped column, new partitioning and dropped models are destructive', async () => {
    const removed = withModel(
      base,
      txModel.path,
      txModel.text
        .replace(' freshness_by="store_id"', '')
        .replace('  CAST(t.store_id AS varchar) AS store_id,\n', '')
        .replace('{{test "relationship" "store_id" to="supermarkets.store_id"}}\n', ''),
    );
    const retyped = withModel(base, txModel.path, txModel.text.replace('CAST(t.store_id AS varchar) AS store_id', 'CAST(t.store_id AS integer) AS store_id'));
    const unpartitioned = withModel(base, txModel.path, txModel.text.replace(' partitioned_by="dt"', ''));
    const dropped = withoutModel(base, 'models/views/hourly_sales.sql');
    const plans = await Promise.all(
      [removed, retyped, unpartitioned, dropped].map(async (f) => summary(planMigration(await desiredFor(f), await catalogOf(base)).changes)),
    );
    expect(plans).toEqual([
      ['~ alter table transactions__files: replace columns (drop store_id) [destructive]', '~ replace view transactions'],
      ['~ alter table transactions__files: replace columns (retype store_id) [destructive]'],
      [
        '- drop and + create transactions: it is a view in the catalog but declared as a table [destructive]',
        '- drop table transactions__files [destructive]',
        '- drop table transactions__hidden [destructive]',
      ],
      ['- drop view hourly_sales [destructive]'],
    ]);
    // Replacing a view by a table drops the view with DROP VIEW, not DROP TABLE.
    const unpartitionedPlan = planMigration(await desiredFor(unpartitioned), await catalogOf(base));
    expect(planSql(unpartitionedPlan, athenaTarget, config, 'b1')[0]!.sql[0]).toBe('DROP VIEW IF EXISTS "shop"."transactions"');
  });

  // ALTER TABLE REPLACE COLUMNS is documented for LazySimpleSerDe tables only; the sources are JSON
  // (OpenX JsonSerDe). A source owns no data — its files are the raw input — so recreating it loses nothing.
  it('a source whose columns change is recreated (DROP + CREATE), not altered with REPLACE COLUMNS, and that is not destructive', async () => {
    const stores = base.find((f) => f.path === 'models/sources/pos_stores.sql')!;
    const after = withModel(
      base,
      stores.path,
      stores.text.replace('  store_location string\n', '  store_location string,\n  store_opened date\n').replace('  store_name string,\n', ''),
    );
    const supermarkets = base.find((f) => f.path === 'models/tables/supermarkets.sql')!;
    const files = withModel(
      after,
      supermarkets.path,
      supermarkets.text.replace('  CAST(s.store_name AS varchar) AS store_name,\n', '  CAST(s.store_id AS varchar) AS store_name,\n'),
    );
    const plan = planMigration(await desiredFor(files), await catalogOf(base));
    expect(summary(plan.changes)).toEqual(['~ recreate source pos_stores: its columns change (drop store_name; add store_opened); a source owns no data']);
    expect(plan.changes.filter(isDestructive)).toEqual([]);
    const sql = planSql(plan, athenaTarget, config, 'b1')[0]!.sql;
    expect(sql[0]).toBe('DROP TABLE IF EXISTS `shop`.`pos_stores`');
    expect(sql[1]).toMatch(/^CREATE EXTERNAL TABLE `shop`.`pos_stores`/);
    expect(sql.join('\n')).not.toMatch(/REPLACE COLUMNS/);
  });

  it('a declared table whose catalog entry has a type no Athena table has is recreated; an undeclared one never stops the plan', async () => {
    const before = await catalogOf(base);
    const objects = new Map(before.objects);
    const stores = objects.get('pos_stores') as Extract<CatalogObject, { kind: 'table' }>;
    objects.set('pos_stores', { ...stores, unreadable: 'Glue table pos_stores, column x: type "uniontype<int>"' });
    objects.set('someone_elses', {
      kind: 'table',
      name: 'someone_elses',
      columns: [],
      partitionKeys: [],
      location: 's3://other/',
      properties: {},
      unreadable: 'column u: type "uniontype<int>"',
    });
    const plan = planMigration(await desiredFor(base), { databaseExists: true, objects });
    expect(summary(plan.changes)).toEqual([
      '~ recreate source pos_stores: its catalog entry has a column type no Athena table has (Glue table pos_stores, column x: type "uniontype<int>"); a source owns no data',
    ]);
    expect(plan.changes.filter(isDestructive)).toEqual([]);
  });

  it('a changed mart query rebuilds the mart into a new, unique location', async () => {
    const mart = base.find((f) => f.path === 'models/marts/daily_store_sales.sql')!;
    const after = withModel(base, mart.path, mart.text.replace('GROUP BY store_id', '-- grouped\nGROUP BY store_id'));
    const plan = planMigration(await desiredFor(after), await catalogOf(base));
    expect(summary(plan.changes)).toEqual(['~ rebuild mart daily_store_sales (its query changed)']);
    const statements = planSql(plan, athenaTarget, config, '20241125T100000')[0]!.sql;
    const [drop, create] = statements;
    expect(drop).toBe('DROP TABLE IF EXISTS `shop`.`daily_store_sales`');
    // Issue 13.1: no CTAS (an enforced workgroup rejects external_location); an external table at the build's own location.
    expect(statements).toHaveLength(2);
    expect(create).toMatch(/^CREATE EXTERNAL TABLE `shop`.`daily_store_sales` \(/);
    expect(create).toContain("LOCATION 's3://shop-lake/tables/daily_store_sales/build=20241125T100000/'");
    expect(create).toMatch(/'model.sql_sha256' = '[0-9a-f]{64}'/);
    expect(create).not.toContain('external_location');
  });

  it('a view stored with other whitespace is not a change', async () => {
    const before = await catalogOf(base);
    const objects = new Map(before.objects);
    const v = objects.get('top_skus') as Extract<CatalogObject, { kind: 'view' }>;
    objects.set('top_skus', { ...v, sql: `  ${v.sql.replace(/\n/g, '\n\n   ')}  ` });
    expect(planMigration(await desiredFor(base), { databaseExists: true, objects }).changes).toEqual([]);
  });
});
