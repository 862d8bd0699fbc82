import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { trinoCompatMacroSql } from '../../dialects/duckdb/trino-compat-macros.js';
import type { CatalogObject, CatalogSnapshot, Engine, QueryParams, QueryResult, Row } from '../engine.js';
import { QueryFailedError } from '../engine.js';
import { readLocalCatalog, writeLocalCatalog, type LocalCatalogEntry, type LocalCatalogFile } from './local-catalog.js';

export interface LocalEngineOptions {
  /** The lake folder (absolute), laid out like the S3 bucket. */
  readonly lakeDir: string;
  /** Concurrent DuckDB connections; queries beyond that wait their turn. @default 2 */
  readonly connections?: number;
  /** DuckDB threads per query. @default DuckDB's own default (the core count) */
  readonly threads?: number;
}

const VANISHED_FILE = /Cannot open file .*No such file or directory/;

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

  private constructor(
    readonly lakeDir: string,
    private readonly instance: DuckDBInstance,
    private readonly connections: readonly DuckDBConnection[],
  ) {
    this.idle.push(...connections);
  }

  static async open(options: LocalEngineOptions): Promise<LocalEngine> {
    const lakeDir = path.resolve(options.lakeDir);
    await Promise.all(LAKE_FOLDERS.map((f) => mkdir(path.join(lakeDir, f), { recursive: true })));
    const instance = await DuckDBInstance.create(':memory:', options.threads ? { threads: String(options.threads) } : {});
    const conns: DuckDBConnection[] = [];
    for (let i = 0; i < (options.connections ?? 2); i++) {
      const c = await instance.connect();
      // Temp macros live per connection, so each gets the Trino compatibility library.
      for (const sql of trinoCompatMacroSql()) await c.run(sql);
      // Trino divides integers as integers (5 / 2 = 2, truncating); DuckDB's `/` would answer 2.5.
      // Found by the trino-target conformance test; the models' SQL is Trino SQL, so this is its meaning.
      await c.run('SET integer_division = true');
      await c.run(`SET VARIABLE lake_dir = '${lakeDir.replace(/'/g, "''")}'`);
      conns.push(c);
    }
    const engine = new LocalEngine(lakeDir, instance, conns);
    await engine.reloadCatalog();
    return engine;
  }

  /** Re-reads the catalog file and recreates every object (used at open and after migrate). */
  async reloadCatalog(): Promise<void> {
    this.catalog = await readLocalCatalog(this.lakeDir);
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
        if (attempt >= 50 || !(e instanceof QueryFailedError) || !VANISHED_FILE.test(e.reason)) throw e;
        await new Promise((r) => setTimeout(r, 5 * attempt));
      }
    }
  }

  private async queryOnce(sql: string, params?: QueryParams): Promise<QueryResult> {
    await this.refreshStubs();
    return this.withConnection(async (c) => {
      try {
        const reader = await c.runAndReadAll(sql, params ? ([...params] as DuckDBValue[]) : undefined);
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
      let result;
      try {
        result = await c.stream(sql, params ? ([...params] as DuckDBValue[]) : undefined);
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
    await this.withConnection(async (c) => {
      for (const sql of statements) {
        try {
          await c.run(sql);
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
    await writeLocalCatalog(this.lakeDir, this.catalog);
  }

  /** Drops an object from DuckDB and the catalog file. Never deletes data files. */
  async dropObject(name: string): Promise<void> {
    await this.execute(`DROP VIEW IF EXISTS ${name}`);
    this.stubbed.delete(name);
    this.catalog = { version: 1, entries: this.catalog.entries.filter((e) => e.object.name !== name) };
    await writeLocalCatalog(this.lakeDir, this.catalog);
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
      await this.execute(`CREATE OR REPLACE VIEW ${name} AS ${entry.files.emptySql}`);
      this.stubbed.add(name);
      return;
    }
    await this.execute(entry.createSql);
    this.stubbed.delete(name);
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
