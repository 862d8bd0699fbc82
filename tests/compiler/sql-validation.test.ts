import { HiveSQL, SparkSQL, TrinoSQL } from 'dt-sql-parser';
import { describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/compile-project.js';
import { planStatements } from '../../src/compiler/statement.js';
import { athenaRenderer } from '../../src/dialects/athena/athena-renderer.js';
import { SparkRenderer } from '../../src/dialects/spark/spark-renderer.js';
import { changeStatements } from '../../src/migrate/change-statements.js';
import { desiredObjects } from '../../src/migrate/desired-objects.js';
import type { Change } from '../../src/migrate/migration-plan.js';
import { projectConfig, projectModels } from '../support/project-files.js';

const hive = new HiveSQL();
const trino = new TrinoSQL();
const spark = new SparkSQL();

function errorsOf(parser: HiveSQL | TrinoSQL | SparkSQL, sql: string): string[] {
  return parser.validate(sql).map((e) => `${e.startLine}:${e.startColumn} ${e.message}`);
}

describe('every rendered statement parses under its engine grammar', async () => {
  const config = projectConfig();
  const { manifest } = compileProject(await projectModels(), config);
  const statements = planStatements(manifest!);
  const athena = athenaRenderer(config);
  const sparkRenderer = new SparkRenderer();

  // Athena runs DDL on external tables with its Hive engine, everything else with Trino.
  // A mart's columns come from the engine when migrate creates it; two stand in for them here.
  const martColumns = [
    { name: 'store_id', type: { kind: 'varchar' } },
    { name: 'revenue', type: { kind: 'decimal', precision: 18, scale: 2 } },
    { name: 'dt', type: { kind: 'varchar' } },
  ] as const;
  const athenaCases = statements.map((s) => ({
    name: `${s.kind} ${s.object}${s.kind === 'data_test' ? ` ${s.name}` : ''}`,
    grammar: s.kind === 'create_table' || s.kind === 'create_source_table' || s.kind === 'create_hidden_list' || s.kind === 'create_mart' ? 'hive' : 'trino',
    sql: athena.render(s.kind === 'create_mart' ? { ...s, columns: martColumns } : s)!,
  }));
  it.each(athenaCases)('athena: $name ($grammar)', ({ grammar, sql }) => {
    expect(errorsOf(grammar === 'hive' ? hive : trino, sql)).toEqual([]);
  });

  const sparkCases = statements.filter((s) => s.kind === 'transform').map((s) => ({ name: s.object, sql: sparkRenderer.render(s)! }));
  it.each(sparkCases)('spark: transform $name', ({ sql }) => {
    expect(errorsOf(spark, sql)).toEqual([]);
  });

  it('migration DDL (ALTER TABLE ADD/REPLACE COLUMNS, SET TBLPROPERTIES, DROP) parses under Hive', () => {
    const desired = desiredObjects(manifest!, config);
    const table = desired.find((d) => d.name === 'transactions__files')!;
    const athena = athenaRenderer(config);
    const sql = { statements: (c: Change) => changeStatements(c, 'alter_in_place', '20240101T000000').map((s) => athena.render(s)!) };
    const stmts = [
      ...sql.statements({ kind: 'add_columns', name: 'transactions', columns: [{ name: 'till_id', type: { kind: 'integer' } }], desired: table }),
      ...sql.statements({ kind: 'set_properties', name: 'transactions', properties: { 'projection.dt.range': '2023-01-01,NOW' }, desired: table }),
      ...sql.statements({ kind: 'replace_columns', name: 'transactions', dropped: ['x'], retyped: [], desired: table }),
      ...sql.statements({ kind: 'drop', name: 'transactions', objectKind: 'table' }),
      ...sql.statements({ kind: 'create_database' }),
    ];
    for (const s of stmts) expect(errorsOf(hive, s), s).toEqual([]);
  });

  it('the grammars do reject broken SQL (the checks above can fail)', () => {
    expect(errorsOf(trino, 'SELEC count(*) FROM t')).not.toEqual([]);
    expect(errorsOf(hive, 'CREATE EXTERNAL TABLE t (a string')).not.toEqual([]);
    expect(errorsOf(spark, 'SELECT a FROM t LATERAL VIEW')).not.toEqual([]);
  });
});
