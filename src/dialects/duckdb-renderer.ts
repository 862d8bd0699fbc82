import type { SqlType } from '../compiler/sql-type.js';
import type { Column, CtasEntry, SourceEntry, TableEntry, ViewEntry } from '../manifest/manifest.js';
import { filesObject, HIDDEN_COLUMNS, hiddenLocation } from '../compiler/table-objects.js';
import { AthenaRenderer } from './athena-renderer.js';
import type { DialectCapabilities, DialectName } from './sql-dialect.js';
import { SCALAR_TYPE_NAMES } from './vocabulary/type-names.js';

/**
 * The local engine's dialect. The lake is a folder, so "external tables" are views over
 * `read_parquet`/`read_json` globs rooted at `getvariable('lake_dir')`, which the engine sets;
 * new `dt=` folders show up with no catalog change, like partition projection on Athena.
 */
export class DuckdbRenderer extends AthenaRenderer {
  override readonly dialect: DialectName = 'duckdb';
  override readonly capabilities: DialectCapabilities = {
    externalTables: false,
    partitionDiscovery: 'glob',
    parameterStyle: '$n',
    maxPartitionsPerWrite: Number.POSITIVE_INFINITY,
    // DuckDB writes TIMESTAMP as INT64 micros; TIMESTAMP_MS makes the Parquet match what Glue and the Lambda write.
    timestampWriteType: 'TIMESTAMP_MS',
  };
  protected override readonly unnestsToStructColumn = true;
  protected override readonly formatterLanguage = 'duckdb' as const;

  override qualify(name: string): string {
    return name;
  }

  override type(t: SqlType): string {
    switch (t.kind) {
      case 'decimal':
        return `DECIMAL(${t.precision}, ${t.scale})`;
      case 'char':
        // DuckDB has no fixed-length text; its CHAR(n) is VARCHAR and ignores the length.
        return 'VARCHAR';
      case 'array':
        return `${this.type(t.element)}[]`;
      case 'map':
        return `MAP(${this.type(t.key)}, ${this.type(t.value)})`;
      case 'struct':
        return `STRUCT(${t.fields.map((f) => `${f.name} ${this.type(f.type)}`).join(', ')})`;
      default:
        return SCALAR_TYPE_NAMES.duckdb[t.kind];
    }
  }

  /** A path under the lake folder, as a DuckDB expression. */
  lakePath(suffix: string): string {
    return `getvariable('lake_dir') || ${this.literal(`/${suffix}`)}`;
  }

  /** The glob that matches every data file of a table (hive `dt=` folders when partitioned). */
  tableGlob(location: string, partitioned: boolean): string {
    return `${location}${partitioned ? '*/' : ''}*.parquet`;
  }

  protected override createSourceTable(src: SourceEntry): string {
    const columns = src.columns.map((c) => `${this.literal(c.name)}: ${this.literal(this.type(c.type))}`).join(', ');
    return this.formatQuery(
      `CREATE OR REPLACE VIEW ${src.name} AS\nSELECT * FROM read_json(${this.lakePath(`${src.location}**/*.jsonl`)}, format = 'newline_delimited', columns = {${columns}})`,
    );
  }

  protected override createTable(t: TableEntry, object: string = filesObject(t)): string {
    return this.formatQuery(`CREATE OR REPLACE VIEW ${object} AS\n${this.tableSelect(t)}`);
  }

  protected override createHiddenList(t: TableEntry, object: string): string {
    const all = [...HIDDEN_COLUMNS, ...t.partitionedBy];
    const columns = HIDDEN_COLUMNS.map((c) => `${this.literal(c.name)}: ${this.literal(this.type(c.type))}`).join(', ');
    const hiveTypes = t.partitionedBy.map((c) => `${this.literal(c.name)}: ${this.type(c.type)}`).join(', ');
    const glob = this.lakePath(`${hiddenLocation(t, this.config.lake.prefixes.tables)}*/*.jsonl`);
    return this.formatQuery(
      `CREATE OR REPLACE VIEW ${object} AS\nSELECT ${all.map((c) => c.name).join(', ')} FROM read_json(${glob}, format = 'newline_delimited', columns = {${columns}}, hive_partitioning = true, hive_types = {${hiveTypes}})`,
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

  /** Reads a table's files with the declared types (Parquet from any writer reads the same). */
  private tableSelect(t: TableEntry): string {
    const partitioned = t.partitionedBy.length > 0;
    const glob = this.lakePath(this.tableGlob(t.location, partitioned));
    const hiveTypes = t.partitionedBy.map((c) => `${this.literal(c.name)}: ${this.type(c.type)}`).join(', ');
    // Partitioned tables expose each row's file (lake-relative), which the visibility view filters on.
    const options = partitioned ? `, hive_partitioning = true, hive_types = {${hiveTypes}}, union_by_name = true, filename = true` : ', hive_partitioning = false, union_by_name = true';
    const all = [...t.columns, ...t.partitionedBy, ...(partitioned ? [{ name: 'filename', type: { kind: 'varchar' } } as const] : [])];
    const cols = all
      .map((c) =>
        c.name === 'filename' ? `substr(filename, length(getvariable('lake_dir')) + 2) AS file` : `CAST(${c.name} AS ${this.type(c.type)}) AS ${c.name}`,
      )
      .join(',\n');
    // The empty typed branch gives every declared column even when no file has it yet (a column
    // added by migrate reads as NULL in older files, as on Athena); columns only in files are ignored.
    return `SELECT\n${cols}\nFROM (\n${this.emptySelect(all)}\nUNION ALL BY NAME\nSELECT * FROM read_parquet(${glob}${options})\n) AS files`;
  }

  /** A zero-row stand-in with the table's columns, for a table that has no file yet (a glob matching nothing is an error in DuckDB). */
  emptySelect(columns: readonly Column[]): string {
    return `SELECT ${columns.map((c) => `CAST(NULL AS ${this.type(c.type)}) AS ${c.name}`).join(', ')} WHERE false`;
  }

  protected override unnestJoin(sourceAlias: string, u: NonNullable<TableEntry['mapping']['unnest']>): string {
    return `CROSS JOIN LATERAL (SELECT unnest(${sourceAlias}.${u.field}) AS item) AS ${u.alias}`;
  }


  /** DuckDB writes with COPY, which the engine wraps around this query (its target path is not an expression). */
  protected override transform(t: TableEntry, src: SourceEntry): string {
    return this.formatQuery(this.transformSelect(t, src));
  }

  protected override body(m: ViewEntry | CtasEntry): string {
    return m.sql.duckdb;
  }

  /** Marts are Parquet under the lake like tables; the catalog object is a view over them. */
  protected override createTableAs(c: CtasEntry, _columns?: readonly Column[]): string {
    return this.formatQuery(`CREATE OR REPLACE VIEW ${c.name} AS\n${this.martSelect(c)}`);
  }

  private martSelect(c: CtasEntry): string {
    const glob = this.lakePath(this.tableGlob(c.location, true));
    const hiveTypes = c.partitionedBy.map((p) => `${this.literal(p)}: VARCHAR`).join(', ');
    return `SELECT * FROM read_parquet(${glob}, hive_partitioning = true, hive_types = {${hiveTypes}}, union_by_name = true)`;
  }

  /** The mart's query for one window; the engine writes its result into the window's partitions. */
  protected override refreshPartitions(c: CtasEntry): string {
    return this.formatQuery(`SELECT * FROM (\n${this.body(c)}\n) AS refreshed\nWHERE ${c.incrementalKey} BETWEEN $1 AND $2`);
  }
}
