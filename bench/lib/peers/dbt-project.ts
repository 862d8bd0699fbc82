import type { DataTest } from '../../../src/manifest/manifest.js';
import type { PeerModel } from './peer-models.js';

/** The dbt project name and profile. */
export const DBT_PROJECT = 'lakehouse_peers';

/**
 * Our models as a dbt-core + dbt-duckdb project, as file contents keyed by project-relative path:
 * one model file per model (`{{ ref() }}` for what it reads), their data tests in `models/schema.yml`
 * (dbt's `not_null`, `unique`, `relationships`, and `accepted_range` as a generic test of the
 * project, since dbt_utils would need the package hub), and a profile on `database` (a DuckDB file).
 * YAML is written as JSON, which YAML parsers read.
 */
export function dbtProjectFiles(models: readonly PeerModel[], database: string): Map<string, string> {
  const files = new Map<string, string>();
  files.set(
    'dbt_project.yml',
    json({
      name: DBT_PROJECT,
      version: '1.0.0',
      'config-version': 2,
      profile: DBT_PROJECT,
      'model-paths': ['models'],
      'macro-paths': ['macros'],
      'target-path': 'target',
      models: { [DBT_PROJECT]: { '+materialized': 'view' } },
    }),
  );
  // One thread: our build runs model after model too. Trino's session semantics, as our local engine sets them.
  files.set(
    'profiles.yml',
    json({
      [DBT_PROJECT]: {
        target: 'bench',
        outputs: { bench: { type: 'duckdb', path: database, threads: 1, settings: { TimeZone: 'UTC', integer_division: true } } },
      },
    }),
  );
  files.set('macros/accepted_range.sql', ACCEPTED_RANGE_TEST);
  for (const m of models) {
    const config = m.materialized === 'table' ? "{{ config(materialized='table') }}\n" : '';
    files.set(`models/${m.name}.sql`, `-- From ${m.path}.\n${config}${m.sql((name) => `{{ ref('${name}') }}`)}\n`);
  }
  files.set(
    'models/schema.yml',
    json({ version: 2, models: models.map((m) => ({ name: m.name, description: m.description, columns: testedColumns(m.tests) })) }),
  );
  return files;
}

function testedColumns(tests: readonly DataTest[]): { name: string; data_tests: unknown[] }[] {
  const byColumn = new Map<string, unknown[]>();
  for (const t of tests) {
    const list = byColumn.get(t.column) ?? [];
    byColumn.set(t.column, list);
    switch (t.kind) {
      case 'not_null':
      case 'unique':
        list.push(t.kind);
        break;
      case 'relationship':
        list.push({ relationships: { arguments: { to: `ref('${t.toModel}')`, field: t.toColumn } } });
        break;
      case 'accepted_range':
        list.push({
          accepted_range: { arguments: { ...(t.min !== undefined ? { min_value: t.min } : {}), ...(t.max !== undefined ? { max_value: t.max } : {}) } },
        });
        break;
    }
  }
  return [...byColumn].map(([name, data_tests]) => ({ name, data_tests }));
}

/** Our accepted_range: a row fails when the column is below the minimum or above the maximum (NULL passes). */
const ACCEPTED_RANGE_TEST = `{% test accepted_range(model, column_name, min_value=none, max_value=none) %}
select * from {{ model }}
where false
{%- if min_value is not none %} or {{ column_name }} < {{ min_value }}{% endif %}
{%- if max_value is not none %} or {{ column_name }} > {{ max_value }}{% endif %}
{% endtest %}
`;

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
