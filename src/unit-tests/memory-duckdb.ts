import { DuckDBInstance } from '@duckdb/node-api';
import { renderSessionStatement, TRINO_SESSION } from '../dialects/duckdb/session-statements.js';
import { trinoCompatMacroSql } from '../dialects/duckdb/trino-compat-macros.js';
import { rewriteTrinoStatement } from '../dialects/duckdb/trino-statement-rewrite.js';
import { QueryFailedError, type QueryResult, type Row } from '../engines/engine.js';

/** What a case needs of an engine: run a query, then close. */
export interface CaseEngine {
  query(sql: string): Promise<QueryResult>;
  close(): Promise<void>;
}

/**
 * DuckDB in memory with the local engine's Trino semantics (compatibility macros, integer
 * division, UTC, statement rewrite) but no lake: a case reads only the rows it gives.
 */
export async function openMemoryDuckdb(): Promise<CaseEngine> {
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  for (const sql of trinoCompatMacroSql()) await c.run(sql);
  for (const s of TRINO_SESSION) await c.run(renderSessionStatement(s));
  return {
    async query(sql) {
      try {
        const reader = await c.runAndReadAll(rewriteTrinoStatement(sql));
        const types = reader.columnTypes();
        return { columns: reader.columnNames().map((name, i) => ({ name, type: String(types[i]) })), rows: reader.getRowObjectsJson() as Row[] };
      } catch (e) {
        throw new QueryFailedError((e as Error).message, sql);
      }
    },
    async close() {
      c.closeSync();
      instance.closeSync();
    },
  };
}
