import type { DataTest } from '../../../src/manifest/manifest.js';
import type { PeerModel } from './peer-models.js';

/** The schema of the peer models in SQLMesh (its production environment's virtual layer). */
export const SQLMESH_SCHEMA = 'peers';

/**
 * Our models as a SQLMesh project on DuckDB, as file contents keyed by project-relative path: one
 * model file per model (`kind VIEW` or `FULL`, references as `peers.<name>`), the data tests as
 * SQLMesh audits (built-in `not_null`, `unique_values`, `accepted_range`; a relationship as an audit
 * of the project), and `config.yaml` on `database` (a DuckDB file) with changes auto-categorized so
 * that `sqlmesh plan --auto-apply` needs no prompt. YAML is written as JSON, which YAML parsers read.
 */
export function sqlmeshProjectFiles(models: readonly PeerModel[], database: string): Map<string, string> {
  const files = new Map<string, string>();
  files.set(
    'config.yaml',
    json({
      gateways: { bench: { connection: { type: 'duckdb', database, connector_config: { TimeZone: 'UTC', integer_division: true } } } },
      default_gateway: 'bench',
      model_defaults: { dialect: 'duckdb', start: '2024-01-01' },
      plan: { auto_categorize_changes: { external: 'full', python: 'full', sql: 'full', seed: 'full' } },
    }),
  );
  for (const m of models) {
    const audits = m.tests.map((t) => audit(m.name, t));
    for (const t of m.tests) if (t.kind === 'relationship') files.set(`audits/${relationshipAudit(m.name, t)}.sql`, relationshipAuditSql(m.name, t));
    // A relationship audit reads its parent; declared, the parent is built first and the audit reads
    // its physical table (otherwise it reads the virtual layer, which the first plan creates last).
    const parents = [...new Set(m.tests.flatMap((t) => (t.kind === 'relationship' ? [`${SQLMESH_SCHEMA}.${t.toModel}`] : [])))];
    const header = [
      'MODEL (',
      `  name ${SQLMESH_SCHEMA}.${m.name},`,
      `  kind ${m.materialized === 'table' ? 'FULL' : 'VIEW'},`,
      ...(parents.length > 0 ? [`  depends_on [${parents.join(', ')}],`] : []),
      `  description ${literal(m.description)}${audits.length > 0 ? ',' : ''}`,
      ...(audits.length > 0 ? [`  audits (${audits.join(', ')})`] : []),
      ');',
    ].join('\n');
    files.set(`models/${m.name}.sql`, `-- From ${m.path}.\n${header}\n\n${m.sql((name) => `${SQLMESH_SCHEMA}.${name}`)}\n`);
  }
  return files;
}

function audit(model: string, t: DataTest): string {
  switch (t.kind) {
    case 'not_null':
      return `not_null(columns := (${t.column}))`;
    case 'unique':
      return `unique_values(columns := (${t.column}))`;
    case 'accepted_range':
      return `accepted_range(column := ${t.column}${t.min !== undefined ? `, min_v := ${t.min}` : ''}${t.max !== undefined ? `, max_v := ${t.max}` : ''})`;
    case 'relationship':
      return relationshipAudit(model, t);
  }
}

function relationshipAudit(model: string, t: Extract<DataTest, { kind: 'relationship' }>): string {
  return `relationship__${model}__${t.column}`;
}

/** Rows of the model whose key has no parent: the audit fails when there is any. */
function relationshipAuditSql(model: string, t: Extract<DataTest, { kind: 'relationship' }>): string {
  return `AUDIT (name ${relationshipAudit(model, t)});
SELECT child.*
FROM @this_model AS child
LEFT JOIN ${SQLMESH_SCHEMA}.${t.toModel} AS parent ON child.${t.column} = parent.${t.toColumn}
WHERE child.${t.column} IS NOT NULL AND parent.${t.toColumn} IS NULL
`;
}

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
