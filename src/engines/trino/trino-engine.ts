import { parseSqlType } from '../../compiler/sql-type.js';
import type { ProjectConfig } from '../../config/define-config.js';
import type { Column } from '../../manifest/manifest.js';
import type { CatalogObject, CatalogSnapshot, Engine, QueryParams, QueryResult, Row } from '../engine.js';
import { VIEW_HASH_PREFIX } from '../../dialects/athena/catalog-properties.js';
import type { EngineStatement } from '../../compiler/statement.js';
import type { LakeRenderer } from '../../dialects/lake-renderer.js';
import { fromTrinoLocation, trinoRenderer } from '../../dialects/trino/trino-renderer.js';
import { trinoStatement, type TrinoSession } from './trino-client.js';
import { ensureTrinoServer, TRINO_CATALOG, type StartOptions } from './trino-server.js';

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
    /** Renders the catalog reads (dialects/trino/trino-catalog-sql.ts). */
    private readonly renderer: LakeRenderer,
  ) {}

  /** Starts (or reuses) the lake's server, then connects to it. */
  static async open(lakeDir: string, config: ProjectConfig, options: StartOptions = {}): Promise<TrinoEngine> {
    const server = await ensureTrinoServer(lakeDir, options);
    return new TrinoEngine(
      { url: server.url, user: 'lakehouse', catalog: TRINO_CATALOG, schema: config.athena.database },
      server.lakeDir,
      config.lake.bucket,
      trinoRenderer(config),
    );
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

  private read(s: EngineStatement): Promise<QueryResult> {
    return this.query(this.renderer.sql(s));
  }

  async readCatalog(): Promise<CatalogSnapshot> {
    const exists = await this.read({ kind: 'database_exists' });
    if (Number(exists.rows[0]?.n ?? 0) === 0) return { databaseExists: false, objects: new Map() };
    const objects = new Map<string, CatalogObject>();
    const tables = await this.read({ kind: 'list_objects' });
    const views = new Map((await this.read({ kind: 'list_view_definitions' })).rows.map((r) => [String(r.table_name), String(r.view_definition ?? '')]));
    const comments = new Map(
      (await this.read({ kind: 'list_object_comments', catalog: TRINO_CATALOG })).rows.map((r) => [
        String(r.table_name),
        r.comment === null ? undefined : String(r.comment),
      ]),
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
    const cols = await this.read({ kind: 'list_columns', object: name });
    const columns: Column[] = [];
    const partitionKeys: Column[] = [];
    for (const c of cols.rows) {
      const col = { name: String(c.column_name), type: parseSqlType(String(c.data_type).replace(/timestamp\(\d\)/g, 'timestamp')) };
      (c.extra_info === 'partition key' ? partitionKeys : columns).push(col);
    }
    const props = (await this.read({ kind: 'table_parameters', object: name })).rows[0] ?? {};
    const properties = Object.fromEntries(
      Object.entries(props)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, fromTrinoLocation(String(v), this.bucket)]),
    );
    const ddl = String((await this.read({ kind: 'show_create_table', object: name })).rows[0]?.['Create Table'] ?? '');
    const location = /external_location = '([^']*)'/.exec(ddl)?.[1] ?? '';
    const bucketUrl = `s3://${this.bucket}/`;
    const s3Location = fromTrinoLocation(location, this.bucket);
    return {
      kind: 'table',
      name,
      columns,
      partitionKeys,
      location: s3Location.startsWith(bucketUrl) ? s3Location.slice(bucketUrl.length) : s3Location,
      properties,
    };
  }

  async close(): Promise<void> {
    // The server outlives the engine on purpose: the next command reuses it (`npm run trino -- stop` ends it).
  }
}
