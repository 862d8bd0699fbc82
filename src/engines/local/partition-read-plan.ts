import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { parquetMetadata } from 'hyparquet';
import type { ParquetRead } from '../../dialects/duckdb/parquet-files-select.js';
import { STREAM_FILE_PREFIX } from '../../streaming/ledger-entry.js';

/** How many footers are read at once when a partition has files not seen before. */
const FOOTER_CONCURRENCY = 16;
/** First read of a file's tail; most footers of the lake's files are far smaller. */
const TAIL_BYTES = 16 * 1024;
/**
 * A folder listed when its modification time was older than this is trusted not to have changed
 * while that time stays the same: the kernel stamps folders from a coarse clock, so an entry added
 * in the same tick as a listing would leave the time unchanged.
 */
const SETTLED_MS = 2_000;

/** A partition's files all have one schema (its key), differ (`mixed`), or there are none. */
type PartitionSchema = { readonly kind: 'uniform'; readonly key: string } | { readonly kind: 'mixed' } | { readonly kind: 'empty' };

/** File and folder names the engine may turn into exact paths and prefix globs (no glob syntax, no quote). */
const PLAIN_NAME = /^[A-Za-z0-9_.=-]+$/;

interface ListedPartition {
  readonly mtimeMs: number;
  /** When it was listed: the listing is trusted while the folder's time is `mtimeMs`, if that was settled then. */
  readonly listedAt: number;
  /** The schema of the files the reads glob (all but the streamed ones when those are cached). */
  readonly schema: PartitionSchema;
  /** Streamed files' names, read from the stream cache; empty when the partition is read by `*.parquet`. */
  readonly streamed: readonly string[];
  /** With streamed files: the globs (names) matching exactly the partition's other files. */
  readonly patterns: readonly string[];
}

/** A partition whose streamed files come from the stream cache: those files, and what its reads glob. */
export interface StreamedPartition {
  readonly streamed: readonly string[];
  readonly patterns: readonly string[];
  /** The folder's modification time that proves the listing still true, when it was settled at listing. */
  readonly settledMtimeMs?: number;
}

/** How a table's files are read: the globs, and the partitions (lake-relative, ending in `/`) whose streamed files are cached. */
export interface TableReadPlan {
  readonly reads: ParquetRead[];
  readonly streamed: ReadonlyMap<string, StreamedPartition>;
}

/**
 * Decides how the local engine reads a partitioned table's files so that a query filtered on the
 * partition column opens only its partitions' files. DuckDB's `union_by_name` (needed since files
 * written before and after a column was added differ) reads every matched file's footer while
 * binding, before a `dt` filter prunes anything: with 5,000 small files in today's partition every
 * query paid for them. So partitions whose files share one schema are read without it — DuckDB then
 * binds from one footer per read and opens only the files of the partitions the filter keeps — and
 * `union_by_name` stays only on the partitions whose files really differ.
 *
 * Streamed files (`stream-…`, one per landed object until compaction merges them) are not globbed at
 * all: opening thousands of them costs every query hundreds of milliseconds, so the engine keeps their
 * rows in memory (stream-file-cache.ts) and a partition holding some is globbed by its other files'
 * name prefixes (`compact-*.parquet`, `batch-*.parquet`). Since that listing is the engine's, not
 * DuckDB's, {@link changedSince} tells after a query whether a cached file vanished or a file the
 * globs miss appeared while it ran, and the engine then runs it again (docs/compaction.md).
 *
 * File schemas are read once per file name from its footer and kept: data files are immutable under
 * their names (a stream file is rewritten only with the same content, a compacted file is new).
 */
export class PartitionReadPlanner {
  private readonly schemas = new Map<string, string>();
  private readonly partitions = new Map<string, ListedPartition>();

  constructor(
    private readonly lakeDir: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** The reads of the table under `dir` (lake-relative, ending in `/`); no read when it has no file. */
  async plan(dir: string, depth = 1): Promise<TableReadPlan> {
    const names = (await partitionFolders(path.join(this.lakeDir, dir), depth)).sort();
    const uniform = new Map<string, string[]>();
    const reads: ParquetRead[] = [];
    const streamed = new Map<string, StreamedPartition>();
    for (const name of names) {
      const listed = await this.partition(path.join(this.lakeDir, dir, name), name);
      const partition = `${dir}${name}/`;
      const globs = listed.streamed.length > 0 ? listed.patterns.map((p) => partition + p) : [`${partition}*.parquet`];
      if (listed.streamed.length > 0) {
        const settled = listed.listedAt - listed.mtimeMs > SETTLED_MS;
        streamed.set(partition, { streamed: listed.streamed, patterns: listed.patterns, ...(settled ? { settledMtimeMs: listed.mtimeMs } : {}) });
      }
      if (globs.length === 0 || listed.schema.kind === 'empty') continue;
      if (listed.schema.kind === 'mixed') reads.push({ globs, unionByName: true });
      else {
        const same = uniform.get(listed.schema.key);
        if (same) same.push(...globs);
        else uniform.set(listed.schema.key, [...globs]);
      }
    }
    return { reads: [...[...uniform.values()].map((globs) => ({ globs, unionByName: false })), ...reads], streamed };
  }

  /** Forgets every partition listing (not the file schemas): the next plan lists every folder again. */
  forgetListings(): void {
    this.partitions.clear();
  }

  /**
   * True when, since `plan` was made, a cached streamed file vanished (its rows may be gone from the
   * answer's hidden lists already) or a file appeared that the plan's globs do not match (a merged
   * file of a compaction committed meanwhile): an answer read by that plan must be read again.
   */
  async changedSince(plan: TableReadPlan): Promise<boolean> {
    for (const [partition, listed] of plan.streamed) {
      // Unchanged folder: no readdir of its thousands of names after every query.
      if (listed.settledMtimeMs !== undefined && (await stat(path.join(this.lakeDir, partition)).catch(() => undefined))?.mtimeMs === listed.settledMtimeMs)
        continue;
      const now = new Set(await readdir(path.join(this.lakeDir, partition)).catch(() => [] as string[]));
      if (listed.streamed.some((f) => !now.has(f))) return true;
      for (const f of now) {
        if (!f.endsWith('.parquet') || f.startsWith('.') || f.startsWith(STREAM_FILE_PREFIX)) continue;
        if (!listed.patterns.some((p) => (p.endsWith('*.parquet') ? f.startsWith(p.slice(0, -'*.parquet'.length)) : f === p))) return true;
      }
    }
    return false;
  }

  private async partition(folder: string, name: string): Promise<ListedPartition> {
    const info = await stat(folder).catch(() => undefined);
    if (!info) return { mtimeMs: 0, listedAt: 0, schema: { kind: 'empty' }, streamed: [], patterns: [] };
    const known = this.partitions.get(folder);
    if (known && known.mtimeMs === info.mtimeMs && known.listedAt - known.mtimeMs > SETTLED_MS) return known;
    const listedAt = this.now();
    const files = (await readdir(folder).catch(() => [] as string[])).filter((f) => f.endsWith('.parquet') && !f.startsWith('.'));
    // Streamed files are cached only when every name can become a path and a glob as is.
    const split =
      name.split('/').every((n) => PLAIN_NAME.test(n)) && files.every((f) => PLAIN_NAME.test(f)) && files.some((f) => f.startsWith(STREAM_FILE_PREFIX));
    const streamed = split ? files.filter((f) => f.startsWith(STREAM_FILE_PREFIX)) : [];
    const globbed = split ? files.filter((f) => !f.startsWith(STREAM_FILE_PREFIX)) : files;
    const patterns = split ? [...new Set(globbed.map((f) => (f.includes('-') ? `${f.slice(0, f.indexOf('-') + 1)}*.parquet` : f)))].sort() : [];
    const listed: ListedPartition = { mtimeMs: info.mtimeMs, listedAt, schema: await this.schemaOf(folder, globbed), streamed, patterns };
    this.partitions.set(folder, listed);
    return listed;
  }

  private async schemaOf(folder: string, files: readonly string[]): Promise<PartitionSchema> {
    const keys = new Set<string>();
    const unknown: string[] = [];
    for (const f of files) {
      const key = this.schemas.get(path.join(folder, f));
      if (key === undefined) unknown.push(path.join(folder, f));
      else keys.add(key);
    }
    for (let i = 0; i < unknown.length; i += FOOTER_CONCURRENCY) {
      const batch = unknown.slice(i, i + FOOTER_CONCURRENCY);
      for (const key of await Promise.all(batch.map((file) => this.fileSchema(file)))) keys.add(key);
    }
    keys.delete(VANISHED);
    return keys.size === 0 ? { kind: 'empty' } : keys.size === 1 && !keys.has(UNREADABLE) ? { kind: 'uniform', key: [...keys][0]! } : { kind: 'mixed' };
  }

  /** The file's schema as a key; {@link VANISHED} when it is gone, {@link UNREADABLE} when its footer cannot be read (never cached). */
  private async fileSchema(file: string): Promise<string> {
    let handle;
    try {
      handle = await open(file, 'r');
    } catch {
      return VANISHED;
    }
    try {
      const { size } = await handle.stat();
      let length = Math.min(size, TAIL_BYTES);
      for (;;) {
        const buffer = Buffer.alloc(length);
        await handle.read(buffer, 0, length, size - length);
        const footer = length >= 8 ? buffer.readUInt32LE(length - 8) + 8 : Number.POSITIVE_INFINITY;
        if (footer > length && length < size) {
          length = Math.min(size, footer);
          continue;
        }
        const key = schemaKey(parquetMetadata(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + length)));
        this.schemas.set(file, key);
        return key;
      }
    } catch {
      // Half-written or corrupt: read it with union_by_name, where DuckDB reports the file by name.
      return UNREADABLE;
    } finally {
      await handle.close();
    }
  }
}

/** The partition folders `depth` levels below `root` (`dt=…`, or `dt=…/store=…` with two partition columns), relative to it. */
async function partitionFolders(root: string, depth: number): Promise<string[]> {
  let names: string[];
  try {
    names = (await readdir(root, { withFileTypes: true })).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  if (depth <= 1) return names;
  const nested = await Promise.all(names.map(async (n) => (await partitionFolders(path.join(root, n), depth - 1)).map((m) => `${n}/${m}`)));
  return nested.flat();
}

const VANISHED = '\u0000vanished';
const UNREADABLE = '\u0000unreadable';

/** Columns by name and physical/logical type; the root's name (which writers choose freely) left out. */
function schemaKey(metadata: ReturnType<typeof parquetMetadata>): string {
  return JSON.stringify(
    metadata.schema
      .slice(1)
      .map((e) => [e.name, e.type, e.type_length, e.repetition_type, e.num_children, e.converted_type, e.scale, e.precision, e.logical_type]),
    (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v),
  );
}
