import type { TypeTable } from '../type-table.js';

/**
 * DuckDB's types (`VARCHAR`, `INTEGER[]`, `STRUCT(a INTEGER)`).
 * https://duckdb.org/docs/sql/data_types/overview
 */
export const DUCKDB_TYPES: TypeTable = {
  scalars: {
    varchar: 'VARCHAR',
    tinyint: 'TINYINT',
    smallint: 'SMALLINT',
    integer: 'INTEGER',
    bigint: 'BIGINT',
    real: 'FLOAT',
    double: 'DOUBLE',
    boolean: 'BOOLEAN',
    varbinary: 'BLOB',
    date: 'DATE',
    timestamp: 'TIMESTAMP',
  },
  decimal: (p, s) => `DECIMAL(${p}, ${s})`,
  // DuckDB has no fixed-length text; its CHAR(n) is VARCHAR and ignores the length.
  char: () => 'VARCHAR',
  array: (e) => `${e}[]`,
  map: (k, v) => `MAP(${k}, ${v})`,
  struct: (fields) => `STRUCT(${fields.map(([n, t]) => `${n} ${t}`).join(', ')})`,
};

/**
 * DuckDB names DESCRIBE prints that have no scalar of their own in the table above, as the Athena
 * type they read as (unsigned and wider integers, timestamp precisions).
 */
export const DUCKDB_TYPE_ALIASES: readonly (readonly [RegExp, string])[] = [
  [/\b(HUGEINT|UHUGEINT|UBIGINT|UINTEGER)\b/gi, 'bigint'],
  [/\bUSMALLINT\b/gi, 'integer'],
  [/\bUTINYINT\b/gi, 'smallint'],
  [/\bTIMESTAMP(_S|_MS|_NS|_US| WITH TIME ZONE)\b/gi, 'timestamp'],
];
