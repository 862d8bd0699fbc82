import type { SqlType } from '../compiler/sql-type.js';
import type { UnitCaseStatement } from '../compiler/statement.js';
import type { Column } from '../manifest/manifest.js';
import { sqlString } from './sql-literals.js';

/** Whether given rows can hold a column of this type: scalars only (tables and views have no others here). */
export function isGivenRowType(type: SqlType): boolean {
  return type.kind !== 'array' && type.kind !== 'map' && type.kind !== 'struct';
}

/**
 * A unit case as one query, the same in DuckDB and Trino but for the type names: each input's
 * given rows become a CTE, every value written as text and cast, which both engines read the same
 * way (`CAST('1.50' AS decimal(10, 2))`, `CAST('2024-04-10 19:00:00' AS timestamp)`); the body is
 * wrapped as a subquery, so a model that starts with its own WITH still parses on both engines.
 */
export function unitCaseSql(s: UnitCaseStatement, type: (t: SqlType) => string): string {
  const ctes = s.inputs.map((i) => `${i.name} AS (\n  ${givenRows(i.columns, i.rows, type)}\n)`).join(',\n');
  return `${ctes ? `WITH ${ctes}\n` : ''}SELECT * FROM (\n${s.body}\n) AS model_under_test`;
}

function givenRows(columns: readonly Column[], rows: UnitCaseStatement['inputs'][number]['rows'], type: (t: SqlType) => string): string {
  const cell = (c: Column, v: string | null | undefined) => {
    if (!isGivenRowType(c.type)) throw new Error(`column ${c.name} is a ${c.type.kind}: given rows hold scalar columns only`);
    return `CAST(${v === null || v === undefined ? 'NULL' : sqlString(v)} AS ${type(c.type)}) AS ${c.name}`;
  };
  if (rows.length === 0) return `SELECT ${columns.map((c) => cell(c, null)).join(', ')} WHERE 1 = 0`;
  return rows.map((r) => `SELECT ${columns.map((c) => cell(c, r[c.name])).join(', ')}`).join('\n  UNION ALL ');
}
