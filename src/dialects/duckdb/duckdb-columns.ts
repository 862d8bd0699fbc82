import type { Column } from '../../manifest/manifest.js';
import { sqlString } from '../sql-literals.js';
import { renderType } from '../type-table.js';
import { DUCKDB_TYPES } from './duckdb-types.js';

/** Column lists in DuckDB's reader options and stand-ins, shared by the views, the engine and the backfill. */

/** A column's type in DuckDB's spelling. */
export function duckdbType(c: Column): string {
  return renderType(c.type, DUCKDB_TYPES);
}

/** `read_json`'s `columns = {…}` for JSON Lines with these columns. */
export function jsonColumns(columns: readonly Column[]): string {
  return `columns = {${columns.map((c) => `${sqlString(c.name)}: ${sqlString(duckdbType(c))}`).join(', ')}}`;
}

/** `hive_types = {…}` for these partition columns. */
export function hiveTypes(columns: readonly Column[]): string {
  return `hive_types = {${columns.map((c) => `${sqlString(c.name)}: ${duckdbType(c)}`).join(', ')}}`;
}

/** A zero-row stand-in with the table's columns, for a table that has no file yet (a glob matching nothing is an error in DuckDB). */
export function emptySelect(columns: readonly Column[]): string {
  return `SELECT ${columns.map((c) => `CAST(NULL AS ${duckdbType(c)}) AS ${c.name}`).join(', ')} WHERE false`;
}
