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
}

/** A path under the lake folder, as a DuckDB expression (the engine sets `lake_dir`). */
export function lakePath(suffix: string): string {
  return `getvariable('lake_dir') || ${sqlString(`/${suffix}`)}`;
}

/**
 * Reads a table's files with the declared types (Parquet from any writer reads the same). The
 * empty typed branch gives every declared column even when no file has it (a column added by
 * migrate reads as NULL in older files, as on Athena); columns only in files are ignored. Each read
 * is its own `UNION ALL BY NAME` branch, so reads of different schemas combine by column name.
 */
export function parquetFilesSelect(spec: ParquetFilesSpec): string {
  const partitioned = spec.partitionedBy.length > 0;
  const all = [...spec.columns, ...spec.partitionedBy, ...(partitioned ? [{ name: 'filename', type: { kind: 'varchar' } } as const] : [])];
  const cols = all
    .map((c) => (c.name === 'filename' ? `substr(filename, length(getvariable('lake_dir')) + 2) AS file` : `CAST(${c.name} AS ${duckdbType(c)}) AS ${c.name}`))
    .join(',\n');
  const reads = spec.reads.map((r) => {
    // Partitioned tables expose each row's file (lake-relative), which the visibility view filters on.
    const options = partitioned
      ? `, hive_partitioning = true, ${hiveTypes(spec.partitionedBy)}, union_by_name = ${r.unionByName}, filename = true`
      : `, hive_partitioning = false, union_by_name = ${r.unionByName}`;
    const source = r.globs.length === 1 ? lakePath(r.globs[0]!) : `[${r.globs.map(lakePath).join(', ')}]`;
    return `\nUNION ALL BY NAME\nSELECT * FROM read_parquet(${source}${options})`;
  });
  return `SELECT\n${cols}\nFROM (\n${emptySelect(all)}${reads.join('')}\n) AS files`;
}
