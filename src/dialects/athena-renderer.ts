import type { ProjectConfig } from '../config/define-config.js';
import type { SqlType } from '../compiler/sql-type.js';
import type { Statement } from '../compiler/statement.js';
import type { Column, CtasEntry, DataTest, MappingExpr, SourceEntry, TableEntry, ViewEntry } from '../manifest/manifest.js';
import { filesObject, HIDDEN_COLUMNS, hiddenLocation, hiddenObject } from '../compiler/table-objects.js';
import { assertUnreachable } from '../util/assert-unreachable.js';
import { formatSql, type FormatterLanguage } from './format-sql.js';
import type { DialectCapabilities, DialectName, SqlRenderer } from './sql-dialect.js';
import { SCALAR_TYPE_NAMES } from './vocabulary/type-names.js';
import { createHash } from 'node:crypto';

/** How a view's comment carries the hash of its query (read back by the Trino and Athena catalog readers). */
export const VIEW_HASH_PREFIX = 'model.sql_sha256=';

/** Table parameter holding a hash of a mart's query, so migrate can tell when its definition changed. */
export const MART_HASH_PROPERTY = 'model.sql_sha256';

/** The hash migrate compares for views and marts. */
export function sqlHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}


/**
 * The reference renderer: Athena's DDL in the Hive dialect and its views, CTAS and INSERTs in the
 * Trino dialect. DuckDB and Spark extend it and override only what differs.
 */
export class AthenaRenderer implements SqlRenderer {
  readonly dialect: DialectName = 'athena';
  readonly capabilities: DialectCapabilities = {
    externalTables: true,
    partitionDiscovery: 'projection',
    parameterStyle: '?',
    maxPartitionsPerWrite: 100,
    timestampWriteType: 'timestamp',
  };
  protected readonly formatterLanguage: FormatterLanguage = 'trino';

  /**
   * `format: false` skips sql-formatter (≈ 80 % of a build's time): the text is only re-laid-out, the
   * hashes migrate compares are taken before formatting, so in-memory renders that are executed and
   * never shown may skip it. Default: formatted, as in the committed `sql/`.
   */
  constructor(
    protected readonly config: ProjectConfig,
    private readonly options: { readonly format?: boolean } = {},
  ) {}

  render(s: Statement): string | undefined {
    switch (s.kind) {
      case 'create_source_table':
        return this.createSourceTable(s.source);
      case 'create_table':
        return this.createTable(s.table, s.object);
      case 'create_hidden_list':
        return this.createHiddenList(s.table, s.object);
      case 'create_table_view':
        return this.createTableView(s.table);
      case 'transform':
        return this.transform(s.table, s.source);
      case 'create_view':
        return this.createView(s.view);
      case 'create_table_as':
        return this.createTableAs(s.ctas, s.columns);
      case 'refresh_partitions':
        return this.refreshPartitions(s.ctas);
      case 'data_test':
        return this.dataTest(s.object, s.test);
      default:
        return assertUnreachable(s);
    }
  }

  // ---- names and types -------------------------------------------------------------------

  /** A table reference in queries. */
  qualify(name: string): string {
    return `${this.quote(this.config.athena.database)}.${this.quote(name)}`;
  }

  quote(name: string): string {
    return `"${name.replace(/"/g, '""')}"`;
  }

  /** Type in queries (Trino). */
  type(t: SqlType): string {
    switch (t.kind) {
      case 'decimal':
        return `decimal(${t.precision}, ${t.scale})`;
      case 'char':
        return `char(${t.length})`;
      case 'array':
        return `array(${this.type(t.element)})`;
      case 'map':
        return `map(${this.type(t.key)}, ${this.type(t.value)})`;
      case 'struct':
        return `row(${t.fields.map((f) => `${f.name} ${this.type(f.type)}`).join(', ')})`;
      default:
        return SCALAR_TYPE_NAMES.trino[t.kind];
    }
  }

  /** Type in DDL (Hive). */
  hiveType(t: SqlType): string {
    switch (t.kind) {
      case 'decimal':
        return `decimal(${t.precision},${t.scale})`;
      case 'char':
        return `char(${t.length})`;
      case 'array':
        return `array<${this.hiveType(t.element)}>`;
      case 'map':
        return `map<${this.hiveType(t.key)},${this.hiveType(t.value)}>`;
      case 'struct':
        return `struct<${t.fields.map((f) => `${f.name}:${this.hiveType(f.type)}`).join(',')}>`;
      default:
        return SCALAR_TYPE_NAMES.hive[t.kind];
    }
  }

  protected s3(prefix: string): string {
    return `s3://${this.config.lake.bucket}/${prefix}`;
  }

  /** A string literal in queries (Trino): a quote is doubled. */
  protected literal(text: string): string {
    return `'${text.replace(/'/g, "''")}'`;
  }

  /**
   * A string literal in DDL (Hive's lexer, which Athena DDL uses): C-style escapes. `''` would not do:
   * Hive reads `'a''b'` as two adjacent literals and concatenates them, dropping the apostrophe.
   */
  hiveLiteral(text: string): string {
    const escaped = text.replace(/[\\'\n\r\t\0]/g, (c) => ({ '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t', '\0': '\\0' })[c]!);
    return `'${escaped}'`;
  }

  protected formatQuery(sql: string): string {
    if (this.options.format === false) return sql;
    return formatSql(sql, this.formatterLanguage);
  }

  // ---- DDL (Hive) --------------------------------------------------------------------------

  private hiveColumns(columns: readonly Column[]): string {
    return columns.map((c) => `  \`${c.name}\` ${this.hiveType(c.type)}`).join(',\n');
  }

  private hiveName(name: string): string {
    return `\`${this.config.athena.database}\`.\`${name}\``;
  }

  protected createSourceTable(src: SourceEntry): string {
    return [
      `CREATE EXTERNAL TABLE ${this.hiveName(src.name)} (`,
      this.hiveColumns(src.columns),
      ')',
      `COMMENT ${this.hiveLiteral(src.description)}`,
      `ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'`,
      `WITH SERDEPROPERTIES (${Object.entries(this.sourceSerdeProperties())
        .map(([k, v]) => `${this.literal(k)} = ${this.literal(v)}`)
        .join(', ')})`,
      `STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'`,
      `OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'`,
      `LOCATION ${this.hiveLiteral(this.s3(src.location))}`,
      `TBLPROPERTIES (${Object.entries(this.sourceTableProperties())
        .map(([k, v]) => `${this.hiveLiteral(k)} = ${this.hiveLiteral(v)}`)
        .join(', ')})`,
    ].join('\n');
  }

  /** The raw JSON sources' SerDe parameters: a malformed line reads as NULLs instead of failing the query. */
  sourceSerdeProperties(): Record<string, string> {
    return { 'ignore.malformed.json': 'true' };
  }

  /** Table parameters of a raw JSON source, as Glue holds them. */
  sourceTableProperties(): Record<string, string> {
    return { classification: 'json' };
  }

  protected createTable(t: TableEntry, object: string = filesObject(t)): string {
    const props = Object.entries(this.tableProperties(t));
    return [
      `CREATE EXTERNAL TABLE ${this.hiveName(object)} (`,
      this.hiveColumns(t.columns),
      ')',
      `COMMENT ${this.hiveLiteral(t.description)}`,
      ...(t.partitionedBy.length > 0 ? [`PARTITIONED BY (${t.partitionedBy.map((c) => `\`${c.name}\` ${this.hiveType(c.type)}`).join(', ')})`] : []),
      'STORED AS PARQUET',
      `LOCATION ${this.hiveLiteral(this.s3(t.location))}`,
      'TBLPROPERTIES (',
      props.map(([k, v]) => `  ${this.hiveLiteral(k)} = ${this.hiveLiteral(v)}`).join(',\n'),
      ')',
    ].join('\n');
  }

  /** Partition projection properties for a `dt`-style partition under `location`. */
  protected projectionProperties(t: TableEntry, location: string): [string, string][] {
    const p = t.projection;
    if (!p) return [];
    return [
      ['projection.enabled', 'true'],
      [`projection.${p.column}.type`, p.type],
      [`projection.${p.column}.format`, p.format],
      [`projection.${p.column}.range`, `${p.rangeStart},${p.rangeEnd}`],
      [`projection.${p.column}.interval`, String(p.interval)],
      [`projection.${p.column}.interval.unit`, p.unit],
      ['storage.location.template', `${this.s3(location)}${t.partitionedBy.map((c) => `${c.name}=\${${c.name}}`).join('/')}/`],
    ];
  }

  /** The per-partition lists of files readers skip (see compiler/table-objects.ts): JSON Lines, projected like the table. */
  protected createHiddenList(t: TableEntry, object: string): string {
    const location = hiddenLocation(t, this.config.lake.prefixes.tables);
    return [
      `CREATE EXTERNAL TABLE ${this.hiveName(object)} (`,
      this.hiveColumns(HIDDEN_COLUMNS),
      ')',
      `COMMENT ${this.hiveLiteral(`Files of ${t.name} that readers skip while compaction replaces them (docs/compaction.md).`)}`,
      `PARTITIONED BY (${t.partitionedBy.map((c) => `\`${c.name}\` ${this.hiveType(c.type)}`).join(', ')})`,
      `ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'`,
      `STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'`,
      `OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'`,
      `LOCATION ${this.hiveLiteral(this.s3(location))}`,
      'TBLPROPERTIES (',
      Object.entries(this.hiddenListProperties(t))
        .map(([k, v]) => `  ${this.hiveLiteral(k)} = ${this.hiveLiteral(v)}`)
        .join(',\n'),
      ')',
    ].join('\n');
  }

  /** Table parameters of a hidden list: JSON, projected like its table. */
  hiddenListProperties(t: TableEntry): Record<string, string> {
    return Object.fromEntries([['classification', 'json'], ...this.projectionProperties(t, hiddenLocation(t, this.config.lake.prefixes.tables))]);
  }

  /**
   * The key of a data file relative to the lake root, as the hidden lists record it: `$path` less
   * its `scheme://authority/` (`s3://<bucket>/` on Athena, `local:///` on Trino over the lake folder).
   */
  protected fileKeyExpr(alias: string): string {
    return `regexp_replace(${alias}."$path", '^[a-z0-9]+://[^/]*/', '')`;
  }

  /** What analysts query as the table: its files minus the hidden ones. */
  protected createTableView(t: TableEntry): string {
    return this.formatQuery(this.viewStatement(t.name, this.tableViewQuery(t)));
  }

  private tableViewQuery(t: TableEntry): string {
    const cols = [...t.columns, ...t.partitionedBy].map((c) => `f.${c.name}`).join(', ');
    const partitionJoin = t.partitionedBy.map((c) => `h.${c.name} = f.${c.name}`).join(' AND ');
    return `SELECT ${cols}\nFROM ${this.qualify(filesObject(t))} AS f\nWHERE NOT EXISTS (SELECT 1 FROM ${this.qualify(hiddenObject(t))} AS h WHERE ${partitionJoin} AND h.file = ${this.fileKeyExpr('f')})`;
  }

  /** The query a view statement stores, before formatting (what migrate hashes and compares). */
  viewQuery(s: Extract<Statement, { kind: 'create_view' | 'create_table_view' }>): string {
    return s.kind === 'create_view' ? this.body(s.view) : this.tableViewQuery(s.table);
  }

  /**
   * `CREATE OR REPLACE VIEW … COMMENT '<hash>' AS …`: Trino (and Athena on it) store a view's text
   * re-formatted, so migrate compares the hash kept in the view's comment rather than the text.
   */
  protected viewStatement(name: string, query: string): string {
    return `CREATE OR REPLACE VIEW ${this.qualify(name)} COMMENT ${this.literal(`${VIEW_HASH_PREFIX}${sqlHash(query)}`)} AS\n${query}`;
  }

  /** The table properties a `ALTER TABLE … SET TBLPROPERTIES` would set; migrate diffs these. */
  tableProperties(t: TableEntry): Record<string, string> {
    return Object.fromEntries([['parquet.compression', t.compression.toUpperCase()], ...this.projectionProperties(t, t.location)]);
  }

  // ---- queries (Trino) ---------------------------------------------------------------------

  /** The raw→table mapping as a query over the source. */
  transformSelect(t: TableEntry, src: SourceEntry): string {
    const m = t.mapping;
    const cols = m.columns.map((c) => `${this.mappingExpr(c.expr, true, m.unnest?.alias)} AS ${c.name}`).join(',\n');
    return `SELECT\n${cols}\nFROM ${this.qualify(src.name)} AS ${m.sourceAlias}${m.unnest ? `\n${this.unnestJoin(m.sourceAlias, m.unnest)}` : ''}`;
  }

  protected unnestJoin(sourceAlias: string, u: NonNullable<TableEntry['mapping']['unnest']>): string {
    return `CROSS JOIN UNNEST(${sourceAlias}.${u.field}) AS ${u.alias} (${u.structFields.join(', ')})`;
  }

  /** `top` is true for the outermost expression of an output column (the type that is written). */
  protected mappingExpr(e: MappingExpr, top: boolean, unnestAlias: string | undefined): string {
    switch (e.kind) {
      case 'field':
        return this.fieldRef(e.alias, e.field, e.alias === unnestAlias);
      case 'cast':
        return `CAST(${this.mappingExpr(e.expr, false, unnestAlias)} AS ${top && e.type.kind === 'timestamp' ? this.capabilities.timestampWriteType : this.type(e.type)})`;
      default:
        return assertUnreachable(e);
    }
  }

  /**
   * Trino's UNNEST … AS i (a, b) names the element's fields as columns; DuckDB and Spark unnest to
   * one struct column, `item`, whose fields are reached through it.
   */
  protected readonly unnestsToStructColumn: boolean = false;

  /** `unnested`: the alias names an element of the unnested array rather than the source row. */
  protected fieldRef(alias: string, field: string, unnested: boolean): string {
    return unnested && this.unnestsToStructColumn ? `${alias}.item.${field}` : `${alias}.${field}`;
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
    const [p1, p2] = this.capabilities.parameterStyle === '?' ? ['?', '?'] : ['$1', '$2'];
    const usage = [
      `-- Writes the ${key.name} partitions BETWEEN the two parameters (yyyy-MM-dd, inclusive). An INSERT`,
      `-- writes at most ${max} partitions, so run it once per window of at most ${max} days, e.g.:`,
      `--   PREPARE backfill_${t.name} FROM <this statement>;`,
      `--   EXECUTE backfill_${t.name} USING '2024-01-01', '2024-04-09';`,
      `--   EXECUTE backfill_${t.name} USING '2024-04-10', '2024-07-18'; …`,
      `-- (src/compiler/refresh-windows.ts splits a range the same way for the mart refresh.)`,
    ].join('\n');
    return `${usage}\n${this.formatQuery(`${insert}\nSELECT * FROM (\n${this.transformSelect(t, src)}\n) AS transformed\nWHERE ${key.name} BETWEEN ${p1} AND ${p2}`)}`;
  }

  protected createView(v: ViewEntry): string {
    return this.formatQuery(this.viewStatement(v.name, this.body(v)));
  }

  protected body(m: ViewEntry | CtasEntry): string {
    return m.sql.trino;
  }

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
    return [
      `CREATE EXTERNAL TABLE ${this.hiveName(c.name)} (`,
      columns ? this.hiveColumns(data) : "  -- the columns of the mart's query, as the engine describes them when migrate creates it",
      ')',
      `COMMENT ${this.hiveLiteral(c.description)}`,
      `PARTITIONED BY (${partitions.map((p) => `\`${p.name}\` ${this.hiveType(p.type)}`).join(', ')})`,
      'STORED AS PARQUET',
      `LOCATION ${this.hiveLiteral(this.s3(c.location))}`,
      'TBLPROPERTIES (',
      Object.entries(this.martProperties(c))
        .map(([k, v]) => `  ${this.hiveLiteral(k)} = ${this.hiveLiteral(v)}`)
        .join(',\n'),
      ')',
    ].join('\n');
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

  /** A mart's table parameters: its compression and the hash of its query (migrate rebuilds it when that changes). */
  martProperties(c: CtasEntry): Record<string, string> {
    return { 'parquet.compression': c.compression.toUpperCase(), [MART_HASH_PROPERTY]: sqlHash(c.sql.trino) };
  }

  /** Refills one window of partitions; parameters are the first and last partition value. */
  protected refreshPartitions(c: CtasEntry): string {
    const [p1, p2] = this.capabilities.parameterStyle === '?' ? ['?', '?'] : ['$1', '$2'];
    return this.formatQuery(`INSERT INTO ${this.qualify(c.name)}\nSELECT * FROM (\n${this.body(c)}\n) AS refreshed\nWHERE ${c.incrementalKey} BETWEEN ${p1} AND ${p2}`);
  }

  /** A query returning one row, `failures`: the number of rows breaking the test. */
  protected dataTest(model: string, t: DataTest): string {
    const tbl = this.qualify(model);
    const col = t.column;
    let sql: string;
    switch (t.kind) {
      case 'not_null':
        sql = `SELECT count(*) AS failures FROM ${tbl} WHERE ${col} IS NULL`;
        break;
      case 'unique':
        sql = `SELECT count(*) AS failures FROM (SELECT ${col} FROM ${tbl} WHERE ${col} IS NOT NULL GROUP BY ${col} HAVING count(*) > 1) AS duplicates`;
        break;
      case 'relationship':
        sql = `SELECT count(*) AS failures FROM ${tbl} AS child LEFT JOIN ${this.qualify(t.toModel)} AS parent ON child.${col} = parent.${t.toColumn} WHERE child.${col} IS NOT NULL AND parent.${t.toColumn} IS NULL`;
        break;
      case 'accepted_range': {
        const conds = [t.min !== undefined ? `${col} < ${t.min}` : undefined, t.max !== undefined ? `${col} > ${t.max}` : undefined].filter(Boolean);
        sql = `SELECT count(*) AS failures FROM ${tbl} WHERE ${conds.join(' OR ')}`;
        break;
      }
      default:
        return assertUnreachable(t);
    }
    return this.formatQuery(sql);
  }
}
