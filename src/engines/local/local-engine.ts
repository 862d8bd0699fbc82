import { DuckDBInstance, StatementType, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { trinoCompatMacroSql } from '../../dialects/duckdb/trino-compat-macros.js';
import { rewriteTrinoStatement } from '../../dialects/duckdb/trino-statement-rewrite.js';
import type { CatalogObject, CatalogSnapshot, Engine, QueryParams, QueryResult, Row } from '../engine.js';
import { QueryFailedError } from '../engine.js';
import { assertReadOnlyStatement, ReadOnlyStatementError } from '../read-only-statement.js';
import { environmentSchema, parseEnvironmentName } from '../../environments/environment-name.js';
import { readLocalCatalog, writeLocalCatalog, type LocalCatalogEntry, type LocalCatalogFile } from './local-catalog.js';
import { sqlString } from '../../dialects/sql-literals.js';

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

const VANISHED_FILE = /Cannot open file .*No such file or directory/;
/**
 * A glob that matched nothing: an object's files may all go again (the ingest's per-batch replace
 * lists exist only while a batch commits), and DuckDB refuses an empty glob where Athena reads 0 rows.
 */
const NO_FILES = /No files found that match the pattern/;

/** DuckDB settings that give plain Trino SQL its Trino meaning on every connection. */
export const TRINO_SESSION_SETTINGS = ['SET integer_division = true', "SET TimeZone = 'UTC'"] as const;

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
  /** Objects currently standing in as empty because their files have not arrived yet. */
  private readonly stubbed = new Set<string>();
  private readonly broken = new Map<string, string>();
  private readonly idle: DuckDBConnection[] = [];
  private readonly waiting: ((c: DuckDBConnection) => void)[] = [];
  private closed = false;
  private readOnly = false;
  /** Set once the main catalog is replayed: the environment whose catalog this engine reads and writes. */
  private environment: string | undefined;

  private constructor(
    readonly lakeDir: string,
    private readonly instance: DuckDBInstance,
    private readonly connections: readonly DuckDBConnection[],
  ) {
    this.idle.push(...connections);
  }

  static async open(options: LocalEngineOptions): Promise<LocalEngine> {
    const lakeDir = path.resolve(options.lakeDir);
    const exists = await stat(lakeDir).then((s) => s.isDirectory(), () => false);
    if (!exists && !options.create) throw new LakeNotFoundError(lakeDir);
    // The layout is there before any writer; on a read-only lake, queries go on without it.
    await Promise.all(LAKE_FOLDERS.map((f) => mkdir(path.join(lakeDir, f), { recursive: true }).catch((e: NodeJS.ErrnoException) => {
      if (options.create || !['EACCES', 'EROFS', 'EPERM'].includes(e.code ?? '')) throw e;
    })));
    const instance = await DuckDBInstance.create(':memory:', options.threads ? { threads: String(options.threads) } : {});
    const conns: DuckDBConnection[] = [];
    for (let i = 0; i < (options.connections ?? 2); i++) {
      const c = await instance.connect();
      // Temp macros live per connection, so each gets the Trino compatibility library.
      for (const sql of trinoCompatMacroSql()) await c.run(sql);
      // Trino semantics no macro can give: `/` on integers truncates (5/2 = 2, -5/2 = -2), and the
      // session zone is UTC, as on Athena (DuckDB would take the machine's).
      for (const sql of TRINO_SESSION_SETTINGS) await c.run(sql);
      await c.run(`SET VARIABLE lake_dir = ${sqlString(lakeDir)}`);
      conns.push(c);
    }
    const engine = new LocalEngine(lakeDir, instance, conns);
    await engine.reloadCatalog();
    if (options.environment !== undefined) await engine.enterEnvironment(options.environment, conns);
    if (options.readOnly) await engine.lockDown();
    return engine;
  }

  /** Re-reads the catalog file and recreates every object (used at open and after migrate). */
  async reloadCatalog(): Promise<void> {
    this.catalog = await readLocalCatalog(this.lakeDir, this.environment);
    this.stubbed.clear();
    this.broken.clear();
    // Entries are in creation order, which is not always dependency order once objects have been
    // replaced in place; so create in passes until no more succeed.
    let pending = [...this.catalog.entries];
    while (pending.length > 0) {
      const failed: LocalCatalogEntry[] = [];
      for (const entry of pending) {
        try {
          await this.createObject(entry);
          this.broken.delete(entry.object.name);
        } catch (e) {
          // One view broken by an upstream change (e.g. a dropped column) must not take the whole
          // lake offline: the rest stays queryable and this object reports why it is missing.
          this.broken.set(entry.object.name, (e as Error).message);
          failed.push(entry);
        }
      }
      if (failed.length === pending.length) break;
      pending = failed;
    }
  }

  /**
   * After the main catalog exists: each connection creates and resolves names in the environment's
   * schema first (DuckDB binds a view's names in the view's own schema, so main views keep reading
   * main), then the environment's catalog is replayed there.
   */
  private async enterEnvironment(environment: string, conns: readonly DuckDBConnection[]): Promise<void> {
    // Validated here too: the name becomes SQL and a path, whoever opens the engine.
    const schema = environmentSchema(parseEnvironmentName(environment));
    await conns[0]!.run(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    for (const c of conns) await c.run(`SET search_path = '${schema},main'`);
    this.environment = environment;
    await this.reloadCatalog();
  }

  /**
   * After the views exist: files outside the lake can no longer be read or written, extensions
   * neither installed nor loaded, and the settings are locked so a statement cannot undo this.
   */
  private async lockDown(): Promise<void> {
    const dir = sqlString(`${this.lakeDir.replace(/\/+$/, '')}/`);
    await this.run(
      `SET allowed_directories = [${dir}]`,
      'SET enable_external_access = false',
      'SET autoinstall_known_extensions = false',
      'SET autoload_known_extensions = false',
      'SET allow_community_extensions = false',
      'SET lock_configuration = true',
    );
    this.readOnly = true;
  }

  /** DuckDB's own reading of a catalog entry: one statement, a CREATE (the file check proved it a view). */
  private async assertOneCreateView(sql: string): Promise<void> {
    await this.withConnection(async (c) => {
      const extracted = await c.extractStatements(sql);
      if (extracted.count !== 1) throw new Error(`catalog entry holds ${extracted.count} statements, not one CREATE VIEW`);
    });
  }

  /** Objects of the catalog that could not be created at open, with DuckDB's reason. */
  brokenObjects(): ReadonlyMap<string, string> {
    return this.broken;
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
        if (NO_FILES.test(e.reason)) await this.restubEmpty();
        else if (!VANISHED_FILE.test(e.reason)) throw e;
        await new Promise((r) => setTimeout(r, 5 * attempt));
      }
    }
  }

  private async queryOnce(sql: string, params?: QueryParams): Promise<QueryResult> {
    await this.refreshStubs();
    return this.withConnection(async (c) => {
      if (this.readOnly) await assertReadOnlyOnDuckdb(c, sql);
      try {
        const reader = await c.runAndReadAll(rewriteTrinoStatement(sql), params ? ([...params] as DuckDBValue[]) : undefined);
        const names = reader.columnNames();
        const types = reader.columnTypes();
        return {
          columns: names.map((name, i) => ({ name, type: String(types[i]) })),
          rows: (reader.getRowObjectsJson() as Row[]),
        };
      } catch (e) {
        throw new QueryFailedError((e as Error).message, sql);
      }
    });
  }

  async *stream(sql: string, params?: QueryParams): AsyncIterable<Row> {
    await this.refreshStubs();
    const c = await this.acquire();
    try {
      if (this.readOnly) await assertReadOnlyOnDuckdb(c, sql);
      let result;
      try {
        result = await c.stream(rewriteTrinoStatement(sql), params ? ([...params] as DuckDBValue[]) : undefined);
      } catch (e) {
        throw new QueryFailedError((e as Error).message, sql);
      }
      for await (const chunk of result.yieldRowObjectJson()) yield* chunk as Row[];
    } finally {
      this.release(c);
    }
  }

  /** Runs statements that return nothing (COPY, CREATE…), in order, on one connection. */
  async execute(...statements: readonly string[]): Promise<void> {
    if (this.readOnly) throw new ReadOnlyStatementError('this engine was opened read-only: it runs queries, never statements that change anything');
    await this.run(...statements);
  }

  /** {@link execute} for the engine's own statements (views and their stand-ins), allowed when read-only. */
  private async run(...statements: readonly string[]): Promise<void> {
    await this.withConnection(async (c) => {
      for (const sql of statements) {
        try {
          await c.run(rewriteTrinoStatement(sql));
        } catch (e) {
          throw new QueryFailedError((e as Error).message, sql);
        }
      }
    });
  }

  async readCatalog(): Promise<CatalogSnapshot> {
    return {
      databaseExists: true,
      objects: new Map<string, CatalogObject>(this.catalog.entries.map((e) => [e.object.name, e.object])),
    };
  }

  /** Creates or replaces an object and records it in the catalog file (migrate's apply step). */
  async putObject(entry: LocalCatalogEntry): Promise<void> {
    await this.createObject(entry);
    const replaced = this.catalog.entries.some((e) => e.object.name === entry.object.name);
    const entries = replaced ? this.catalog.entries.map((e) => (e.object.name === entry.object.name ? entry : e)) : [...this.catalog.entries, entry];
    this.catalog = { version: 1, entries };
    await writeLocalCatalog(this.lakeDir, this.catalog, this.environment);
  }

  /** Drops an object from DuckDB and the catalog file. Never deletes data files. */
  async dropObject(name: string): Promise<void> {
    await this.execute(`DROP VIEW IF EXISTS ${name}`);
    this.stubbed.delete(name);
    this.catalog = { version: 1, entries: this.catalog.entries.filter((e) => e.object.name !== name) };
    await writeLocalCatalog(this.lakeDir, this.catalog, this.environment);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const c of this.connections) c.closeSync();
    this.instance.closeSync();
  }

  private async createObject(entry: LocalCatalogEntry): Promise<void> {
    const name = entry.object.name;
    if (entry.files && !(await hasFiles(path.join(this.lakeDir, entry.files.dir), entry.files.extension))) {
      await this.run(`CREATE OR REPLACE VIEW ${name} AS ${entry.files.emptySql}`);
      this.stubbed.add(name);
      return;
    }
    await this.assertOneCreateView(entry.createSql);
    try {
      await this.run(entry.createSql);
    } catch (e) {
      // Its files went again between the look and the create: it stays a stand-in.
      if (!(entry.files && e instanceof QueryFailedError && NO_FILES.test(e.reason))) throw e;
      await this.run(`CREATE OR REPLACE VIEW ${name} AS ${entry.files.emptySql}`);
      this.stubbed.add(name);
      return;
    }
    this.stubbed.delete(name);
  }

  /** Objects whose files are all gone again become empty stand-ins (serialized like {@link refreshStubs}). */
  private restubEmpty(): Promise<void> {
    const run = this.stubRefresh.then(async () => {
      for (const entry of this.catalog.entries) {
        if (this.stubbed.has(entry.object.name) || !entry.files) continue;
        if (!(await hasFiles(path.join(this.lakeDir, entry.files.dir), entry.files.extension))) await this.createObject(entry);
      }
    });
    this.stubRefresh = run.catch(() => {});
    return run;
  }

  /**
   * Swaps an empty stand-in for the real view as soon as its first file exists. Serialized: two
   * concurrent queries replacing the same view would conflict in DuckDB's catalog.
   */
  private refreshStubs(): Promise<void> {
    if (this.stubbed.size === 0) return Promise.resolve();
    const run = this.stubRefresh.then(async () => {
      for (const entry of this.catalog.entries) {
        if (!this.stubbed.has(entry.object.name) || !entry.files) continue;
        if (await hasFiles(path.join(this.lakeDir, entry.files.dir), entry.files.extension)) await this.createObject(entry);
      }
    });
    this.stubRefresh = run.catch(() => {});
    return run;
  }

  private stubRefresh: Promise<void> = Promise.resolve();

  private async withConnection<T>(fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    const c = await this.acquire();
    try {
      return await fn(c);
    } finally {
      this.release(c);
    }
  }

  private acquire(): Promise<DuckDBConnection> {
    if (this.closed) return Promise.reject(new Error('the local engine is closed'));
    const c = this.idle.pop();
    if (c) return Promise.resolve(c);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(c: DuckDBConnection): void {
    const next = this.waiting.shift();
    if (next) next(c);
    else this.idle.push(c);
  }
}

/**
 * The text check of {@link assertReadOnlyStatement}, then DuckDB's own parse: exactly one statement,
 * of type SELECT (which covers SHOW, DESCRIBE, VALUES and table-returning PRAGMAs) or EXPLAIN.
 */
async function assertReadOnlyOnDuckdb(c: DuckDBConnection, sql: string): Promise<void> {
  assertReadOnlyStatement(sql);
  let extracted;
  try {
    extracted = await c.extractStatements(sql);
  } catch (e) {
    throw new QueryFailedError((e as Error).message, sql);
  }
  if (extracted.count !== 1) throw new ReadOnlyStatementError(`exactly one statement is allowed; DuckDB reads ${extracted.count} in this text`);
  let type: StatementType;
  try {
    type = (await extracted.prepare(0)).statementType;
  } catch (e) {
    throw new QueryFailedError((e as Error).message, sql);
  }
  if (type !== StatementType.SELECT && type !== StatementType.EXPLAIN) {
    throw new ReadOnlyStatementError(`${StatementType[type] ?? type} statements are not allowed: the query command is read-only`);
  }
}

/** True when any file with the extension exists below `dir` (temp files, named `.tmp-…`, do not count). */
export async function hasFiles(dir: string, extension: string): Promise<boolean> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    if (e.isFile() && e.name.endsWith(extension)) return true;
  }
  for (const e of entries) {
    if (e.isDirectory() && !e.name.startsWith('.') && (await hasFiles(path.join(dir, e.name), extension))) return true;
  }
  return false;
}
