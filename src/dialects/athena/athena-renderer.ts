import type { ProjectConfig } from '../../config/define-config.js';
import type { SqlType } from '../../compiler/sql-type.js';
import type { CatalogStatement, Statement } from '../../compiler/statement.js';
import type { QueryStatement } from '../../compiler/query-statement.js';
import { renderQueryStatement, type RenderedQuery } from '../query-sql.js';
import type { Column, CtasEntry, SourceEntry, TableEntry, ViewEntry } from '../../manifest/manifest.js';
import { filesObject, HIDDEN_COLUMNS, hiddenLocation, hiddenObject } from '../../compiler/table-objects.js';
import { assertUnreachable } from '../../util/assert-unreachable.js';
import { dataTestSql } from '../data-test-sql.js';
import type { DialectName, QueryDialect } from '../dialects.js';
import { formatSql } from '../format-sql.js';
import { parameter, type DialectCapabilities, type SqlRenderer } from '../sql-renderer.js';
import { hiveIdentifier, quoteIdentifier, sqlString } from '../sql-literals.js';
import { transformSelect, type TransformHooks, type TransformOptions, type Unnest } from '../transform-sql.js';
import { renderType } from '../type-table.js';
import { TRINO_TYPES } from '../trino/trino-types.js';
import { hiddenListProperties, martProperties, SOURCE_SERDE_PROPERTIES, SOURCE_TABLE_PROPERTIES, sqlHash, tableProperties, VIEW_HASH_PREFIX } from './catalog-properties.js';
import { alterAddColumns, alterReplaceColumns, alterSetProperties, createExternalTable, hiveName } from './hive-ddl.js';

/**
 * The reference renderer: Athena's DDL in the Hive dialect (athena/hive-ddl.ts) and its views, CTAS
 * and INSERTs in the Trino dialect. The Trino and DuckDB renderers extend it and override only what
 * differs; the raw→table query is shared with every dialect through transform-sql.ts.
 */
export class AthenaRenderer implements SqlRenderer, TransformHooks {
  readonly dialect: DialectName = 'athena';
  readonly capabilities: DialectCapabilities = { parameterStyle: '?', maxPartitionsPerWrite: 100, timestampWriteType: 'timestamp' };
  /** The dialect of the models' query text this renderer embeds (view bodies, marts) and formats. */
  protected readonly queryDialect: QueryDialect = 'trino';
  readonly unnestsToStructColumn: boolean = false;

  /**
   * `format: false` skips sql-formatter (≈ 80 % of a build's time): the text is only re-laid-out, the
   * hashes migrate compares are taken before formatting, so in-memory renders that are executed and
   * never shown may skip it. Default: formatted, as in the committed `sql/`.
   */
  constructor(
    protected readonly config: ProjectConfig,
    private readonly options: { readonly format?: boolean } = {},
  ) {}

  get timestampWriteType(): string {
    return this.capabilities.timestampWriteType;
  }

  render(s: Statement): string | undefined {
    switch (s.kind) {
      case 'create_source_table':
        return this.createSourceTable(s.source);
      case 'create_table':
        return this.createTable(s.table, s.object);
      case 'create_hidden_list':
        return this.createHiddenList(s.table, s.object);
      case 'create_table_view':
        return this.formatQuery(this.viewStatement(s.table.name, this.tableViewQuery(s.table)));
      case 'transform':
        return this.transform(s.table, s.source);
      case 'create_view':
        return this.formatQuery(this.viewStatement(s.view.name, this.body(s.view)));
      case 'create_table_as':
        return this.createTableAs(s.ctas, s.columns);
      case 'refresh_partitions':
        return this.refreshPartitions(s.ctas);
      case 'data_test':
        return this.formatQuery(dataTestSql(this.qualify(s.object), s.test, (n) => this.qualify(n)));
      case 'copy_to_parquet':
        return undefined;
      case 'select':
      case 'union_all':
        return this.renderQuery(s).sql;
      default:
        return this.catalogStatement(s);
    }
  }

  /** Migrate's other statements: Hive DDL for tables, Trino for views. */
  protected catalogStatement(s: CatalogStatement): string | undefined {
    const db = this.config.athena.database;
    switch (s.kind) {
      case 'create_database':
        return `CREATE DATABASE IF NOT EXISTS ${hiveIdentifier(db)}`;
      case 'drop_object':
        return s.objectKind === 'view' ? `DROP VIEW IF EXISTS ${this.qualify(s.object)}` : `DROP TABLE IF EXISTS ${hiveName(db, s.object)}`;
      case 'add_columns':
        return alterAddColumns(db, s.object, s.columns);
      case 'replace_columns':
        return alterReplaceColumns(db, s.object, s.columns);
      case 'set_properties':
        return alterSetProperties(db, s.object, s.properties);
      default:
        return assertUnreachable(s);
    }
  }

  /** A run-time query (query-sql.ts) with its parameters, in this dialect's placeholder style. */
  renderQuery(s: QueryStatement): RenderedQuery {
    return renderQueryStatement(s, this);
  }

  // ---- names and types -------------------------------------------------------------------

  /** A table reference in queries. */
  qualify(name: string): string {
    return `${quoteIdentifier(this.config.athena.database)}.${quoteIdentifier(name)}`;
  }

  /** Type in queries (Trino); DDL types are Hive's (athena/hive-ddl.ts). */
  type(t: SqlType): string {
    return renderType(t, TRINO_TYPES);
  }

  /** The engine's URL of a lake prefix; the one substitution between Athena and Trino. */
  protected s3(prefix: string): string {
    return `s3://${this.config.lake.bucket}/${prefix}`;
  }

  protected formatQuery(sql: string): string {
    if (this.options.format === false) return sql;
    return formatSql(sql, this.queryDialect);
  }

  // ---- tables ------------------------------------------------------------------------------

  protected createSourceTable(src: SourceEntry): string {
    return createExternalTable(this.config.athena.database, {
      name: src.name,
      columns: src.columns,
      comment: src.description,
      partitionedBy: [],
      storage: { json: SOURCE_SERDE_PROPERTIES },
      location: this.s3(src.location),
      properties: SOURCE_TABLE_PROPERTIES,
      propertiesInline: true,
    });
  }

  protected createTable(t: TableEntry, object: string = filesObject(t)): string {
    return createExternalTable(this.config.athena.database, {
      name: object,
      columns: t.columns,
      comment: t.description,
      partitionedBy: t.partitionedBy,
      storage: 'parquet',
      location: this.s3(t.location),
      properties: this.tableProperties(t),
    });
  }

  /** The per-partition lists of files readers skip (see compiler/table-objects.ts): JSON Lines, projected like the table. */
  protected createHiddenList(t: TableEntry, object: string): string {
    return createExternalTable(this.config.athena.database, {
      name: object,
      columns: HIDDEN_COLUMNS,
      comment: hiddenListComment(t),
      partitionedBy: t.partitionedBy,
      storage: { json: {} },
      location: this.s3(hiddenLocation(t, this.config.lake.prefixes.tables)),
      properties: this.hiddenListProperties(t),
    });
  }

  /** The table parameters a `ALTER TABLE … SET TBLPROPERTIES` would set; migrate diffs these. */
  tableProperties(t: TableEntry): Record<string, string> {
    return tableProperties(t, (p) => this.s3(p));
  }

  protected hiddenListProperties(t: TableEntry): Record<string, string> {
    return hiddenListProperties(t, this.config.lake.prefixes.tables, (p) => this.s3(p));
  }

  /**
   * The key of a data file relative to the lake root, as the hidden lists record it: `$path` less
   * its `scheme://authority/` (`s3://<bucket>/` on Athena, `local:///` on Trino over the lake folder).
   */
  protected fileKeyExpr(alias: string): string {
    return `regexp_replace(${alias}."$path", '^[a-z0-9]+://[^/]*/', '')`;
  }

  /** What analysts query as the table: its files minus the hidden ones. */
  private tableViewQuery(t: TableEntry): string {
    const cols = [...t.columns, ...t.partitionedBy].map((c) => `f.${c.name}`).join(', ');
    const partitionJoin = t.partitionedBy.map((c) => `h.${c.name} = f.${c.name}`).join(' AND ');
    return `SELECT ${cols}\nFROM ${this.qualify(filesObject(t))} AS f\nWHERE NOT EXISTS (SELECT 1 FROM ${this.qualify(hiddenObject(t))} AS h WHERE ${partitionJoin} AND h.file = ${this.fileKeyExpr('f')})`;
  }

  // ---- views -------------------------------------------------------------------------------

  /** The query a view statement stores, before formatting (what migrate hashes and compares). */
  viewQuery(s: Extract<Statement, { kind: 'create_view' | 'create_table_view' }>): string {
    return s.kind === 'create_view' ? this.body(s.view) : this.tableViewQuery(s.table);
  }

  /**
   * `CREATE OR REPLACE VIEW … COMMENT '<hash>' AS …`: Trino (and Athena on it) store a view's text
   * re-formatted, so migrate compares the hash kept in the view's comment rather than the text.
   */
  protected viewStatement(name: string, query: string): string {
    return `CREATE OR REPLACE VIEW ${this.qualify(name)} COMMENT ${sqlString(`${VIEW_HASH_PREFIX}${sqlHash(query)}`)} AS\n${query}`;
  }

  /** A model's query in this renderer's query dialect. */
  protected body(m: ViewEntry | CtasEntry): string {
    return m.sql[this.queryDialect === 'duckdb' ? 'duckdb' : 'trino'];
  }

  // ---- raw→table transforms ------------------------------------------------------------------

  /** The raw→table mapping as a query over the source. */
  transformSelect(t: TableEntry, src: SourceEntry, options?: TransformOptions): string {
    return transformSelect(t, src, this, options);
  }

  unnestJoin(sourceAlias: string, u: Unnest): string {
    return `CROSS JOIN UNNEST(${sourceAlias}.${u.field}) AS ${u.alias} (${u.structFields.join(', ')})`;
  }

  /**
   * The raw→table INSERT an Athena user can run. A partitioned table's is windowed like the mart
   * refresh: one statement writes only the partitions `BETWEEN ? AND ?`, because an INSERT may write
   * at most `maxPartitionsPerWrite` partitions (Athena: 100) and the history spans more days than that.
   */
  protected transform(t: TableEntry, src: SourceEntry): string {
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
  protected between(column: string): string {
    const style = this.capabilities.parameterStyle;
    return `${column} BETWEEN ${parameter(style, 1)} AND ${parameter(style, 2)}`;
  }

  // ---- marts -------------------------------------------------------------------------------

  /**
   * Creates the mart as an external table at its own location, empty: the data arrives through
   * {@link refreshPartitions} in windows of at most 100 partitions (one INSERT over more days fails
   * with HIVE_TOO_MANY_OPEN_PARTITIONS). Not a CTAS: a workgroup that enforces its configuration
   * rejects a CTAS that sets `external_location`, and without it the data would land in the
   * query-results bucket, whose objects expire. `columns` come from the engine (see
   * migrate/apply-mart.ts); without them the statement shows where they go.
   */
  protected createTableAs(c: CtasEntry, columns?: readonly Column[]): string {
    const { data, partitions } = this.martColumns(c, columns);
    return createExternalTable(this.config.athena.database, {
      name: c.name,
      columns: columns ? data : "-- the columns of the mart's query, as the engine describes them when migrate creates it",
      comment: c.description,
      partitionedBy: partitions,
      storage: 'parquet',
      location: this.s3(c.location),
      properties: martProperties(c),
    });
  }

  /** The mart's data and partition columns; partition columns default to varchar until the engine says otherwise. */
  protected martColumns(c: CtasEntry, columns: readonly Column[] | undefined): { data: Column[]; partitions: Column[] } {
    const all = columns ?? [];
    return {
      data: all.filter((x) => !c.partitionedBy.includes(x.name)),
      partitions: c.partitionedBy.map((p) => all.find((x) => x.name === p) ?? { name: p, type: { kind: 'varchar' } }),
    };
  }

  /** A query with the mart's output columns and no rows: the engine's description of it gives the mart's columns. */
  martColumnsQuery(c: CtasEntry): string {
    return this.formatQuery(`SELECT * FROM (\n${this.body(c)}\n) AS mart\nWHERE false`);
  }

  /** The first and last partition the mart's query yields (`lo`, `hi`), to fill a new build. */
  martRangeQuery(c: CtasEntry): string {
    return this.formatQuery(`SELECT min(${c.incrementalKey}) AS lo, max(${c.incrementalKey}) AS hi FROM (\n${this.body(c)}\n) AS mart`);
  }

  /** Refills one window of partitions; parameters are the first and last partition value. */
  protected refreshPartitions(c: CtasEntry): string {
    return this.formatQuery(`INSERT INTO ${this.qualify(c.name)}\nSELECT * FROM (\n${this.body(c)}\n) AS refreshed\nWHERE ${this.between(c.incrementalKey)}`);
  }
}

export function hiddenListComment(t: TableEntry): string {
  return `Files of ${t.name} that readers skip while compaction replaces them (docs/compaction.md).`;
}
