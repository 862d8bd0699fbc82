import type { ModelFile } from '../../src/compiler/parse-model.js';

/**
 * `count` generated models beside the project's own, for the compile benchmark: every tenth a
 * partitioned table mapped from the `pos.transactions` source (like `models/tables/transactions.sql`),
 * the rest views joining two earlier models through `{{ref}}`, so the dependency graph is deep and
 * wide. Every model has the same four columns, so any model can be built on any other. Deterministic
 * for a `variant`; another variant changes a literal in every view, so that no rendered statement
 * is the same (the renderer memoizes formatting: a new variant measures new models, not cache hits).
 *
 * `viewsRead: 'tables'` (the peers suite) has each view join two earlier *tables* instead, so that
 * every view the suite counts rows of is one join of two tables, whatever its place in the graph:
 * the correctness check stays cheap. The graph is then wide, not deep.
 * It also writes the hour filter as the equivalent `ts >= TIMESTAMP …` (the bound is on the hour):
 * SQLMesh 0.236.4's sqlglot 30.8.0 fails on `date_trunc(…) >= TIMESTAMP …` ('Simplifier' object
 * has no attribute 'type').
 */
export function syntheticModels(count: number, variant = 0, options: { readonly viewsRead?: 'models' | 'tables' } = {}): ModelFile[] {
  const files: ModelFile[] = [];
  const names: string[] = [];
  const tables: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = String(i).padStart(4, '0');
    if (i % 10 === 0) {
      const name = `gen_table_${n}`;
      files.push({
        path: `models/generated/${name}.sql`,
        text: `{{config materialized="table" partitioned_by="dt" description="Generated table ${n}."}}
-- variant ${variant}
{{test "not_null" "transaction_id"}}
SELECT
  CAST(t.transaction_id AS varchar) AS transaction_id,
  CAST(t.store_id AS varchar) AS store_id,
  CAST(t.transaction_datetime AS timestamp) AS transaction_datetime,
  CAST(CAST(CAST(t.transaction_datetime AS timestamp) AS date) AS varchar) AS dt
FROM {{source "pos" "transactions"}} AS t
`,
      });
      names.push(name);
      tables.push(name);
      continue;
    }
    const name = `gen_view_${n}`;
    // Two earlier models: the one just before (a long chain) and one further back (fan-in).
    const pool = options.viewsRead === 'tables' ? tables : names;
    const a = pool[pool.length - 1] as string;
    const b = pool[(i * 7919) % pool.length] as string;
    files.push({
      path: `models/generated/${name}.sql`,
      text: `{{config materialized="view" description="Generated view ${n} over ${a} and ${b}."}}
SELECT
  a.transaction_id,
  a.store_id,
  a.transaction_datetime,
  a.dt
FROM {{ref "${a}"}} AS a
JOIN {{ref "${b}"}} AS b ON b.transaction_id = a.transaction_id AND b.dt = a.dt
WHERE a.store_id <> 'STORE${String(i % 10_000).padStart(4, '0')}-${variant}'
  AND ${options.viewsRead === 'tables' ? 'a.transaction_datetime' : "date_trunc('hour', a.transaction_datetime)"} >= TIMESTAMP '2024-01-01 00:00:00'
`,
    });
    names.push(name);
  }
  return files;
}
