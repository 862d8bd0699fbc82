import type { ProjectConfig } from '../config/define-config.js';
import type { SqlType } from '../compiler/sql-type.js';
import type { CatalogStatement, CopyStatement, EngineStatement, Statement } from '../compiler/statement.js';
import type { QueryStatement } from '../compiler/query-statement.js';
import { renderQueryStatement, type RenderedQuery } from './query-sql.js';
import type { Column, MartEntry, SourceEntry, TableEntry, ViewEntry } from '../manifest/manifest.js';
import { filesObject, HIDDEN_COLUMNS, hiddenLocation, hiddenObject } from '../compiler/table-objects.js';
import { dataTestSql } from './data-test-sql.js';
import type { DialectName, QueryDialect } from './dialects.js';
import { formatSql } from './format-sql.js';
import { parameter, type DialectCapabilities, type SqlRenderer } from './sql-renderer.js';
import { sqlString } from './sql-literals.js';
import { transformSelect, type TransformHooks, type TransformOptions, type Unnest } from './transform-sql.js';
import { renderType, type TypeTable } from './type-table.js';
import { unitCaseSql } from './unit-case-sql.js';
import {
  hiddenListProperties,
  martProperties,
  SOURCE_SERDE_PROPERTIES,
  SOURCE_TABLE_PROPERTIES,
  sqlHash,
  tableProperties,
  VIEW_HASH_PREFIX,
} from './athena/catalog-properties.js';

/**
 * An object of the lake the catalog names: files under a location, read with declared columns.
 * Each dialect's one hook that creates objects ({@link LakeDialect.createObject}) receives these,
 * so what a source, a table, its hidden list or a mart is stays written once, here.
 */
export interface LakeObject {
  readonly role: 'source' | 'table' | 'hidden_list' | 'mart';
  readonly name: string;
  /** The data columns; `undefined` for a mart whose columns the engine has not described yet. */
  readonly columns: readonly Column[] | undefined;
  readonly partitionedBy: readonly Column[];
  readonly comment: string;
  /** Lake-relative prefix (`raw/pos/`); the dialect turns it into its URL or path. */
  readonly location: string;
  /** Parquet files, or JSON Lines read with these SerDe parameters. */
  readonly storage: 'parquet' | { readonly json: Readonly<Record<string, string>> };
  /** The table parameters (Glue's), which migrate diffs. */
  readonly properties: Readonly<Record<string, string>>;
}

/** What a dialect hook may use of the renderer that calls it. */
export interface RenderContext {
  readonly config: ProjectConfig;
  qualify(name: string): string;
  type(t: SqlType): string;
  /** The engine's URL of a lake prefix. */
  lakeUrl(prefix: string): string;
  formatQuery(sql: string): string;
  transformSelect(t: TableEntry, src: SourceEntry, options?: TransformOptions): string;
}

/**
 * One dialect as data plus a few hooks (kysely's `Dialect`, sql-formatter's language files): the
 * shared {@link LakeRenderer} composes them, so no renderer inherits another's text.
 */
export interface LakeDialect {
  readonly name: DialectName;
  /** The dialect of the models' query text this dialect embeds (view bodies, marts) and formats. */
  readonly queryDialect: Extract<QueryDialect, 'trino' | 'duckdb'>;
  readonly capabilities: DialectCapabilities;
  readonly types: TypeTable;
  readonly unnestsToStructColumn: boolean;
  /**
   * How transforms and mart refreshes write: `insert` sends `INSERT INTO <object> <query>`; `copy`
   * renders only the query, which the engine writes (DuckDB: a `copy_to_parquet` statement around it).
   */
  readonly writes: 'insert' | 'copy';
  /**
   * Whether `CREATE VIEW` carries the query's hash as its comment: Trino (and Athena on it) store a
   * view's text re-formatted, so migrate compares the hash rather than the text.
   */
  readonly viewHashComment: boolean;
  /** The URL that `s3://<bucket>/` becomes on this engine. */
  lakeRoot(config: ProjectConfig): string;
  /** A table reference in queries. */
  qualify(database: string, name: string): string;
  /** The lake-relative key of a data file, as the hidden lists record it. */
  fileKeyExpr(alias: string): string;
  /** The join that unnests an array field of the source row. */
  unnestJoin(sourceAlias: string, u: Unnest): string;
  createObject(o: LakeObject, ctx: RenderContext): string;
  /** Migrate's other statements; `undefined` where the target applies a change otherwise. */
  catalogStatement(s: CatalogStatement, ctx: RenderContext): string | undefined;
  /** Only dialects whose engine writes Parquet itself. */
  copyToParquet?(s: CopyStatement): string;
  /** The statements this dialect's engine sends on its own behalf; `undefined` for those it does not send. */
  engineStatement?(s: EngineStatement, ctx: RenderContext): string | undefined;
}

/**
 * Renders statements in any of the dialects that create lake objects (Athena, Trino, DuckDB); the
 * dialect supplies data and hooks. The raw→table query is shared with Spark through transform-sql.ts.
 */
export class LakeRenderer implements SqlRenderer, TransformHooks, RenderContext {
  readonly dialect: DialectName;
  readonly capabilities: DialectCapabilities;
  readonly unnestsToStructColumn: boolean;

  /**
   * `format: false` skips sql-formatter (≈ 80 % of a build's time): the text is only re-laid-out, the
   * hashes migrate compares are taken before formatting, so in-memory renders that are executed and
   * never shown may skip it. Default: formatted, as in the committed `sql/`.
   */
  constructor(
    private readonly hooks: LakeDialect,
    readonly config: ProjectConfig,
    private readonly options: { readonly format?: boolean } = {},
  ) {
    this.dialect = hooks.name;
    this.capabilities = hooks.capabilities;
    this.unnestsToStructColumn = hooks.unnestsToStructColumn;
  }

  /** The language of the models' query text this dialect runs (view bodies, marts, unit cases). */
  get queryDialect(): LakeDialect['queryDialect'] {
    return this.hooks.queryDialect;
  }

  get timestampWriteType(): string {
    return this.capabilities.timestampWriteType;
  }

  render(s: Statement): string | undefined {
    switch (s.kind) {
      case 'create_source_table':
        return this.hooks.createObject(sourceObject(s.source), this);
      case 'create_table':
        return this.hooks.createObject(this.tableObject(s.table, s.object), this);
      case 'create_hidden_list':
        return this.hooks.createObject(this.hiddenListObject(s.table, s.object), this);
      case 'create_table_view':
        return this.formatQuery(this.viewStatement(s.table.name, this.tableViewQuery(s.table)));
      case 'transform':
        return this.transform(s.table, s.source);
      case 'create_view':
        return this.formatQuery(this.viewStatement(s.view.name, this.body(s.view)));
      case 'create_mart':
        return this.hooks.createObject(martObject(s.mart, s.columns), this);
      case 'refresh_partitions':
        return this.refreshPartitions(s.mart);
      case 'data_test':
        return this.formatQuery(dataTestSql(this.qualify(s.object), s.test, (n) => this.qualify(n)));
      case 'copy_to_parquet':
        return this.hooks.copyToParquet?.(s);
      case 'select':
      case 'union_all':
        return this.renderQuery(s).sql;
      case 'unit_case':
        return unitCaseSql(s, (t) => this.type(t));
      case 'database_exists':
      case 'list_objects':
      case 'list_view_definitions':
      case 'list_object_comments':
      case 'list_columns':
      case 'table_parameters':
      case 'show_create_table':
      case 'set_variable':
      case 'describe_object':
      case 'create_stand_in':
      case 'batch_transform':
      case 'key_rule_dropped':
      case 'batch_keys':
        return this.hooks.engineStatement?.(s, this);
      default:
        return this.hooks.catalogStatement(s, this);
    }
  }

  /** {@link render} for a statement this dialect must have: an error names the statement and dialect otherwise. */
  sql(s: Statement): string {
    const sql = this.render(s);
    if (sql === undefined) throw new Error(`the ${this.dialect} dialect has no ${s.kind} statement`);
    return sql;
  }

  /** A run-time query (query-sql.ts) with its parameters, in this dialect's placeholder style. */
  renderQuery(s: QueryStatement): RenderedQuery {
    return renderQueryStatement(s, this);
  }

  qualify(name: string): string {
    return this.hooks.qualify(this.config.athena.database, name);
  }

  /** A column type in queries (DDL types may differ: athena/hive-ddl.ts). */
  type(t: SqlType): string {
    return renderType(t, this.hooks.types);
  }

  lakeUrl(prefix: string): string {
    return `${this.hooks.lakeRoot(this.config)}${prefix}`;
  }

  formatQuery(sql: string): string {
    if (this.options.format === false) return sql;
    return formatSql(sql, this.hooks.queryDialect);
  }

  unnestJoin(sourceAlias: string, u: Unnest): string {
    return this.hooks.unnestJoin(sourceAlias, u);
  }

  /** The table parameters a `ALTER TABLE … SET TBLPROPERTIES` would set; migrate diffs these. */
  tableProperties(t: TableEntry): Record<string, string> {
    return tableProperties(t, (p) => this.lakeUrl(p));
  }

  private tableObject(t: TableEntry, name: string = filesObject(t)): LakeObject {
    const { columns, partitionedBy, description: comment, location } = t;
    return { role: 'table', name, columns, partitionedBy, comment, location, storage: 'parquet', properties: this.tableProperties(t) };
  }

  /** The per-partition lists of files readers skip (see compiler/table-objects.ts): JSON Lines, projected like the table. */
  private hiddenListObject(t: TableEntry, name: string): LakeObject {
    const tables = this.config.lake.prefixes.tables;
    return {
      role: 'hidden_list',
      name,
      columns: HIDDEN_COLUMNS,
      partitionedBy: t.partitionedBy,
      comment: `Files of ${t.name} that readers skip while compaction replaces them (docs/compaction.md).`,
      location: hiddenLocation(t, tables),
      storage: { json: {} },
      properties: hiddenListProperties(t, tables, (p) => this.lakeUrl(p)),
    };
  }

  /** What analysts query as the table: its files minus the hidden ones. */
  private tableViewQuery(t: TableEntry): string {
    const cols = [...t.columns, ...t.partitionedBy].map((c) => `f.${c.name}`).join(', ');
    const partitionJoin = t.partitionedBy.map((c) => `h.${c.name} = f.${c.name}`).join(' AND ');
    return `SELECT ${cols}\nFROM ${this.qualify(filesObject(t))} AS f\nWHERE NOT EXISTS (SELECT 1 FROM ${this.qualify(hiddenObject(t))} AS h WHERE ${partitionJoin} AND h.file = ${this.hooks.fileKeyExpr('f')})`;
  }

  /** The query a view statement stores, before formatting (what migrate hashes and compares). */
  viewQuery(s: Extract<Statement, { kind: 'create_view' | 'create_table_view' }>): string {
    return s.kind === 'create_view' ? this.body(s.view) : this.tableViewQuery(s.table);
  }

  private viewStatement(name: string, query: string): string {
    const comment = this.hooks.viewHashComment ? ` COMMENT ${sqlString(`${VIEW_HASH_PREFIX}${sqlHash(query)}`)}` : '';
    return `CREATE OR REPLACE VIEW ${this.qualify(name)}${comment} AS\n${query}`;
  }

  /** A model's query in this dialect's query language. */
  private body(m: ViewEntry | MartEntry): string {
    return m.sql[this.hooks.queryDialect];
  }

  /** The raw→table mapping as a query over the source. */
  transformSelect(t: TableEntry, src: SourceEntry, options?: TransformOptions): string {
    return transformSelect(t, src, this, options);
  }

  /**
   * The raw→table INSERT an Athena user can run. A partitioned table's is windowed like the mart
   * refresh: one statement writes only the partitions `BETWEEN ? AND ?`, because an INSERT may write
   * at most `maxPartitionsPerWrite` partitions (Athena: 100) and the history spans more days than that.
   */
  private transform(t: TableEntry, src: SourceEntry): string {
    if (this.hooks.writes === 'copy') return this.formatQuery(this.transformSelect(t, src));
    const insert = `INSERT INTO ${this.qualify(filesObject(t))}`;
    const key = t.partitionedBy[0];
    if (key === undefined) return this.formatQuery(`${insert}\n${this.transformSelect(t, src)}`);
    const max = this.capabilities.maxPartitionsPerWrite;
    const usage = [
      `-- Writes the ${key.name} partitions BETWEEN the two parameters (yyyy-MM-dd, inclusive). An INSERT`,
      `-- writes at most ${max} partitions, so run it once per window of at most ${max} days, e.g.:`,
      `--   PREPARE backfill_${t.name} FROM <this statement>;`,
      `--   EXECUTE backfill_${t.name} USING '2024-01-01', '2024-04-09';`,
      `--   EXECUTE backfill_${t.name} USING '2024-04-10', '2024-07-18'; …`,
      `-- (src/compiler/refresh-windows.ts splits a range the same way for the mart refresh.)`,
    ].join('\n');
    return `${usage}\n${this.formatQuery(`${insert}\nSELECT * FROM (\n${this.transformSelect(t, src)}\n) AS transformed\nWHERE ${this.between(key.name)}`)}`;
  }

  /** `<column> BETWEEN <first parameter> AND <second parameter>`. */
  private between(column: string): string {
    const style = this.capabilities.parameterStyle;
    return `${column} BETWEEN ${parameter(style, 1)} AND ${parameter(style, 2)}`;
  }

  /** A query with the mart's output columns and no rows: the engine's description of it gives the mart's columns. */
  martColumnsQuery(c: MartEntry): string {
    return this.formatQuery(`SELECT * FROM (\n${this.body(c)}\n) AS mart\nWHERE false`);
  }

  /** The first and last partition the mart's query yields (`lo`, `hi`), to fill a new build. */
  martRangeQuery(c: MartEntry): string {
    return this.formatQuery(`SELECT min(${c.incrementalKey}) AS lo, max(${c.incrementalKey}) AS hi FROM (\n${this.body(c)}\n) AS mart`);
  }

  /** Refills one window of partitions; parameters are the first and last partition value. */
  private refreshPartitions(c: MartEntry): string {
    const window = `SELECT * FROM (\n${this.body(c)}\n) AS refreshed\nWHERE ${this.between(c.incrementalKey)}`;
    return this.formatQuery(this.hooks.writes === 'insert' ? `INSERT INTO ${this.qualify(c.name)}\n${window}` : window);
  }
}

function sourceObject(src: SourceEntry): LakeObject {
  const { name, columns, description: comment, location } = src;
  return {
    role: 'source',
    name,
    columns,
    partitionedBy: [],
    comment,
    location,
    storage: { json: SOURCE_SERDE_PROPERTIES },
    properties: SOURCE_TABLE_PROPERTIES,
  };
}

/**
 * A mart is an external table at its own location, filled by refresh_partitions in windows (one
 * INSERT over more than 100 days fails with HIVE_TOO_MANY_OPEN_PARTITIONS). `columns` come from
 * the engine (migrate/apply-mart.ts); partition columns are varchar until the engine says otherwise.
 */
function martObject(c: MartEntry, columns: readonly Column[] | undefined): LakeObject {
  const all = columns ?? [];
  return {
    role: 'mart',
    name: c.name,
    columns: columns && all.filter((x) => !c.partitionedBy.includes(x.name)),
    partitionedBy: c.partitionedBy.map((p) => all.find((x) => x.name === p) ?? { name: p, type: { kind: 'varchar' } }),
    comment: c.description,
    location: c.location,
    storage: 'parquet',
    properties: martProperties(c),
  };
}
