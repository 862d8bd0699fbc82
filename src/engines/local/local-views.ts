import path from 'node:path';
import type { ParquetFilesSpec } from '../../dialects/duckdb/parquet-files-select.js';
import { type SessionStatement } from '../../dialects/duckdb/session-statements.js';
import { QueryFailedError } from '../engine.js';
import { NO_FILES } from './duckdb-file-errors.js';
import { hasFiles } from './has-files.js';
import type { LocalCatalogEntry } from './local-catalog.js';
import { PartitionReadPlanner, type TableReadPlan } from './partition-read-plan.js';
import { StreamFileCache, StreamFileLoadError } from './stream-file-cache.js';

/** What the views need from the engine: run its own statements (SQL text or typed), check a catalog entry. */
export interface ViewRunner {
  run(...statements: readonly (string | SessionStatement)[]): Promise<void>;
  assertOneCreateView(sql: string): Promise<void>;
}

/**
 * The catalog's objects inside DuckDB: created in dependency passes at open, stood in for by a
 * zero-row view while their files are missing, and — for partitioned tables' files views — read as
 * {@link PartitionReadPlanner} plans, re-planned before each query when partitions or schemas change.
 */
export class LocalViews {
  /** Objects currently standing in as empty because their files have not arrived yet. */
  private readonly stubbed = new Set<string>();
  private readonly broken = new Map<string, string>();
  /** The read plan each planned files view was last created with (JSON), to recreate it only on a change. */
  private readonly plans = new Map<string, string>();
  private readonly planner: PartitionReadPlanner;
  private readonly cache: StreamFileCache;
  /** The read plan of each planned files view as of the last refresh. */
  private readonly current = new Map<string, TableReadPlan>();
  /** Catalog entries already proven one CREATE VIEW of their own name (an entry is immutable once read). */
  private readonly checked = new WeakSet<LocalCatalogEntry>();
  /** The words of each entry's SQL (see {@link objectsReadBy}); an entry is immutable once read. */
  private readonly entryWords = new WeakMap<LocalCatalogEntry, Set<string>>();
  private chain: Promise<void> = Promise.resolve();
  private entries: readonly LocalCatalogEntry[] = [];

  constructor(
    private readonly lakeDir: string,
    private readonly runner: ViewRunner,
    /**
     * Read partitioned tables by plan. Off under `--env NAME`: a plan re-created after the search
     * path moved to the environment's schema would land there, so the views keep their single glob.
     */
    private readonly planned = true,
  ) {
    this.planner = new PartitionReadPlanner(lakeDir);
    this.cache = new StreamFileCache(lakeDir, (...s) => this.runner.run(...s));
  }

  brokenObjects(): ReadonlyMap<string, string> {
    return this.broken;
  }

  /** Creates every entry; entries are in creation order, not always dependency order, so in passes until no more succeed. */
  async load(entries: readonly LocalCatalogEntry[]): Promise<void> {
    this.entries = entries;
    this.stubbed.clear();
    this.broken.clear();
    this.plans.clear();
    this.current.clear();
    let pending = [...entries];
    while (pending.length > 0) {
      const failed: LocalCatalogEntry[] = [];
      for (const entry of pending) {
        try {
          await this.create(entry);
          this.broken.delete(entry.object.name);
        } catch (e) {
          // The view exists; only a streamed file is unreadable, which every query reports until it is fixed.
          if (e instanceof StreamFileLoadError) {
            this.broken.delete(entry.object.name);
            continue;
          }
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

  /** Creates or replaces one object (migrate's apply step); the caller records it in the catalog file. */
  async put(entry: LocalCatalogEntry, entries: readonly LocalCatalogEntry[]): Promise<void> {
    await this.create(entry);
    this.entries = entries;
  }

  async forget(name: string, entries: readonly LocalCatalogEntry[]): Promise<void> {
    this.stubbed.delete(name);
    this.plans.delete(name);
    this.current.delete(name);
    this.entries = entries;
    await this.cache.drop(name);
  }

  private async create(entry: LocalCatalogEntry): Promise<void> {
    const name = entry.object.name;
    const spec = this.spec(entry);
    if (spec) return this.createPlanned(entry, spec);
    if (entry.files && !(await this.filesArrived(entry))) return this.standIn(entry);
    await this.checkOnce(entry);
    try {
      await this.runner.run(entry.createSql);
    } catch (e) {
      // Its files went again between the look and the create: it stays a stand-in.
      if (!(entry.files && e instanceof QueryFailedError && NO_FILES.test(e.reason))) throw e;
      return this.standIn(entry);
    }
    this.stubbed.delete(name);
  }

  private async createPlanned(entry: LocalCatalogEntry, spec: Omit<ParquetFilesSpec, 'reads' | 'cached'>): Promise<void> {
    const name = entry.object.name;
    await this.checkOnce(entry);
    const { reads, streamed } = await this.planner.plan(entry.files!.dir, spec.partitionedBy.length);
    this.current.set(name, { reads, streamed });
    // Streamed files' rows first: the view reads them from the cache table, which must exist.
    const files = [...streamed].flatMap(([partition, p]) => p.streamed.map((f) => partition + f));
    let unreadable: StreamFileLoadError | undefined;
    if (files.length > 0 || this.cache.has(name)) {
      await this.cache.sync(name, spec, files).catch((e: unknown) => {
        if (!(e instanceof StreamFileLoadError)) throw e;
        unreadable = e;
      });
    }
    const cached = this.cache.has(name) ? name : undefined;
    // The declared columns are part of it: migrate replaces the view when a column is added, files unchanged.
    const plan = JSON.stringify([spec, reads, cached]);
    if (this.plans.get(name) !== plan || this.stubbed.has(name)) await this.recreate(entry, spec, reads, cached, plan);
    if (unreadable) throw unreadable;
  }

  private async recreate(
    entry: LocalCatalogEntry,
    spec: Omit<ParquetFilesSpec, 'reads' | 'cached'>,
    reads: ParquetFilesSpec['reads'],
    cached: string | undefined,
    plan: string,
  ): Promise<void> {
    const name = entry.object.name;
    if (reads.length === 0 && cached === undefined) {
      await this.standIn(entry);
    } else {
      try {
        await this.runner.run({ kind: 'create_files_view', object: name, spec: { ...spec, reads, cached } });
        this.stubbed.delete(name);
      } catch (e) {
        if (!(e instanceof QueryFailedError && NO_FILES.test(e.reason))) throw e;
        await this.standIn(entry);
        this.plans.delete(name);
        return;
      }
    }
    this.plans.set(name, plan);
  }

  /**
   * Still a CREATE VIEW of its own name — an edited catalog cannot turn this entry into anything
   * else. Once per entry: a planned view is re-planned before every query, and the entry's text
   * cannot change meanwhile (migrate replaces the entry object).
   */
  private async checkOnce(entry: LocalCatalogEntry): Promise<void> {
    if (this.checked.has(entry)) return;
    await this.runner.assertOneCreateView(entry.createSql);
    this.checked.add(entry);
  }

  /** Whether the object's files folder holds a file of its kind yet. */
  private filesArrived(entry: LocalCatalogEntry): Promise<boolean> {
    return hasFiles(path.join(this.lakeDir, entry.files!.dir), entry.files!.extension);
  }

  private async standIn(entry: LocalCatalogEntry): Promise<void> {
    await this.runner.run({ kind: 'create_stand_in', object: entry.object.name, select: entry.files!.emptySql });
    this.stubbed.add(entry.object.name);
  }

  /**
   * Before each query: a stand-in becomes the real view as soon as its first file exists, and a
   * planned files view is recreated when a partition appeared or its files' schemas changed.
   * Serialized: two concurrent replacements of one view would conflict in DuckDB's catalog.
   */
  async refresh(sql?: string): Promise<readonly TableReadPlan[]> {
    if (this.stubbed.size === 0 && this.plans.size === 0) return [];
    const read = sql === undefined ? undefined : this.objectsReadBy(sql);
    await this.serialized(async () => {
      for (const entry of this.entries) {
        const name = entry.object.name;
        if (!entry.files || this.broken.has(name) || (read !== undefined && !read.has(name))) continue;
        // A planned view is re-planned every time (it changes with its partitions); another waits for its first file.
        if (this.spec(entry)) await this.create(entry);
        else if (this.stubbed.has(name) && (await this.filesArrived(entry))) await this.create(entry);
      }
    });
    return [...this.current].filter(([name, p]) => p.streamed.size > 0 && (read === undefined || read.has(name))).map(([, p]) => p);
  }

  /**
   * The catalog objects `sql` may read: every entry whose name is a word of it, and what those
   * entries' own SQL names, transitively. Only they are re-planned before the query: a poll of
   * `transactions` need not load `transaction_items`' new streamed files (tens of milliseconds per
   * 15,000-row batch file). A name inside a string literal or a comment counts too — reading one
   * object more is only slower, never wrong.
   */
  private objectsReadBy(sql: string): Set<string> {
    const byName = new Map(this.entries.map((e) => [e.object.name.toLowerCase(), e]));
    const read = new Set<string>();
    const todo = [...sqlWords(sql)];
    for (let word = todo.pop(); word !== undefined; word = todo.pop()) {
      const entry = byName.get(word);
      if (entry === undefined || read.has(entry.object.name)) continue;
      read.add(entry.object.name);
      todo.push(...this.wordsOf(entry));
    }
    return read;
  }

  private wordsOf(entry: LocalCatalogEntry): Set<string> {
    let words = this.entryWords.get(entry);
    if (words === undefined) this.entryWords.set(entry, (words = sqlWords(entry.createSql)));
    return words;
  }

  /**
   * After a query read by `plans`: true when a streamed file it read from the cache vanished, or a
   * file its globs miss appeared, while it ran — reading the files would have failed or differed,
   * so the engine runs it again ({@link PartitionReadPlanner.changedSince}).
   */
  async changedSince(plans: readonly TableReadPlan[]): Promise<boolean> {
    for (const plan of plans) if (await this.planner.changedSince(plan)) return true;
    return false;
  }

  /** A file of a new schema landed in a folder listed a moment before: list every folder again. */
  forgetListings(): void {
    this.planner.forgetListings();
  }

  /** After DuckDB found no file for a glob: objects whose files are all gone again become stand-ins. */
  restubEmpty(): Promise<void> {
    return this.serialized(async () => {
      for (const entry of this.entries) {
        if (this.stubbed.has(entry.object.name) || !entry.files || this.broken.has(entry.object.name)) continue;
        if (this.spec(entry)) await this.create(entry);
        else if (!(await this.filesArrived(entry))) await this.create(entry);
      }
    });
  }

  private spec(entry: LocalCatalogEntry): Omit<ParquetFilesSpec, 'reads' | 'cached'> | undefined {
    return this.planned ? filesSpec(entry) : undefined;
  }

  private serialized(fn: () => Promise<void>): Promise<void> {
    const run = this.chain.then(fn);
    this.chain = run.catch(() => {});
    return run;
  }
}

/**
 * The files view of a partitioned table (the visibility scheme's `<t>__files`), which
 * the engine reads by plan; undefined for every other object, created from its catalog SQL as is.
 */
function filesSpec(entry: LocalCatalogEntry): Omit<ParquetFilesSpec, 'reads' | 'cached'> | undefined {
  const o = entry.object;
  if (o.kind !== 'table' || o.partitionKeys.length === 0 || o.columns.length === 0 || entry.files?.extension !== '.parquet') return undefined;
  return { columns: o.columns, partitionedBy: o.partitionKeys };
}

/** Identifier-like words of SQL text, lower-cased (DuckDB's names are case-insensitive). */
function sqlWords(sql: string): Set<string> {
  return new Set(sql.toLowerCase().match(/[a-z_][a-z0-9_$]*/g) ?? []);
}
