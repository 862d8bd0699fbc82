import { describe, expect, it } from 'vitest';
import { dbtProjectFiles } from '../../bench/lib/peers/dbt-project.js';
import { peerModels } from '../../bench/lib/peers/peer-models.js';
import { sqlmeshProjectFiles } from '../../bench/lib/peers/sqlmesh-project.js';
import { syntheticModels } from '../../bench/lib/synthetic-models.js';
import { compileProject } from '../../src/compiler/compile-project.js';
import { projectConfig, projectModels } from '../support/project-files.js';

// The translation only: the installed peers run in `npm run bench -- peers`, which also checks row counts.
describe('our models as dbt and SQLMesh projects', async () => {
  const config = projectConfig();
  const files = [...(await projectModels()), ...syntheticModels(30, 1, { viewsRead: 'tables' })];
  const { manifest, errors } = compileProject(files, config);
  const models = peerModels(files, manifest!, config, "/data/o'lake");
  const dbt = dbtProjectFiles(models, '/w/dbt/warehouse.duckdb');
  const sqlmesh = sqlmeshProjectFiles(models, '/w/sqlmesh/warehouse.duckdb');

  it('translates every model, sources first as views', () => {
    expect(errors).toEqual([]);
    expect(models.map((m) => m.name)).toEqual(manifest!.models.map((m) => m.name));
    expect(models.find((m) => m.name === 'pos_transactions')!.materialized).toBe('view');
    expect(models.filter((m) => m.materialized === 'table').map((m) => m.name)).toEqual(
      expect.arrayContaining(['transactions', 'transaction_items', 'daily_store_sales', 'gen_table_0000']),
    );
  });

  it('reads the raw JSON at the given lake path, quoted', () => {
    const sql = models.find((m) => m.name === 'pos_transactions')!.sql(() => 'unused');
    expect(sql).toMatch(/^SELECT \* FROM read_json\('\/data\/o''lake' \|\| '\/raw\/transactions\/\*\*\/\*\.jsonl'/);
    expect(sql).not.toContain('getvariable');
  });

  it('writes a dbt project: profile, one file per model with ref(), tests in schema.yml', () => {
    expect(JSON.parse(dbt.get('profiles.yml')!).lakehouse_peers.outputs.bench).toMatchObject({ type: 'duckdb', path: '/w/dbt/warehouse.duckdb', threads: 1 });
    expect(dbt.get('models/transactions.sql')).toContain("{{ config(materialized='table') }}");
    expect(dbt.get('models/transactions.sql')).toContain("FROM {{ ref('pos_transactions') }} AS t");
    expect(dbt.get('models/transaction_items.sql')).toContain('CROSS JOIN LATERAL (SELECT unnest(t.items) AS item) AS i');
    expect(dbt.get('models/sales_by_store.sql')).toContain("JOIN {{ ref('skus') }} AS k ON k.sku_id = i.sku_id");
    expect(dbt.get('models/gen_view_0001.sql')).not.toContain('config(');
    const schema = JSON.parse(dbt.get('models/schema.yml')!) as { models: { name: string; columns: { name: string; data_tests: unknown[] }[] }[] };
    const transactions = schema.models.find((m) => m.name === 'transactions')!;
    expect(transactions.columns.find((c) => c.name === 'transaction_id')!.data_tests).toEqual(['unique', 'not_null']);
    expect(transactions.columns.find((c) => c.name === 'store_id')!.data_tests).toEqual([
      { relationships: { arguments: { to: "ref('supermarkets')", field: 'store_id' } } },
    ]);
    expect(dbt.get('macros/accepted_range.sql')).toContain('{% test accepted_range(model, column_name, min_value=none, max_value=none) %}');
    expect([...dbt.keys()].filter((k) => k.startsWith('models/') && k.endsWith('.sql'))).toHaveLength(models.length);
  });

  it('writes a SQLMesh project: config, MODEL headers with kinds and audits, relationship audits', () => {
    expect(JSON.parse(sqlmesh.get('config.yaml')!).gateways.bench.connection).toMatchObject({ type: 'duckdb', database: '/w/sqlmesh/warehouse.duckdb' });
    const transactions = sqlmesh.get('models/transactions.sql')!;
    expect(transactions).toContain('name peers.transactions,\n  kind FULL,\n  depends_on [peers.supermarkets],');
    expect(transactions).toContain(
      'audits (unique_values(columns := (transaction_id)), not_null(columns := (transaction_id)), not_null(columns := (transaction_datetime)), relationship__transactions__store_id)',
    );
    expect(transactions).toContain('FROM peers.pos_transactions AS t');
    expect(sqlmesh.get('models/hourly_sales.sql')).toContain('kind VIEW,');
    expect(sqlmesh.get('audits/relationship__transactions__store_id.sql')).toContain(
      'LEFT JOIN peers.supermarkets AS parent ON child.store_id = parent.store_id',
    );
    expect(sqlmesh.get('models/skus.sql')).toMatch(/accepted_range\(column := price, min_v := \d/);
  });

  it('gives the generated views, in the peers variant, two tables to join', () => {
    const view = sqlmesh.get('models/gen_view_0011.sql')!;
    expect(view).toContain('FROM peers.gen_table_0010 AS a');
    expect(view).toMatch(/JOIN peers\.gen_table_00\d0 AS b/);
  });
});
