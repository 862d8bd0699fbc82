import type { QueryStatement } from '../../src/compiler/query-statement.js';
import { defineConfig } from '../../src/config/define-config.js';
import { duckdbRenderer } from '../../src/dialects/duckdb/duckdb-renderer.js';
import type { RenderedQuery } from '../../src/dialects/query-sql.js';

const DUCKDB = duckdbRenderer(defineConfig());

/** A panel query rendered for the local engine (DuckDB), as the dashboard server renders it there. */
export function localQuery(s: QueryStatement): RenderedQuery {
  return DUCKDB.renderQuery(s);
}
