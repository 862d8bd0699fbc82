import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ProjectConfig } from '../config/define-config.js';
import { planStatements, type CopyStatement } from '../compiler/statement.js';
import { duckdbRenderer } from '../dialects/duckdb/duckdb-renderer.js';
import { hasFiles, type LocalEngine } from '../engines/local/local-engine.js';
import type { Manifest, SourceEntry } from '../manifest/manifest.js';
import type { ObjectStore } from '../storage/object-store.js';
import { datetimeWindowAt, windowConfigOf } from '../streaming/datetime-window.js';
import { BatchKeyFilter } from './batch-key-filter.js';
import { screenRawSources, type ScreenedSource } from './screen-raw-records.js';

/** Batch files carry this prefix; streaming files never do, so a backfill replaces only its own output. */
export const BATCH_FILE_PREFIX = 'batch-';

export interface BackfillTableResult {
  readonly table: string;
  readonly rows: number;
  readonly partitions: number;
  readonly files: number;
  readonly ms: number;
}

export interface BackfillOptions {
  /** Called when a table starts and when it is done. */
  readonly onProgress?: (event: {
    readonly table: string;
    readonly step: 'start' | 'done';
    readonly index: number;
    readonly total: number;
    readonly result?: BackfillTableResult;
  }) => void;
  /** Unique per run: names the staging folder and the run's quarantine folder. */
  readonly runId: string;
  /**
   * The lake as an object store: with it, the key rule is applied (first landed wins; duplicates of
   * streamed transactions and within the input quarantined in `rejected/`) and the batch's keys are
   * recorded in the key index. @default undefined (no key rule)
   */
  readonly store?: ObjectStore;
  /** "Now", for the accepted datetime window and the quarantine records. @default the system clock */
  readonly clock?: () => Date;
  /** Called once per keyed source with the number of records the key rule kept out. */
  readonly onDuplicates?: (count: number) => void;
  /**
   * Refresh only these partition days of the partitioned tables and marts (src/batch/refresh-plan.ts);
   * every other partition keeps its files. @default every day
   */
  readonly days?: readonly string[];
}

/**
 * The batch job on the local engine: each table's declared mapping, rendered for DuckDB, runs over
 * `raw/` and is written with COPY into a staging folder hidden from readers; each finished file is
 * then renamed into its partition under a fixed name (`batch-<n>.parquet`), atomically replacing the
 * file of the previous run. A rerun therefore yields the same rows, never twice the rows, and a
 * reader sees the old file or the new one, never a partial one. Streaming files are left alone.
 */
export async function runLocalBackfill(
  engine: LocalEngine,
  manifest: Manifest,
  config: ProjectConfig,
  options: BackfillOptions,
): Promise<BackfillTableResult[]> {
  const renderer = duckdbRenderer(config);
  const lake = engine.lakeDir;
  const transforms = planStatements(manifest).filter((s) => s.kind === 'transform');
  const results: BackfillTableResult[] = [];
  const stagingRoot = path.join(lake, config.lake.prefixes.tables, `.staging-${options.runId}`);
  const clock = options.clock ?? (() => new Date());
  const window = datetimeWindowAt(windowConfigOf(manifest), clock());
  const filters = new Map<SourceEntry, BatchKeyFilter | undefined>();
  try {
    // The Lambda's record rules first (its accepted datetime window included): rejected records go
    // to rejected/batch/<runId>/, never into a table.
    const screened = await screenRawSources(lake, manifest, stagingRoot, options.runId, window);
    // The key rule reads the screened records too: a record the rules reject is never a key's first landing.
    const filterOf = (src: SourceEntry, accepted: ScreenedSource | undefined): BatchKeyFilter | undefined => {
      if (!options.store) return undefined;
      if (!filters.has(src)) filters.set(src, BatchKeyFilter.create(manifest, config, src, accepted?.dir));
      return filters.get(src);
    };
    for (const [index, s] of transforms.entries()) {
      if (s.kind !== 'transform') continue;
      const t = s.table;
      options.onProgress?.({ table: t.name, step: 'start', index, total: transforms.length });
      const started = performance.now();
      if (!(await hasFiles(path.join(lake, s.source.location), '.jsonl'))) {
        const result = { table: t.name, rows: 0, partitions: 0, files: 0, ms: 0 };
        results.push(result);
        options.onProgress?.({ table: t.name, step: 'done', index, total: transforms.length, result });
        continue;
      }
      const staging = path.join(stagingRoot, t.name);
      await mkdir(staging, { recursive: true });
      const accepted = screened.get(s.source.name);
      const filter = filterOf(s.source, accepted);
      if (filter && index === transforms.findIndex((x) => x.kind === 'transform' && x.source === s.source)) {
        // Before the first table of the source is replaced: what the rule keeps out, with reasons.
        const dropped = await filter.dropped(engine);
        if (dropped.length > 0) {
          const key = `${config.lake.prefixes.rejected}${clock().toISOString().slice(0, 10)}/batch-${options.runId}-${s.source.name}.json`;
          const body = {
            source: { backfill: options.runId, source: s.source.name },
            rejectedAt: clock().toISOString(),
            rejected: dropped.map((d) => ({ line: 0, ...d })),
          };
          await options.store!.put(key, `${JSON.stringify(body, null, 2)}\n`, { contentType: 'application/json' });
        }
        options.onDuplicates?.(dropped.length);
      }
      const select = renderer.sql({
        kind: 'batch_transform',
        table: t,
        source: s.source,
        ...(accepted ? { screenedDir: accepted.dir } : {}),
        ...(filter ? { keyRule: filter.keyRule } : {}),
      });
      const partitioned = t.partitionedBy.length > 0;
      const target = partitioned ? staging : path.join(staging, 'data_0.parquet');
      const copy: CopyStatement = {
        kind: 'copy_to_parquet',
        query: select,
        path: target,
        compression: t.compression,
        partitionBy: t.partitionedBy.map((c) => c.name),
        ...(partitioned && options.days !== undefined ? { onlyDays: { column: t.partitionedBy[0]!.name, days: options.days } } : {}),
      };
      const copied = await engine.query(renderer.render(copy)!);
      const rows = Number(copied.rows[0]?.Count ?? 0);
      const { partitions, files } = await swapIn(
        staging,
        path.join(lake, t.location),
        partitioned,
        partitioned ? options.days?.map((d) => `${t.partitionedBy[0]!.name}=${d}`) : undefined,
      );
      const result = { table: t.name, rows, partitions, files, ms: Math.round(performance.now() - started) };
      results.push(result);
      options.onProgress?.({ table: t.name, step: 'done', index, total: transforms.length, result });
    }
    for (const [, filter] of filters) if (filter) await filter.recordKeys(engine, options.store!, config.lake.prefixes.tables, clock());
    for (const m of manifest.models) {
      if (m.kind !== 'mart') continue;
      // Marts are rebuilt whole locally: DuckDB has no per-statement partition limit to batch around.
      const started = performance.now();
      const staging = path.join(stagingRoot, m.name);
      await mkdir(staging, { recursive: true });
      const copy: CopyStatement = {
        kind: 'copy_to_parquet',
        query: m.sql.duckdb,
        ...(options.days !== undefined ? { onlyDays: { column: m.incrementalKey, days: options.days } } : {}),
        path: staging,
        compression: m.compression,
        partitionBy: m.partitionedBy,
      };
      const copied = await engine.query(renderer.render(copy)!);
      const { partitions, files } = await swapIn(
        staging,
        path.join(lake, m.location),
        true,
        options.days?.map((d) => `${m.incrementalKey}=${d}`),
      );
      const result = { table: m.name, rows: Number(copied.rows[0]?.Count ?? 0), partitions, files, ms: Math.round(performance.now() - started) };
      results.push(result);
      options.onProgress?.({ table: m.name, step: 'done', index: transforms.length, total: transforms.length, result });
    }
  } finally {
    await rm(stagingRoot, { recursive: true, force: true });
  }
  return results;
}

/** The rows of the given partition days only (all when undefined). */

/**
 * Moves staged files into place under fixed batch names, then removes batch files the new run did
 * not produce — also in the `refreshed` partitions that no longer have any row.
 */
async function swapIn(staging: string, tableDir: string, partitioned: boolean, refreshed?: readonly string[]): Promise<{ partitions: number; files: number }> {
  const produced = partitioned ? (await readdir(staging, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name) : [''];
  const emptied = (refreshed ?? []).filter((d) => !produced.includes(d));
  for (const dir of emptied) {
    for (const old of await readdir(path.join(tableDir, dir)).catch(() => [] as string[]))
      if (old.startsWith(BATCH_FILE_PREFIX)) await rm(path.join(tableDir, dir, old), { force: true });
  }
  const dirs = produced.sort();
  let files = 0;
  for (const dir of dirs) {
    const from = path.join(staging, dir);
    const to = path.join(tableDir, dir);
    await mkdir(to, { recursive: true });
    const staged = (await readdir(from)).filter((f) => f.endsWith('.parquet')).sort();
    const names = staged.map((_, i) => `${BATCH_FILE_PREFIX}${String(i).padStart(5, '0')}.parquet`);
    for (const [i, f] of staged.entries()) await rename(path.join(from, f), path.join(to, names[i]!));
    const keep = new Set(names);
    for (const old of await readdir(to)) {
      if (old.startsWith(BATCH_FILE_PREFIX) && !keep.has(old)) await rm(path.join(to, old), { force: true });
    }
    files += staged.length;
  }
  return { partitions: partitioned ? dirs.length : 0, files };
}
