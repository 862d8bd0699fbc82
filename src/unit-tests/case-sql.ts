import type { SqlType } from '../compiler/sql-type.js';
import { DUCKDB_TYPES } from '../dialects/duckdb/duckdb-types.js';
import { sqlString } from '../dialects/sql-literals.js';
import { TRINO_TYPES } from '../dialects/trino/trino-types.js';
import { renderType } from '../dialects/type-table.js';
import type { Column } from '../manifest/manifest.js';
import type { CaseRow } from './unit-case-file.js';

/** The engines a case runs on: DuckDB in memory, or the `trino` target's server. */
export type CaseDialect = 'duckdb' | 'trino';

/** The name a ref or source takes inside a case's query; `__` never appears in a model name. */
export function givenName(input: string): string {
  return `given__${input}`;
}

const TYPES = { duckdb: DUCKDB_TYPES, trino: TRINO_TYPES } as const;

/** A column type in the dialect; given rows hold scalars only (tables and views have no others here). */
export function typeSql(type: SqlType, dialect: CaseDialect): string | undefined {
  return type.kind === 'array' || type.kind === 'map' || type.kind === 'struct' ? undefined : renderType(type, TYPES[dialect]);
}

/**
 * The given rows of one input as a query with the input's declared columns and types: every value
 * is written as text and cast, which both engines read the same way (`CAST('1.50' AS decimal(10, 2))`,
 * `CAST('2024-04-10 19:00:00' AS timestamp)`); a column a row leaves out is NULL.
 */
export function givenRowsSql(columns: readonly Column[], rows: readonly CaseRow[], dialect: CaseDialect): string {
  const cell = (c: Column, v: string | null | undefined) => `CAST(${v === null || v === undefined ? 'NULL' : sqlString(v)} AS ${typeSql(c.type, dialect)}) AS ${c.name}`;
  if (rows.length === 0) return `SELECT ${columns.map((c) => cell(c, null)).join(', ')} WHERE 1 = 0`;
  return rows.map((r) => `SELECT ${columns.map((c) => cell(c, r.values[c.name])).join(', ')}`).join('\n  UNION ALL ');
}

/**
 * The model's query over the given rows: each input becomes a CTE and the body is wrapped as a
 * subquery, so a model that starts with its own WITH still parses on both engines.
 */
export function caseSql(body: string, inputs: readonly { readonly input: string; readonly sql: string }[]): string {
  const ctes = inputs.map((i) => `${givenName(i.input)} AS (\n  ${i.sql}\n)`).join(',\n');
  return `${ctes ? `WITH ${ctes}\n` : ''}SELECT * FROM (\n${body}\n) AS model_under_test`;
}
