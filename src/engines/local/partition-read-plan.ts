import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { parquetMetadata } from 'hyparquet';
import type { ParquetRead } from '../../dialects/duckdb/parquet-files-select.js';

/** How many footers are read at once when a partition has files not seen before. */
const FOOTER_CONCURRENCY = 16;
/** First read of a file's tail; most footers of the lake's files are far smaller. */
const TAIL_BYTES = 16 * 1024;
/**
 * A folder whose modification time is older than this is trusted not to have changed since it was
 * listed: the kernel stamps folders from a coarse clock, so an entry added in the same tick as the
 * last listing would leave the time unchanged.
 */
const SETTLED_MS = 2_000;

/** A partition's files all have one schema (its key), differ (`mixed`), or there are none. */
type PartitionSchema = { readonly kind: 'uniform'; readonly key: string } | { readonly kind: 'mixed' } | { readonly kind: 'empty' };

interface ListedPartition {
  readonly mtimeMs: number;
  readonly schema: PartitionSchema;
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
 * File schemas are read once per file name from its footer and kept: data files are immutable under
 * their names (a stream file is rewritten only with the same content, a compacted file is new).
 * Globs, not file lists, go to DuckDB, so the engine lists nothing on behalf of the query and the
 * order of file listing and hidden-list read stays DuckDB's (docs/compaction.md).
 */
export class PartitionReadPlanner {
  private readonly schemas = new Map<string, string>();
  private readonly partitions = new Map<string, ListedPartition>();

  constructor(
    private readonly lakeDir: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** The reads of the table under `dir` (lake-relative, ending in `/`), or none when it has no file. */
  async plan(dir: string): Promise<ParquetRead[]> {
    let names: string[];
    try {
      names = (await readdir(path.join(this.lakeDir, dir), { withFileTypes: true })).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    names.sort();
    const uniform = new Map<string, string[]>();
    const reads: ParquetRead[] = [];
    for (const name of names) {
      const schema = await this.partitionSchema(path.join(this.lakeDir, dir, name));
      const glob = `${dir}${name}/*.parquet`;
      if (schema.kind === 'mixed') reads.push({ globs: [glob], unionByName: true });
      else if (schema.kind === 'uniform') uniform.set(schema.key, [...(uniform.get(schema.key) ?? []), glob]);
    }
    return [...[...uniform.values()].map((globs) => ({ globs, unionByName: false })), ...reads];
  }

  private async partitionSchema(folder: string): Promise<PartitionSchema> {
    const info = await stat(folder).catch(() => undefined);
    if (!info) return { kind: 'empty' };
    const known = this.partitions.get(folder);
    if (known && known.mtimeMs === info.mtimeMs && this.now() - info.mtimeMs > SETTLED_MS) return known.schema;
    const files = (await readdir(folder).catch(() => [] as string[])).filter((f) => f.endsWith('.parquet') && !f.startsWith('.'));
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
    const schema: PartitionSchema = keys.size === 0 ? { kind: 'empty' } : keys.size === 1 && !keys.has(UNREADABLE) ? { kind: 'uniform', key: [...keys][0]! } : { kind: 'mixed' };
    this.partitions.set(folder, { mtimeMs: info.mtimeMs, schema });
    return schema;
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

const VANISHED = '\u0000vanished';
const UNREADABLE = '\u0000unreadable';

/** Columns by name and physical/logical type; the root's name (which writers choose freely) left out. */
function schemaKey(metadata: ReturnType<typeof parquetMetadata>): string {
  return JSON.stringify(
    metadata.schema.slice(1).map((e) => [e.name, e.type, e.type_length, e.repetition_type, e.num_children, e.converted_type, e.scale, e.precision, e.logical_type]),
    (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v),
  );
}
