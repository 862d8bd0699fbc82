import { parseSqlType } from '../../compiler/sql-type.js';
import type { ProjectConfig } from '../../config/define-config.js';
import type { Column } from '../../manifest/manifest.js';
import type { CatalogObject, CatalogSnapshot, Engine, QueryParams, QueryResult, Row } from '../engine.js';
import { VIEW_HASH_PREFIX } from '../../dialects/athena/catalog-properties.js';
import { quoteIdentifier, sqlString } from '../../dialects/sql-literals.js';
import { fromTrinoLocation } from '../../dialects/trino/trino-renderer.js';
import { trinoStatement, type TrinoSession } from './trino-client.js';
import { ensureTrinoServer, TRINO_CATALOG, type StartOptions } from './trino-server.js';

/** The table parameter carrying a view's SQL hash (see migrate/desired-objects.ts). */

/**
 * The `trino` target: a local Trino server over the lake folder, with a Hive file metastore that
 * holds what Glue would hold on AWS. Statements run over Trino's HTTP protocol.
 */
export class TrinoEngine implements Engine {
  readonly target = 'trino' as const;

  constructor(
    private readonly session: TrinoSession,
    readonly lakeDir: string,
    private readonly bucket: string,
  ) {}

  /** Starts (or reuses) the lake's server, then connects to it. */
  static async open(lakeDir: string, config: ProjectConfig, options: StartOptions = {}): Promise<TrinoEngine> {
    const server = await ensureTrinoServer(lakeDir, options);
    return new TrinoEngine({ url: server.url, user: 'lakehouse', catalog: TRINO_CATALOG, schema: config.athena.database }, server.lakeDir, config.lake.bucket);
  }

  get url(): string {
    return this.session.url;
  }

  async query(sql: string, params?: QueryParams): Promise<QueryResult> {
    let columns: QueryResult['columns'] = [];
    const rows: Row[] = [];
    for await (const page of trinoStatement(this.session, sql, params)) {
      if (columns.length === 0) columns = page.columns;
      rows.push(...page.rows);
    }
    return { columns, rows };
  }

  async *stream(sql: string, params?: QueryParams): AsyncIterable<Row> {
    for await (const page of trinoStatement(this.session, sql, params)) yield* page.rows;
  }

  async readCatalog(): Promise<CatalogSnapshot> {
    const schema = this.session.schema;
    const lit = sqlString(schema);
    const exists = await this.query(`SELECT count(*) AS n FROM information_schema.schemata WHERE schema_name = ${lit}`);
    if (Number(exists.rows[0]?.n ?? 0) === 0) return { databaseExists: false, objects: new Map() };
    const objects = new Map<string, CatalogObject>();
    const tables = await this.query(`SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = ${lit}`);
    const views = new Map(
      (await this.query(`SELECT table_name, view_definition FROM information_schema.views WHERE table_schema = ${lit}`)).rows.map((r) => [
        String(r.table_name),
        String(r.view_definition ?? ''),
      ]),
    );
    const comments = new Map(
      (await this.query(`SELECT table_name, comment FROM system.metadata.table_comments WHERE catalog_name = ${sqlString(TRINO_CATALOG)} AND schema_name = ${lit}`)).rows.map(
        (r) => [String(r.table_name), r.comment === null ? undefined : String(r.comment)],
      ),
    );
    for (const t of tables.rows) {
      const name = String(t.table_name);
      if (t.table_type === 'VIEW') {
        const comment = comments.get(name);
        const sqlHash = comment?.startsWith(VIEW_HASH_PREFIX) ? comment.slice(VIEW_HASH_PREFIX.length) : undefined;
        objects.set(name, { kind: 'view', name, sql: views.get(name) ?? '', ...(sqlHash ? { sqlHash } : {}) });
        continue;
      }
      objects.set(name, await this.readTable(name));
    }
    return { databaseExists: true, objects };
  }

  /** Columns from information_schema, parameters from `"t$properties"`, location from SHOW CREATE TABLE. */
  private async readTable(name: string): Promise<CatalogObject> {
    const q = quoteIdentifier(name);
    const cols = await this.query(
      `SELECT column_name, data_type, extra_info FROM information_schema.columns WHERE table_schema = ${sqlString(this.session.schema)} AND table_name = ${sqlString(name)} ORDER BY ordinal_position`,
    );
    const columns: Column[] = [];
    const partitionKeys: Column[] = [];
    for (const c of cols.rows) {
      const col = { name: String(c.column_name), type: parseSqlType(String(c.data_type).replace(/timestamp\(\d\)/g, 'timestamp')) };
      (c.extra_info === 'partition key' ? partitionKeys : columns).push(col);
    }
    const props = (await this.query(`SELECT * FROM ${quoteIdentifier(`${name}$properties`)}`)).rows[0] ?? {};
    const properties = Object.fromEntries(
      Object.entries(props)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, fromTrinoLocation(String(v), this.bucket)]),
    );
    const ddl = String((await this.query(`SHOW CREATE TABLE ${q}`)).rows[0]?.['Create Table'] ?? '');
    const location = /external_location = '([^']*)'/.exec(ddl)?.[1] ?? '';
    const bucketUrl = `s3://${this.bucket}/`;
    const s3Location = fromTrinoLocation(location, this.bucket);
    return { kind: 'table', name, columns, partitionKeys, location: s3Location.startsWith(bucketUrl) ? s3Location.slice(bucketUrl.length) : s3Location, properties };
  }

  async close(): Promise<void> {
    // The server outlives the engine on purpose: the next command reuses it (`npm run trino -- stop` ends it).
  }
}
