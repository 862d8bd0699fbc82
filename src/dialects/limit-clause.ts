/**
 * `LIMIT n` with the row count inlined. Athena documents `?` execution parameters in the WHERE clause
 * only (Trino itself accepts `LIMIT ?`, Athena's parser does not promise to), so a limit is never a
 * bound parameter; inlining is safe because only a validated positive safe integer is ever rendered.
 * The spelling is the same in Athena (Trino), DuckDB and Spark SQL.
 */
export function limitClause(rows: number): string {
  if (!Number.isSafeInteger(rows) || rows < 1) {
    throw new RangeError(`LIMIT must be a whole number from 1 to ${Number.MAX_SAFE_INTEGER}, not ${rows}`);
  }
  return `LIMIT ${rows}`;
}
