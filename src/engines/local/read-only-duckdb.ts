import { StatementType, type DuckDBConnection } from '@duckdb/node-api';
import { QueryFailedError } from '../engine.js';
import { assertReadOnlyStatement, ReadOnlyStatementError } from '../read-only-statement.js';

/**
 * The text check of {@link assertReadOnlyStatement}, then DuckDB's own parse: exactly one statement,
 * of type SELECT (which covers SHOW, DESCRIBE, VALUES and table-returning PRAGMAs) or EXPLAIN.
 */
export async function assertReadOnlyOnDuckdb(c: DuckDBConnection, sql: string): Promise<void> {
  assertReadOnlyStatement(sql);
  let extracted;
  try {
    extracted = await c.extractStatements(sql);
  } catch (e) {
    throw new QueryFailedError((e as Error).message, sql);
  }
  if (extracted.count !== 1) throw new ReadOnlyStatementError(`exactly one statement is allowed; DuckDB reads ${extracted.count} in this text`);
  let type: StatementType;
  try {
    type = (await extracted.prepare(0)).statementType;
  } catch (e) {
    throw new QueryFailedError((e as Error).message, sql);
  }
  if (type !== StatementType.SELECT && type !== StatementType.EXPLAIN) {
    throw new ReadOnlyStatementError(`${StatementType[type] ?? type} statements are not allowed: the query command is read-only`);
  }
}
