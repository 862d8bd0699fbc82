import type { SqlType } from '../../compiler/sql-type.js';
import type { CatalogStatement, Statement } from '../../compiler/statement.js';
import type { Column, CtasEntry, SourceEntry, TableEntry } from '../../manifest/manifest.js';
import { filesObject, HIDDEN_COLUMNS, hiddenLocation } from '../../compiler/table-objects.js';
import { AthenaRenderer } from '../athena/athena-renderer.js';
import type { DialectName, QueryDialect } from '../dialects.js';
import type { DialectCapabilities } from '../sql-renderer.js';
import { sqlString } from '../sql-literals.js';
import type { Unnest } from '../transform-sql.js';
import { renderType } from '../type-table.js';
import { DUCKDB_TYPES } from './duckdb-types.js';
import { parquetFilesSelect } from './parquet-files-select.js';

/**
 * The local engine's dialect. The lake is a folder, so "external tables" are views over
 * `read_parquet`/`read_json` globs rooted at `getvariable('lake_dir')`, which the engine sets;
 * new `dt=` folders show up with no catalog change, like partition projection on Athena.
 */
export class DuckdbRenderer extends AthenaRenderer {
  override readonly dialect: DialectName = 'duckdb';
  override readonly capabilities: DialectCapabilities = {
    parameterStyle: '$n',
    maxPartitionsPerWrite: Number.POSITIVE_INFINITY,
    // DuckDB writes TIMESTAMP as INT64 micros; TIMESTAMP_MS makes the Parquet match what Glue and the Lambda write.
    timestampWriteType: 'TIMESTAMP_MS',
  };
  override readonly unnestsToStructColumn = true;
  protected override readonly queryDialect: QueryDialect = 'duckdb';

  override render(s: Statement): string | undefined {
    if (s.kind !== 'copy_to_parquet') return super.render(s);
    const options = ['FORMAT parquet', `COMPRESSION ${s.compression}`, ...(s.partitionBy.length > 0 ? [`PARTITION_BY (${s.partitionBy.join(', ')})`] : [])];
    return `COPY (${s.query}) TO ${sqlString(s.path)} (${options.join(', ')})`;
  }

  /** The local catalog replaces views for every alteration (targets/local-target.ts); only drops remain. */
  protected override catalogStatement(s: CatalogStatement): string | undefined {
    return s.kind === 'drop_object' ? `DROP VIEW IF EXISTS ${this.qualify(s.object)}` : undefined;
  }

  override qualify(name: string): string {
    return name;
  }

  override type(t: SqlType): string {
    return renderType(t, DUCKDB_TYPES);
  }

  /** A path under the lake folder, as a DuckDB expression. */
  private lakePath(suffix: string): string {
    return `getvariable('lake_dir') || ${sqlString(`/${suffix}`)}`;
  }

  /** The glob that matches every data file of a table (hive `dt=` folders when partitioned). */
  private tableGlob(location: string, partitioned: boolean): string {
    return `${location}${partitioned ? '*/' : ''}*.parquet`;
  }

  /** `read_json`'s `columns = {…}` for JSON Lines with these columns. */
  jsonColumns(columns: readonly Column[]): string {
    return `columns = {${columns.map((c) => `${sqlString(c.name)}: ${sqlString(this.type(c.type))}`).join(', ')}}`;
  }

  /** `hive_types = {…}` for these partition columns. */
  private hiveTypes(columns: readonly Column[]): string {
    return `hive_types = {${columns.map((c) => `${sqlString(c.name)}: ${this.type(c.type)}`).join(', ')}}`;
  }

  protected override createSourceTable(src: SourceEntry): string {
    return this.formatQuery(
      `CREATE OR REPLACE VIEW ${src.name} AS\nSELECT * FROM read_json(${this.lakePath(`${src.location}**/*.jsonl`)}, format = 'newline_delimited', ${this.jsonColumns(src.columns)})`,
    );
  }

  protected override createTable(t: TableEntry, object: string = filesObject(t)): string {
    return this.formatQuery(`CREATE OR REPLACE VIEW ${object} AS\n${this.tableSelect(t)}`);
  }

  protected override createHiddenList(t: TableEntry, object: string): string {
    const all = [...HIDDEN_COLUMNS, ...t.partitionedBy];
    const glob = this.lakePath(`${hiddenLocation(t, this.config.lake.prefixes.tables)}*/*.jsonl`);
    return this.formatQuery(
      `CREATE OR REPLACE VIEW ${object} AS\nSELECT ${all.map((c) => c.name).join(', ')} FROM read_json(${glob}, format = 'newline_delimited', ${this.jsonColumns(HIDDEN_COLUMNS)}, hive_partitioning = true, ${this.hiveTypes(t.partitionedBy)})`,
    );
  }

  /** DuckDB's CREATE VIEW has no COMMENT; the local catalog keeps the text as sent, so no hash is needed. */
  protected override viewStatement(name: string, query: string): string {
    return `CREATE OR REPLACE VIEW ${this.qualify(name)} AS\n${query}`;
  }

  /** The lake-relative key of each data file, as the hidden lists record it. */
  protected override fileKeyExpr(alias: string): string {
    return `${alias}.file`;
  }

  /** Reads a table's files with the declared types: one glob over every partition (the local engine narrows it, see parquet-files-select.ts). */
  private tableSelect(t: TableEntry): string {
    const glob = this.tableGlob(t.location, t.partitionedBy.length > 0);
    return parquetFilesSelect({ columns: t.columns, partitionedBy: t.partitionedBy, reads: [{ globs: [glob], unionByName: true }] });
  }

  /** A zero-row stand-in with the table's columns, for a table that has no file yet (a glob matching nothing is an error in DuckDB). */
  emptySelect(columns: readonly Column[]): string {
    return `SELECT ${columns.map((c) => `CAST(NULL AS ${this.type(c.type)}) AS ${c.name}`).join(', ')} WHERE false`;
  }

  /** A zero-row stand-in for a mart: its own query, with no rows. */
  emptyMartSelect(c: CtasEntry): string {
    return `SELECT * FROM (${c.sql.duckdb}) AS empty_mart WHERE false`;
  }

  override unnestJoin(sourceAlias: string, u: Unnest): string {
    return `CROSS JOIN LATERAL (SELECT unnest(${sourceAlias}.${u.field}) AS item) AS ${u.alias}`;
  }

  /** DuckDB writes with COPY (a `copy_to_parquet` statement around this query), not INSERT. */
  protected override transform(t: TableEntry, src: SourceEntry): string {
    return this.formatQuery(this.transformSelect(t, src));
  }

  /** Marts are Parquet under the lake like tables; the catalog object is a view over them. */
  protected override createTableAs(c: CtasEntry, _columns?: readonly Column[]): string {
    const glob = this.lakePath(this.tableGlob(c.location, true));
    const hiveTypes = c.partitionedBy.map((p) => `${sqlString(p)}: VARCHAR`).join(', ');
    return this.formatQuery(`CREATE OR REPLACE VIEW ${c.name} AS\nSELECT * FROM read_parquet(${glob}, hive_partitioning = true, hive_types = {${hiveTypes}}, union_by_name = true)`);
  }

  /** The mart's query for one window; the engine writes its result into the window's partitions. */
  protected override refreshPartitions(c: CtasEntry): string {
    return this.formatQuery(`SELECT * FROM (\n${this.body(c)}\n) AS refreshed\nWHERE ${this.between(c.incrementalKey)}`);
  }
}
