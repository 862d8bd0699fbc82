import { sqlString } from '../sql-literals.js';
import {
  lakePath,
  parquetFilesSelect,
  STREAM_CACHE_SCHEMA,
  streamCacheLoadSelect,
  streamCacheTableSelect,
  type ParquetFilesSpec,
} from './parquet-files-select.js';

/**
 * The local engine's own statements — session settings and the views it (re)creates over the lake —
 * typed like the models' statements (compiler/statement.ts) and rendered here, so the engine holds
 * no SQL text of its own.
 */
export type SessionStatement =
  | { readonly kind: 'set_option'; readonly name: string; readonly value: string | number | boolean | readonly string[] }
  | { readonly kind: 'set_variable'; readonly name: string; readonly value: string }
  /** A view over a zero-row SELECT: an object whose files have not arrived yet. */
  | { readonly kind: 'create_stand_in'; readonly object: string; readonly select: string }
  /** A partitioned table's files view, read as the engine planned (engines/local/partition-read-plan.ts). */
  | { readonly kind: 'create_files_view'; readonly object: string; readonly spec: ParquetFilesSpec }
  | { readonly kind: 'drop_view'; readonly object: string }
  /** The (empty) table a files view reads its streamed files' rows from (engines/local/stream-file-cache.ts), in {@link STREAM_CACHE_SCHEMA}. */
  | { readonly kind: 'create_stream_cache'; readonly table: string; readonly spec: Pick<ParquetFilesSpec, 'columns' | 'partitionedBy'> }
  /** Adds the rows of these streamed files (lake-relative) to the cache table. */
  | {
      readonly kind: 'load_stream_files';
      readonly table: string;
      readonly spec: Pick<ParquetFilesSpec, 'columns' | 'partitionedBy'>;
      readonly files: readonly string[];
    }
  /** Removes the rows of these files (lake-relative) from the cache table: the files are gone. */
  | { readonly kind: 'evict_stream_files'; readonly table: string; readonly files: readonly string[] }
  | { readonly kind: 'drop_stream_cache'; readonly table: string }
  /** An environment's own schema (`--env NAME`), where its objects are created. */
  | { readonly kind: 'create_schema'; readonly schema: string };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function name(n: string): string {
  if (!NAME.test(n)) throw new Error(`not a DuckDB setting, variable or view name: ${JSON.stringify(n)}`);
  return n;
}

function value(v: string | number | boolean | readonly string[]): string {
  if (typeof v === 'string') return sqlString(v);
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`setting value ${v} is not a finite number`);
    return String(v);
  }
  return `[${v.map(sqlString).join(', ')}]`;
}

export function renderSessionStatement(s: SessionStatement): string {
  switch (s.kind) {
    case 'set_option':
      return `SET ${name(s.name)} = ${value(s.value)}`;
    case 'set_variable':
      return `SET VARIABLE ${name(s.name)} = ${value(s.value)}`;
    case 'create_stand_in':
      return `CREATE OR REPLACE VIEW ${name(s.object)} AS ${s.select}`;
    case 'create_files_view':
      if (s.spec.cached !== undefined) name(s.spec.cached);
      return `CREATE OR REPLACE VIEW ${name(s.object)} AS\n${parquetFilesSelect(s.spec)}`;
    case 'drop_view':
      return `DROP VIEW IF EXISTS ${name(s.object)}`;
    case 'create_schema':
      return `CREATE SCHEMA IF NOT EXISTS ${name(s.schema)}`;
    case 'create_stream_cache':
      return `CREATE OR REPLACE TABLE ${STREAM_CACHE_SCHEMA}.${name(s.table)} AS ${streamCacheTableSelect(s.spec)}`;
    case 'load_stream_files':
      return `INSERT INTO ${STREAM_CACHE_SCHEMA}.${name(s.table)}\n${streamCacheLoadSelect(s.spec, s.files)}`;
    case 'evict_stream_files':
      return `DELETE FROM ${STREAM_CACHE_SCHEMA}.${name(s.table)} WHERE filename IN (${s.files.map(lakePath).join(', ')})`;
    case 'drop_stream_cache':
      return `DROP TABLE IF EXISTS ${STREAM_CACHE_SCHEMA}.${name(s.table)}`;
  }
}

/**
 * Trino semantics no macro can give, on every connection: `/` on integers truncates (5/2 = 2,
 * -5/2 = -2), and the session zone is UTC, as on Athena (DuckDB would take the machine's).
 */
export const TRINO_SESSION: readonly SessionStatement[] = [
  { kind: 'set_option', name: 'integer_division', value: true },
  { kind: 'set_option', name: 'TimeZone', value: 'UTC' },
];

/**
 * Footers stay in memory once read: a dashboard's queries over today's partition reopen the same
 * small files every few seconds (an entry is dropped when its file's modification time changes).
 */
export const FOOTER_CACHE: SessionStatement = { kind: 'set_option', name: 'parquet_metadata_cache', value: true };

/**
 * For ad-hoc SQL once the views exist: files outside the lake can no longer be read or written,
 * extensions neither installed nor loaded, and the settings locked so a statement cannot undo this.
 */
export function lockDownStatements(lakeDir: string): SessionStatement[] {
  return [
    { kind: 'set_option', name: 'allowed_directories', value: [`${lakeDir.replace(/\/+$/, '')}/`] },
    { kind: 'set_option', name: 'enable_external_access', value: false },
    { kind: 'set_option', name: 'autoinstall_known_extensions', value: false },
    { kind: 'set_option', name: 'autoload_known_extensions', value: false },
    { kind: 'set_option', name: 'allow_community_extensions', value: false },
    { kind: 'set_option', name: 'lock_configuration', value: true },
  ];
}
