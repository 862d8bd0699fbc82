import type { SqlType } from '../compiler/sql-type.js';

/**
 * The compiled project: what the CLI, the engines, the streaming Lambda, the Glue job renderer and
 * the CDK app read. Versioned so a reader can refuse a manifest it does not understand.
 */
export const MANIFEST_VERSION = 1 as const;

export interface Manifest {
  readonly manifestVersion: typeof MANIFEST_VERSION;
  readonly project: string;
  readonly database: string;
  /** Lake prefixes, copied from the config so the Lambda needs nothing else. */
  readonly prefixes: { readonly raw: string; readonly incoming: string; readonly tables: string; readonly rejected: string };
  /**
   * The accepted datetime window, copied from the config (`projection.dtRangeStart`,
   * `ingest.maxFutureSkewMinutes`) so the Lambda needs nothing else; absent in manifests built
   * before it existed, which then get the config defaults.
   */
  readonly datetimeWindow?: DatetimeWindowConfig;
  /** Every model in dependency order (a model comes after everything it reads). */
  readonly models: readonly ModelEntry[];
}

export interface DatetimeWindowConfig {
  /** First accepted day, `yyyy-MM-dd` (UTC). */
  readonly notBefore: string;
  /** Datetimes later than now plus this many minutes are rejected. */
  readonly maxFutureSkewMinutes: number;
}

export type ModelEntry = SourceEntry | TableEntry | ViewEntry | CtasEntry;

interface BaseEntry {
  /** The model's name: the table or view name in every engine (sources: `pos_transactions`). */
  readonly name: string;
  /** Project-relative path of the model file. */
  readonly path: string;
  readonly description: string;
  /** Names of the models this one reads. */
  readonly dependsOn: readonly string[];
  readonly tests: readonly DataTest[];
  /** `{{config tags="a,b"}}`, what `--select tag:a` matches; absent when the model has none. */
  readonly tags?: readonly string[];
}

export interface Column {
  readonly name: string;
  readonly type: SqlType;
}

/** Raw input as it lands in the lake (JSON Lines), declared so that every engine reads it the same way. */
export interface SourceEntry extends BaseEntry {
  readonly kind: 'source';
  /** `pos.transactions` */
  readonly sourceName: string;
  readonly sourceTable: string;
  readonly format: 'jsonl';
  /** Key prefix in the lake, e.g. `raw/transactions/`. */
  readonly location: string;
  readonly columns: readonly Column[];
}

/** A Parquet table in the lake, filled from a source by the declared mapping. */
export interface TableEntry extends BaseEntry {
  readonly kind: 'table';
  /** Key prefix in the lake: `tables/<name>/`. */
  readonly location: string;
  readonly format: 'parquet';
  readonly compression: 'snappy' | 'zstd' | 'gzip';
  /** Data columns, in order (partition columns excluded). */
  readonly columns: readonly Column[];
  /** Partition columns (Hive style `dt=…` folders), in order; empty when unpartitioned. */
  readonly partitionedBy: readonly Column[];
  readonly projection?: PartitionProjection;
  /** How rows are made from the source: read by the batch job, the Lambda and the renderers. */
  readonly mapping: RawMapping;
}

export interface PartitionProjection {
  readonly column: string;
  readonly type: 'date';
  readonly format: 'yyyy-MM-dd';
  readonly rangeStart: string;
  readonly rangeEnd: 'NOW';
  readonly interval: 1;
  readonly unit: 'DAYS';
}

/** An analyst view, written in Athena (Trino) SQL. */
export interface ViewEntry extends BaseEntry {
  readonly kind: 'view';
  /** The view body with refs resolved, per dialect (Athena/Trino as written; DuckDB with its helpers), unformatted. */
  readonly sql: DialectSql;
  /**
   * The view's output columns, as Athena types. Set by the build step (`npm run build:models`,
   * src/engines/local/infer-view-columns.ts), which describes the view on DuckDB over typed empty
   * stand-ins of its inputs; absent in a manifest straight from the pure `compileProject`.
   */
  readonly columns?: readonly Column[];
}

/** A table materialized by CREATE TABLE AS SELECT and refreshed incrementally by partition. */
export interface CtasEntry extends BaseEntry {
  readonly kind: 'ctas';
  readonly location: string;
  readonly format: 'parquet';
  readonly compression: 'snappy' | 'zstd' | 'gzip';
  readonly partitionedBy: readonly string[];
  /** The partition column the incremental refresh windows on. */
  readonly incrementalKey: string;
  readonly sql: DialectSql;
}

/** A SELECT body as each SQL engine runs it. */
export interface DialectSql {
  readonly trino: string;
  readonly duckdb: string;
}

/**
 * The raw→table mapping: `SELECT CAST(<field> AS <type>) AS <column> … FROM <source> [CROSS JOIN
 * UNNEST(<array>)]`, parsed from the model so that the Glue job, the local batch and the Lambda
 * all derive from the one declaration.
 */
export interface RawMapping {
  readonly source: string;
  /** Alias of the source row in the model SQL, e.g. `t`. */
  readonly sourceAlias: string;
  /** Present when one table row is made per element of an array field of the source row. */
  readonly unnest?: {
    readonly field: string;
    readonly alias: string;
    /** Names the model gives to the struct's fields, positionally. */
    readonly columns: readonly string[];
    /** The struct fields they stand for, in the source declaration. */
    readonly structFields: readonly string[];
  };
  /** One per output column, partition columns included, in SELECT order. */
  readonly columns: readonly MappedColumn[];
}

export interface MappedColumn {
  readonly name: string;
  readonly type: SqlType;
  readonly expr: MappingExpr;
}

export type MappingExpr =
  | { readonly kind: 'field'; readonly alias: string; readonly field: string }
  | { readonly kind: 'cast'; readonly expr: MappingExpr; readonly type: SqlType };

export type DataTest =
  | { readonly kind: 'not_null'; readonly column: string }
  | { readonly kind: 'unique'; readonly column: string }
  | { readonly kind: 'relationship'; readonly column: string; readonly toModel: string; readonly toColumn: string }
  | { readonly kind: 'accepted_range'; readonly column: string; readonly min?: number; readonly max?: number };

/** Finds a model by name or throws. */
export function getModel(manifest: Manifest, name: string): ModelEntry {
  const m = manifest.models.find((x) => x.name === name);
  if (!m) throw new Error(`model "${name}" is not in the manifest; run \`npm run build:models\``);
  return m;
}

export function getTable(manifest: Manifest, name: string): TableEntry {
  const m = getModel(manifest, name);
  if (m.kind !== 'table') throw new Error(`model "${name}" is a ${m.kind}, not a table`);
  return m;
}
