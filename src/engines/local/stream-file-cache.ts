import { access } from 'node:fs/promises';
import path from 'node:path';
import { STREAM_CACHE_SCHEMA, type ParquetFilesSpec } from '../../dialects/duckdb/parquet-files-select.js';
import type { SessionStatement } from '../../dialects/duckdb/session-statements.js';
import { QueryFailedError } from '../engine.js';
import { VANISHED_FILE } from './duckdb-file-errors.js';

/** Files per INSERT: one statement's path list stays small, and a failed load costs little to redo. */
const LOAD_BATCH = 1_000;
const EVICT_BATCH = 5_000;

type Columns = Pick<ParquetFilesSpec, 'columns' | 'partitionedBy'>;

/**
 * A streamed file could not be read (DuckDB's reason names it): the query fails, as reading the
 * files would, and the next query tries the file again; the view itself stays.
 */
export class StreamFileLoadError extends QueryFailedError {
  constructor(reason: string, sql: string) {
    super(reason, sql);
    this.name = 'StreamFileLoadError';
  }
}

interface CachedTable {
  /** The declared columns the table was created with (JSON): migrate adding one recreates it. */
  readonly key: string;
  readonly files: Set<string>;
}

/**
 * The rows of a table's streamed files, in an in-memory DuckDB table per files view, so a query
 * over today's partition does not open its thousands of one-transaction files: before each query
 * the engine loads the files that appeared since the last one and evicts the rows of those that
 * vanished (merged and deleted by compaction). The rows are exactly the files' rows (read by
 * `read_parquet` with the declared types, keyed by `filename`), so the files view returns what
 * reading the files would; the visibility view still hides them by the hidden lists read at query
 * time. Data files are immutable under their names, so a file is read once.
 */
export class StreamFileCache {
  private readonly tables = new Map<string, CachedTable>();
  private schemaCreated = false;

  constructor(
    private readonly lakeDir: string,
    private readonly run: (...statements: readonly SessionStatement[]) => Promise<void>,
  ) {}

  /** Makes the cache table of `table` hold the rows of exactly `files` (lake-relative). */
  async sync(table: string, spec: Columns, files: readonly string[]): Promise<void> {
    const key = JSON.stringify([spec.columns, spec.partitionedBy]);
    let cached = this.tables.get(table);
    if (cached?.key !== key) {
      if (!this.schemaCreated) await this.run({ kind: 'create_schema', schema: STREAM_CACHE_SCHEMA });
      this.schemaCreated = true;
      this.tables.delete(table);
      await this.run({ kind: 'create_stream_cache', table, spec });
      cached = { key, files: new Set() };
      this.tables.set(table, cached);
    }
    const wanted = new Set(files);
    const gone = [...cached.files].filter((f) => !wanted.has(f));
    for (let i = 0; i < gone.length; i += EVICT_BATCH) {
      const batch = gone.slice(i, i + EVICT_BATCH);
      await this.run({ kind: 'evict_stream_files', table, files: batch });
      for (const f of batch) cached.files.delete(f);
    }
    const fresh = files.filter((f) => !cached.files.has(f));
    for (let i = 0; i < fresh.length; i += LOAD_BATCH) {
      const batch = await this.load(table, spec, fresh.slice(i, i + LOAD_BATCH));
      for (const f of batch) cached.files.add(f);
    }
  }

  /** Loads a batch; a file deleted since it was listed is left out (its rows are elsewhere already). Returns what was loaded. */
  private async load(table: string, spec: Columns, files: readonly string[]): Promise<readonly string[]> {
    for (let attempt = 1; ; attempt++) {
      if (files.length === 0) return files;
      try {
        await this.run({ kind: 'load_stream_files', table, spec, files });
        return files;
      } catch (e) {
        if (!(e instanceof QueryFailedError)) throw e;
        if (attempt >= 5 || !VANISHED_FILE.test(e.reason)) throw new StreamFileLoadError(e.reason, e.sql);
        const present = await Promise.all(
          files.map((f) =>
            access(path.join(this.lakeDir, f)).then(
              () => true,
              () => false,
            ),
          ),
        );
        files = files.filter((_f, i) => present[i]);
      }
    }
  }

  /** The object is gone from the catalog (or no longer read by plan): its rows go too. */
  async drop(table: string): Promise<void> {
    if (!this.tables.delete(table)) return;
    await this.run({ kind: 'drop_stream_cache', table });
  }

  has(table: string): boolean {
    return this.tables.has(table);
  }
}
