import type { Column } from '../../manifest/manifest.js';
import { sqlString } from '../sql-literals.js';
import { duckdbType, emptySelect, hiveTypes } from './duckdb-columns.js';

/**
 * One `read_parquet` call of a table's files view: the globs it reads (lake-relative) and whether
 * their files may differ in schema. `union_by_name` makes DuckDB open the footer of every file the
 * globs match at bind time — before any `dt` filter can prune a partition — so the local engine
 * keeps it to the partitions whose files really differ (engines/local/partition-read-plan.ts).
 */
export interface ParquetRead {
  readonly globs: readonly string[];
  readonly unionByName: boolean;
}

/** What a table's files view reads: its declared columns, its partition columns, its reads. */
export interface ParquetFilesSpec {
  readonly columns: readonly Column[];
  readonly partitionedBy: readonly Column[];
  readonly reads: readonly ParquetRead[];
  /**
   * The table (in {@link STREAM_CACHE_SCHEMA}) holding the rows of the streamed files the reads
   * leave out, loaded by the engine (engines/local/stream-file-cache.ts); none when every file is read.
   */
  readonly cached?: string;
}

/** Where the local engine keeps the rows of small streamed files, one table per files view. */
export const STREAM_CACHE_SCHEMA = 'stream_cache';

/** A path under the lake folder, as a DuckDB expression (the engine sets `lake_dir`). */
export function lakePath(suffix: string): string {
  return `getvariable('lake_dir') || ${sqlString(`/${suffix}`)}`;
}

type FilesColumns = Pick<ParquetFilesSpec, 'columns' | 'partitionedBy'>;

/** The declared columns, the partition columns and (partitioned) the reader's `filename`. */
function allColumns(spec: FilesColumns): Column[] {
  const partitioned = spec.partitionedBy.length > 0;
  return [...spec.columns, ...spec.partitionedBy, ...(partitioned ? [{ name: 'filename', type: { kind: 'varchar' } } as const] : [])];
}

/** One `read_parquet` branch of the union under a files view or a cache load. */
function readBranch(spec: FilesColumns, r: ParquetRead): string {
  // Partitioned tables expose each row's file (lake-relative), which the visibility view filters on.
  const options =
    spec.partitionedBy.length > 0
      ? `, hive_partitioning = true, ${hiveTypes(spec.partitionedBy)}, union_by_name = ${r.unionByName}, filename = true`
      : `, hive_partitioning = false, union_by_name = ${r.unionByName}`;
  const source = r.globs.length === 1 ? lakePath(r.globs[0]!) : `[${r.globs.map(lakePath).join(', ')}]`;
  return `\nUNION ALL BY NAME\nSELECT * FROM read_parquet(${source}${options})`;
}

/** The declared types over a union of branches; `file` derived from `filename` only when asked. */
function typedSelect(spec: FilesColumns, branches: readonly string[], file: boolean): string {
  const all = allColumns(spec);
  const cols = all
    .map((c) =>
      c.name !== 'filename'
        ? `CAST(${c.name} AS ${duckdbType(c)}) AS ${c.name}`
        : file
          ? `substr(filename, length(getvariable('lake_dir')) + 2) AS file`
          : 'filename',
    )
    .join(',\n');
  return `SELECT\n${cols}\nFROM (\n${emptySelect(all)}${branches.join('')}\n) AS files`;
}

/**
 * Reads a table's files with the declared types (Parquet from any writer reads the same). The
 * empty typed branch gives every declared column even when no file has it (a column added by
 * migrate reads as NULL in older files, as on Athena); columns only in files are ignored. Each read
 * is its own `UNION ALL BY NAME` branch, so reads of different schemas combine by column name.
 */
export function parquetFilesSelect(spec: ParquetFilesSpec): string {
  const branches = spec.reads.map((r) => readBranch(spec, r));
  if (spec.cached !== undefined) branches.push(`\nUNION ALL BY NAME\nSELECT * FROM ${STREAM_CACHE_SCHEMA}.${spec.cached}`);
  return typedSelect(spec, branches, true);
}

/** The stream cache table of a files view: its declared and partition columns and `filename`, no row. */
export function streamCacheTableSelect(spec: FilesColumns): string {
  return emptySelect(allColumns(spec));
}

/** The rows of these files (lake-relative), typed as declared, with `filename`: what the cache holds of them. */
export function streamCacheLoadSelect(spec: FilesColumns, files: readonly string[]): string {
  return typedSelect(spec, [readBranch(spec, { globs: files, unionByName: true })], false);
}
