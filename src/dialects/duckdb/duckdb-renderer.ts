import type { ProjectConfig } from '../../config/define-config.js';
import type { MartEntry } from '../../manifest/manifest.js';
import { LakeRenderer, type LakeDialect, type LakeObject } from '../lake-renderer.js';
import { sqlString } from '../sql-literals.js';
import { duckdbEngineStatement } from './duckdb-engine-sql.js';
import { DUCKDB_TYPES } from './duckdb-types.js';
import { hiveTypes, jsonColumns } from './duckdb-columns.js';
import { lakePath, parquetFilesSelect } from './parquet-files-select.js';

/**
 * The local engine's dialect. The lake is a folder, so "external tables" are views over
 * `read_parquet`/`read_json` globs rooted at `getvariable('lake_dir')`, which the engine sets;
 * new `dt=` folders show up with no catalog change, like partition projection on Athena.
 */
const DUCKDB_DIALECT: LakeDialect = {
  name: 'duckdb',
  queryDialect: 'duckdb',
  capabilities: {
    parameterStyle: '$n',
    maxPartitionsPerWrite: Number.POSITIVE_INFINITY,
    // DuckDB writes TIMESTAMP as INT64 micros; TIMESTAMP_MS makes the Parquet match what Glue and the Lambda write.
    timestampWriteType: 'TIMESTAMP_MS',
  },
  types: DUCKDB_TYPES,
  unnestsToStructColumn: true,
  // The engine writes with COPY (a `copy_to_parquet` statement around the rendered query), not INSERT.
  writes: 'copy',
  // DuckDB's CREATE VIEW has no COMMENT; the local catalog keeps the text as sent, so no hash is needed.
  viewHashComment: false,
  // Only the table parameters use it, which the local catalog does not keep; paths are lakePath's.
  lakeRoot: (config) => `s3://${config.lake.bucket}/`,
  qualify: (_database, name) => name,
  fileKeyExpr: (alias) => `${alias}.file`,
  unnestJoin: (sourceAlias, u) => `CROSS JOIN LATERAL (SELECT unnest(${sourceAlias}.${u.field}) AS item) AS ${u.alias}`,
  createObject: (o, ctx) => ctx.formatQuery(`CREATE OR REPLACE VIEW ${o.name} AS\n${objectSelect(o)}`),
  // The local catalog replaces views for every alteration (targets/local-target.ts); only drops remain.
  catalogStatement: (s, ctx) => (s.kind === 'drop_object' ? `DROP VIEW IF EXISTS ${ctx.qualify(s.object)}` : undefined),
  copyToParquet: (s) => {
    const options = ['FORMAT parquet', `COMPRESSION ${s.compression}`, ...(s.partitionBy.length > 0 ? [`PARTITION_BY (${s.partitionBy.join(', ')})`] : [])];
    return `COPY (${s.onlyDays ? onDays(s.query, s.onlyDays.column, s.onlyDays.days) : s.query}) TO ${sqlString(s.path)} (${options.join(', ')})`;
  },
  engineStatement: duckdbEngineStatement,
};

export function duckdbRenderer(config: ProjectConfig, options?: { readonly format?: boolean }): LakeRenderer {
  return new LakeRenderer(DUCKDB_DIALECT, config, options);
}

/** The rows of the given days only; no day at all selects nothing. */
function onDays(query: string, column: string, days: readonly string[]): string {
  const list = days.length > 0 ? days.map(sqlString).join(', ') : 'NULL';
  return `SELECT * FROM (${query}) AS windowed WHERE ${column} IN (${list})`;
}

/** What a lake object's view selects. */
function objectSelect(o: LakeObject): string {
  switch (o.role) {
    case 'source':
      return `SELECT * FROM read_json(${lakePath(`${o.location}**/*.jsonl`)}, format = 'newline_delimited', ${jsonColumns(o.columns ?? [])})`;
    case 'hidden_list': {
      const all = [...(o.columns ?? []), ...o.partitionedBy];
      const glob = lakePath(`${o.location}*/*.jsonl`);
      return `SELECT ${all.map((c) => c.name).join(', ')} FROM read_json(${glob}, format = 'newline_delimited', ${jsonColumns(o.columns ?? [])}, hive_partitioning = true, ${hiveTypes(o.partitionedBy)})`;
    }
    case 'table':
      return tableSelect(o);
    case 'mart': {
      // Marts are Parquet under the lake like tables; their columns are the files'.
      const hiveTypes = o.partitionedBy.map((p) => `${sqlString(p.name)}: VARCHAR`).join(', ');
      return `SELECT * FROM read_parquet(${lakePath(tableGlob(o.location, Math.max(1, o.partitionedBy.length)))}, hive_partitioning = true, hive_types = {${hiveTypes}}, union_by_name = true)`;
    }
  }
}

/** The glob that matches every data file of a table: one level of hive folders (`dt=…/`) per partition column. */
function tableGlob(location: string, partitionColumns: number): string {
  return `${location}${'*/'.repeat(partitionColumns)}*.parquet`;
}

/** Reads a table's files with the declared types: one glob over every partition (the local engine narrows it, see parquet-files-select.ts). */
function tableSelect(o: LakeObject): string {
  const glob = tableGlob(o.location, o.partitionedBy.length);
  return parquetFilesSelect({ columns: o.columns ?? [], partitionedBy: o.partitionedBy, reads: [{ globs: [glob], unionByName: true }] });
}

/** A zero-row stand-in for a mart: its own query, with no rows. */
export function emptyMartSelect(c: MartEntry): string {
  return `SELECT * FROM (${c.sql.duckdb}) AS empty_mart WHERE false`;
}
