import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { FOOTER_CACHE, lockDownStatements, renderSessionStatement, TRINO_SESSION, type SessionStatement } from '../../dialects/duckdb/session-statements.js';
import { trinoCompatMacroSql } from '../../dialects/duckdb/trino-compat-macros.js';
import { rewriteTrinoStatement } from '../../dialects/duckdb/trino-statement-rewrite.js';
import type { CatalogObject, CatalogSnapshot, Engine, QueryParams, QueryResult, Row } from '../engine.js';
import { QueryFailedError } from '../engine.js';
import { ReadOnlyStatementError } from '../read-only-statement.js';
import { ConnectionPool } from './connection-pool.js';
import { environmentSchema, parseEnvironmentName } from '../../environments/environment-name.js';
import { readLocalCatalog, writeLocalCatalog, type LocalCatalogEntry, type LocalCatalogFile } from './local-catalog.js';
import { NO_FILES, VANISHED_FILE } from './duckdb-file-errors.js';
import { LocalViews } from './local-views.js';
import { assertReadOnlyOnDuckdb } from './read-only-duckdb.js';

export { hasFiles } from './has-files.js';

export interface LocalEngineOptions {
  /** The lake folder (absolute), laid out like the S3 bucket. */
  readonly lakeDir: string;
  /** Concurrent DuckDB connections; queries beyond that wait their turn. @default 2 */
  readonly connections?: number;
  /** DuckDB threads per query. @default DuckDB's own default (the core count) */
  readonly threads?: number;
  /**
   * For analysts' ad-hoc SQL (`npm run query`): once the catalog's views exist, DuckDB may read
   * files inside the lake folder only (`allowed_directories`, `enable_external_access=false`),
   * never install or load an extension, never change that configuration (`lock_configuration`),
   * and every query must be exactly one read-only statement. @default false
   */
  readonly readOnly?: boolean;
  /**
   * Create the lake folder when it does not exist — for the commands that create data (start,
   * backfill, migrate). Others fail with {@link LakeNotFoundError}, naming what to run. @default false
   */
  readonly create?: boolean;
  /**
   * `--env NAME`: the environment's objects live in their own DuckDB schema, replayed from their own
   * catalog file after the main one; names resolve there first, then in main (defer). Migrate's
   * reads and writes of the catalog are the environment's. @default the main environment
   */
  readonly environment?: string;
}

/** The lake folder does not exist, and this command does not create data. */
export class LakeNotFoundError extends Error {
  constructor(readonly lakeDir: string) {
    super(
      `the lake ${lakeDir} does not exist (LAKE_DIR or local.lakeDir in dbt-like.config.ts). ` +
        'Create it with `npm start`, or `npm run generate`, `npm run migrate` and `npm run backfill`; or point LAKE_DIR at an existing lake.',
    );
    this.name = 'LakeNotFoundError';
  }
}

/**
 * A file of a new schema landed in a partition between the engine's read plan and DuckDB's glob
 * (a column added meanwhile): planning again reads that partition with `union_by_name`.
 */
const SCHEMA_CHANGED = /schema mismatch in glob/;

/**
 * A streamed file the query read from the engine's cache vanished, or a file the query's globs do
 * not match appeared, while it ran (partition-read-plan.ts): `query` runs it again.
 */
export class FilesChangedError extends QueryFailedError {
  constructor(sql: string) {
    super('files of a table changed while the query ran (a compaction merged or deleted some); run it again', sql);
    this.name = 'FilesChangedError';
  }
}

/** The lake's top-level folders, created on open so that the layout is there before any writer. */
export const LAKE_FOLDERS = ['raw', 'incoming', 'tables', 'rejected'] as const;

/**
 * The `local` target: DuckDB, in memory, over the lake folder. The catalog (views over the lake's
 * files) is rebuilt at open from `_catalog/catalog.json`, which migrate maintains — so a fresh
 * process sees what the last migrate created and no process ever locks a database file.
 */
export class LocalEngine implements Engine {
  readonly target = 'local' as const;
  private catalog: LocalCatalogFile = { version: 1, entries: [] };
  private readonly views: LocalViews;
  private readonly pool: ConnectionPool;
  private closed = false;
  private readOnly = false;
  /** Set once the main catalog is replayed: the environment whose catalog this engine reads and writes. */
  private environment: string | undefined;

  private constructor(
    readonly lakeDir: string,
    private readonly instance: DuckDBInstance,
    connections: readonly DuckDBConnection[],
    planned: boolean,
  ) {
    this.pool = new ConnectionPool(connections);
    this.views = new LocalViews(lakeDir, { run: (...s) => this.run(...s), assertOneCreateView: (sql) => this.assertOneCreateView(sql) }, planned);
  }

  static async open(options: LocalEngineOptions): Promise<LocalEngine> {
    const lakeDir = path.resolve(options.lakeDir);
    const exists = await stat(lakeDir).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!exists && !options.create) throw new LakeNotFoundError(lakeDir);
    // The layout is there before any writer; on a read-only lake, queries go on without it.
    await Promise.all(
      LAKE_FOLDERS.map((f) =>
        mkdir(path.join(lakeDir, f), { recursive: true }).catch((e: NodeJS.ErrnoException) => {
          if (options.create || !['EACCES', 'EROFS', 'EPERM'].includes(e.code ?? '')) throw e;
        }),
      ),
    );
    const instance = await DuckDBInstance.create(':memory:', options.threads ? { threads: String(options.threads) } : {});
    const session: SessionStatement[] = [...TRINO_SESSION, FOOTER_CACHE, { kind: 'set_variable', name: 'lake_dir', value: lakeDir }];
    const conns: DuckDBConnection[] = [];
    for (let i = 0; i < (options.connections ?? 2); i++) {
      const c = await instance.connect();
      // Temp macros live per connection, so each gets the Trino compatibility library.
      for (const sql of trinoCompatMacroSql()) await c.run(sql);
      for (const s of session) await c.run(renderSessionStatement(s));
      conns.push(c);
    }
    const engine = new LocalEngine(lakeDir, instance, conns, options.environment === undefined);
    await engine.reloadCatalog();
    if (options.environment !== undefined) await engine.enterEnvironment(options.environment, conns);
    if (options.readOnly) {
      await engine.run(...lockDownStatements(lakeDir));
      engine.readOnly = true;
    }
    return engine;
  }

  /** Re-reads the catalog file and recreates every object (used at open and after migrate). */
  async reloadCatalog(): Promise<void> {
    this.catalog = await readLocalCatalog(this.lakeDir, this.environment);
    await this.views.load(this.catalog.entries);
  }

  /**
   * After the main catalog exists: each connection creates and resolves names in the environment's
   * schema first (DuckDB binds a view's names in the view's own schema, so main views keep reading
   * main), then the environment's catalog is replayed there.
   */
  private async enterEnvironment(environment: string, conns: readonly DuckDBConnection[]): Promise<void> {
    // Validated here too: the name becomes SQL and a path, whoever opens the engine.
    const schema = environmentSchema(parseEnvironmentName(environment));
    await conns[0]!.run(renderSessionStatement({ kind: 'create_schema', schema }));
    for (const c of conns) await c.run(renderSessionStatement({ kind: 'set_option', name: 'search_path', value: `${schema},main` }));
    this.environment = environment;
    await this.reloadCatalog();
  }

  /** DuckDB's own reading of a catalog entry: one statement, a CREATE (the file check proved it a view). */
  private async assertOneCreateView(sql: string): Promise<void> {
    await this.pool.with(async (c) => {
      const extracted = await c.extractStatements(sql);
      if (extracted.count !== 1) throw new Error(`catalog entry holds ${extracted.count} statements, not one CREATE VIEW`);
    });
  }

  /** Objects of the catalog that could not be created at open, with DuckDB's reason. */
  brokenObjects(): ReadonlyMap<string, string> {
    return this.views.brokenObjects();
  }

  async query(sql: string, params?: QueryParams): Promise<QueryResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.queryOnce(sql, params);
      } catch (e) {
        // Compaction deletes a replaced file once its grace period is over; a query that listed it
        // a moment before fails to open it. The rows are elsewhere already, so planning again is correct.
        // A compaction deletes its replaced files one after the other, so allow for several in a row.
        if (attempt >= 50 || !(e instanceof QueryFailedError)) throw e;
        if (NO_FILES.test(e.reason)) await this.views.restubEmpty();
        else if (SCHEMA_CHANGED.test(e.reason)) this.views.forgetListings();
        else if (!VANISHED_FILE.test(e.reason) && !(e instanceof FilesChangedError)) throw e;
        await new Promise((r) => setTimeout(r, 5 * attempt));
      }
    }
  }

  private async queryOnce(sql: string, params?: QueryParams): Promise<QueryResult> {
    const plans = await this.views.refresh(sql);
    const result = await this.pool.with(async (c) => {
      if (this.readOnly) await assertReadOnlyOnDuckdb(c, sql);
      try {
        const reader = await c.runAndReadAll(rewriteTrinoStatement(sql), params ? ([...params] as DuckDBValue[]) : undefined);
        const names = reader.columnNames();
        const types = reader.columnTypes();
        return {
          columns: names.map((name, i) => ({ name, type: String(types[i]) })),
          rows: reader.getRowObjectsJson() as Row[],
        };
      } catch (e) {
        throw new QueryFailedError((e as Error).message, sql);
      }
    });
    if (await this.views.changedSince(plans)) throw new FilesChangedError(sql);
    return result;
  }

  async *stream(sql: string, params?: QueryParams): AsyncIterable<Row> {
    const plans = await this.views.refresh(sql);
    const c = await this.pool.acquire();
    try {
      if (this.readOnly) await assertReadOnlyOnDuckdb(c, sql);
      let result;
      try {
        result = await c.stream(rewriteTrinoStatement(sql), params ? ([...params] as DuckDBValue[]) : undefined);
      } catch (e) {
        throw new QueryFailedError((e as Error).message, sql);
      }
      for await (const chunk of result.yieldRowObjectJson()) yield* chunk as Row[];
      // Rows already went out, so no second run: the caller learns the answer may be off.
      if (await this.views.changedSince(plans)) throw new FilesChangedError(sql);
    } finally {
      this.pool.release(c);
    }
  }

  /** Runs statements that return nothing (COPY, CREATE…), in order, on one connection. */
  async execute(...statements: readonly string[]): Promise<void> {
    this.assertWritable();
    await this.run(...statements);
  }

  /** {@link execute} for the engine's own statements (settings, views and their stand-ins), allowed when read-only. */
  private async run(...statements: readonly (string | SessionStatement)[]): Promise<void> {
    await this.pool.with(async (c) => {
      for (const s of statements) {
        const sql = typeof s === 'string' ? rewriteTrinoStatement(s) : renderSessionStatement(s);
        try {
          await c.run(sql);
        } catch (e) {
          throw new QueryFailedError((e as Error).message, sql);
        }
      }
    });
  }

  private assertWritable(): void {
    if (this.readOnly) throw new ReadOnlyStatementError('this engine was opened read-only: it runs queries, never statements that change anything');
  }

  async readCatalog(): Promise<CatalogSnapshot> {
    return {
      databaseExists: true,
      objects: new Map<string, CatalogObject>(this.catalog.entries.map((e) => [e.object.name, e.object])),
    };
  }

  /** Creates or replaces an object and records it in the catalog file (migrate's apply step). */
  async putObject(entry: LocalCatalogEntry): Promise<void> {
    const replaced = this.catalog.entries.some((e) => e.object.name === entry.object.name);
    const entries = replaced ? this.catalog.entries.map((e) => (e.object.name === entry.object.name ? entry : e)) : [...this.catalog.entries, entry];
    await this.views.put(entry, entries);
    this.catalog = { version: 1, entries };
    await writeLocalCatalog(this.lakeDir, this.catalog, this.environment);
  }

  /** Drops an object from DuckDB and the catalog file. Never deletes data files. */
  async dropObject(name: string): Promise<void> {
    this.assertWritable();
    await this.run({ kind: 'drop_view', object: name });
    this.catalog = { version: 1, entries: this.catalog.entries.filter((e) => e.object.name !== name) };
    await this.views.forget(name, this.catalog.entries);
    await writeLocalCatalog(this.lakeDir, this.catalog, this.environment);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.pool.close();
    this.instance.closeSync();
  }
}
