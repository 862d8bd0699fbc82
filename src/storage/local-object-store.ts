import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Dirent } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { mapInOrder } from '../util/map-in-order.js';
import { callbackFs } from './callback-fs.js';
import { assertValidObjectKey, assertValidObjectPrefix, TEMP_FILE_PREFIX } from './object-key.js';
import { ObjectNotFoundError } from './object-store.js';
import type { ConditionalObjectStore, GetResult, ListOptions, ObjectInfo, PutOptions, PutResult } from './object-store.js';

export interface LocalObjectStoreOptions {
  /**
   * `fsync` each file before the rename, so a power loss cannot leave a renamed-but-empty file.
   * Off by default: the lake is rebuildable and fsync costs ~10 ms per file on a laptop.
   */
  readonly fsync?: boolean;
}

/**
 * An {@link ObjectStore} over a folder laid out exactly like the bucket: key `a/b.json` is the file
 * `<root>/a/b.json`, so DuckDB globs and the S3 layout agree.
 *
 * - Writes are atomic: a uniquely named `.tmp-…` file in the target directory, then `rename`.
 *   Names starting with `.tmp-` are never listed or readable as keys.
 * - ETags are the md5 hex of the content, as S3 computes for a single-part PUT. `put`, `get` and
 *   `head` return one; `list` omits it (hashing every file of a large lake on each listing would
 *   dominate the cost of a listing) — call `head` when you need it.
 * - Keys are validated ({@link assertValidObjectKey}) because they come from S3 events and flags.
 * - Unlike S3, a key cannot be both an object and a "folder" (`a` and `a/b`): the file system forbids it.
 * - Conditional writes: `putIfAbsent` writes a temp file and hard-links it into place (`link`
 *   fails when the name exists: an atomic exclusive create of a complete file). `putIfMatch`
 *   first creates, exclusively, a marker named after the version it replaces
 *   (`.tmp-cas-<name>-<etag>`): of all writers replacing that version one wins the marker, checks
 *   the version is still current and renames its temp file over it. A marker left by a writer
 *   killed mid-swap is broken after {@link CAS_MARKER_STALE_MS}.
 * - Deleting leaves empty directories behind; they are invisible to `list`, and removing them would
 *   race with a concurrent `put` into the same directory.
 */
export class LocalObjectStore implements ConditionalObjectStore {
  readonly description: string;
  private readonly root: string;
  private readonly fsync: boolean;

  constructor(root: string, options: LocalObjectStoreOptions = {}) {
    this.root = path.resolve(root);
    this.description = this.root;
    this.fsync = options.fsync ?? false;
  }

  /** The file that holds `key` (validated). Other local components (DuckDB globs) may use it. */
  pathOf(key: string): string {
    assertValidObjectKey(key);
    return path.join(this.root, ...key.split('/'));
  }

  async put(key: string, body: Uint8Array | string, _options?: PutOptions): Promise<PutResult> {
    const file = this.pathOf(key);
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    const temp = await this.writeTemp(file, bytes);
    try {
      await callbackFs.rename(temp, file);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
    return { etag: md5Hex(bytes) };
  }

  async putIfAbsent(key: string, body: Uint8Array | string, _options?: PutOptions): Promise<PutResult | undefined> {
    const file = this.pathOf(key);
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    const temp = await this.writeTemp(file, bytes);
    try {
      await fs.link(temp, file);
      return { etag: md5Hex(bytes) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
      throw error;
    } finally {
      await fs.rm(temp, { force: true });
    }
  }

  async putIfMatch(key: string, body: Uint8Array | string, etag: string, _options?: PutOptions): Promise<PutResult | undefined> {
    const file = this.pathOf(key);
    if (!/^[0-9a-f]{32}$/.test(etag)) return undefined; // not an ETag this store ever returned
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    const marker = path.join(path.dirname(file), `${TEMP_FILE_PREFIX}cas-${path.basename(file)}-${etag}`);
    if (!(await this.takeMarker(marker))) return undefined;
    let temp: string | undefined;
    try {
      let current: string;
      try {
        current = await md5OfFile(file);
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
      if (current !== etag) return undefined;
      temp = await this.writeTemp(file, bytes);
      await fs.rename(temp, file);
      temp = undefined;
      return { etag: md5Hex(bytes) };
    } finally {
      if (temp !== undefined) await fs.rm(temp, { force: true });
      await fs.rm(marker, { force: true });
    }
  }

  /** Creates `marker` exclusively; breaks one older than {@link CAS_MARKER_STALE_MS} (its writer died). */
  private async takeMarker(marker: string): Promise<boolean> {
    await fs.mkdir(path.dirname(marker), { recursive: true });
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await (await fs.open(marker, 'wx')).close();
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      if (attempt > 0) return false;
      let stat;
      try {
        stat = await fs.stat(marker);
      } catch (error) {
        if (isMissing(error)) continue;
        throw error;
      }
      // A live writer holds its marker for microseconds: one this old was left by a killed process.
      if (Date.now() - stat.mtimeMs < CAS_MARKER_STALE_MS) return false;
      // Break it by renaming (only one breaker wins), then make sure what was moved is the stale one.
      const broken = `${marker}-broken-${randomUUID()}`;
      try {
        await fs.rename(marker, broken);
      } catch (error) {
        if (isMissing(error)) return false;
        throw error;
      }
      const moved = await fs.stat(broken);
      if (Date.now() - moved.mtimeMs < CAS_MARKER_STALE_MS) {
        // A live writer's marker replaced the stale one meanwhile: give it back, and lose this round.
        await fs.link(broken, marker).catch(() => {});
        await fs.rm(broken, { force: true });
        return false;
      }
      await fs.rm(broken, { force: true });
    }
    return false;
  }

  private async writeTemp(file: string, bytes: Uint8Array): Promise<string> {
    const dir = path.dirname(file);
    const temp = path.join(dir, `${TEMP_FILE_PREFIX}${randomUUID()}`);
    try {
      // The folder usually exists (a day's or a table partition's): create it only when the open
      // says it is missing, instead of a recursive mkdir before every put (one syscall per put).
      const write = this.fsync ? () => writeSynced(temp, bytes) : () => callbackFs.writeFile(temp, bytes, { flag: 'wx' });
      await write().catch(async (error: unknown) => {
        if (!isMissing(error)) throw error;
        await fs.mkdir(dir, { recursive: true });
        await write();
      });
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
    return temp;
  }

  async get(key: string): Promise<GetResult> {
    const file = this.pathOf(key);
    let body: Buffer;
    try {
      body = await callbackFs.readFile(file);
    } catch (error) {
      if (isMissing(error)) throw new ObjectNotFoundError(key, this.description);
      throw error;
    }
    return { body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength), etag: md5Hex(body) };
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    const file = this.pathOf(key);
    try {
      const stat = await callbackFs.stat(file);
      if (!stat.isFile()) return undefined;
      return { key, size: stat.size, etag: await md5OfFile(file), lastModified: stat.mtime };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async *list(prefix: string, options: ListOptions = {}): AsyncIterable<ObjectInfo> {
    assertValidObjectPrefix(prefix);
    // Walk only the deepest directory the prefix names; the partial last segment filters entries.
    const slash = prefix.lastIndexOf('/');
    const dirKey = slash < 0 ? '' : prefix.slice(0, slash + 1);
    const after = options.startAfter === undefined ? undefined : Buffer.from(options.startAfter, 'utf8');
    yield* this.walk(dirKey, prefix, after, options.keysOnly ?? false);
  }

  async delete(key: string): Promise<void> {
    const file = this.pathOf(key);
    try {
      const stat = await callbackFs.lstat(file);
      if (stat.isDirectory()) return;
      await callbackFs.unlink(file);
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }

  /** Yields the objects under directory key `dirKey` (`""` or ending in `/`) whose keys start with `prefix`. */
  private async *walk(dirKey: string, prefix: string, after: Buffer | undefined, keysOnly: boolean): AsyncGenerator<ObjectInfo> {
    const dir = dirKey === '' ? this.root : path.join(this.root, ...dirKey.slice(0, -1).split('/'));
    let entries: Dirent[];
    try {
      entries = await callbackFs.readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    // A directory `a` holds keys `a/…`: sorting it as "a/" makes a depth-first walk yield keys in
    // the same byte order S3 uses (`a-b` < `a/c` because "-" < "/").
    const candidates: { name: string; sortKey: Buffer; isDir: boolean }[] = [];
    for (const entry of entries) {
      if (entry.name.startsWith(TEMP_FILE_PREFIX)) continue;
      const isDir = entry.isDirectory();
      if (!isDir && !entry.isFile()) continue;
      const key = dirKey + entry.name + (isDir ? '/' : '');
      // Skip entries that can neither match the prefix nor contain a match.
      if (!key.startsWith(prefix) && !(isDir && prefix.startsWith(key))) continue;
      const sortKey = Buffer.from(key, 'utf8');
      // Keys up to `startAfter` are skipped before their stat: the ingest key index lists a day
      // of thousands of key files after the newest it read, once per invocation.
      if (after !== undefined && !isDir && Buffer.compare(sortKey, after) <= 0) continue;
      // A directory "d/" below `startAfter` that `startAfter` does not start with holds only keys
      // before it: not read at all (the key index's minute folders of earlier in the day).
      if (after !== undefined && isDir && Buffer.compare(sortKey, after) < 0 && !startsWith(after, sortKey)) continue;
      candidates.push({ name: entry.name, sortKey, isDir });
    }
    candidates.sort((a, b) => Buffer.compare(a.sortKey, b.sortKey));
    for (let i = 0; i < candidates.length;) {
      const { name, isDir } = candidates[i]!;
      if (isDir) {
        yield* this.walk(`${dirKey}${name}/`, prefix, after, keysOnly);
        i++;
        continue;
      }
      if (keysOnly) {
        yield { key: dirKey + name, size: 0, lastModified: EPOCH };
        i++;
        continue;
      }
      // The files up to the next directory, stat'ed a page at a time with several in flight: one
      // after another, a partition of 10,000 stream files took 350 ms to list (a thread-pool round
      // trip each), on every dashboard refresh and query plan that lists it.
      let end = i;
      while (end < candidates.length && end - i < STAT_PAGE && !candidates[end]!.isDir) end++;
      const page = candidates.slice(i, end);
      i = end;
      const stats = await mapInOrder(page, STAT_CONCURRENCY, ({ name: file }) =>
        callbackFs.stat(path.join(dir, file)).catch((error: unknown) => {
          // Deleted between readdir and stat: it is simply no longer there.
          if (isMissing(error)) return undefined;
          throw error;
        }),
      );
      for (const [j, stat] of stats.entries()) if (stat) yield { key: dirKey + page[j]!.name, size: stat.size, lastModified: stat.mtime };
    }
  }
}

/** Files stat'ed per page of a listing, and at once: S3 pages by 1,000; the thread pool has 4 threads. */
const STAT_PAGE = 1_000;
const STAT_CONCURRENCY = 16;

const EPOCH = new Date(0);

/** Writes a new file (`wx`) and fsyncs it before it is closed (the `fsync` option). */
async function writeSynced(file: string, bytes: Uint8Array): Promise<void> {
  const handle = await fs.open(file, 'wx');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function startsWith(bytes: Buffer, prefix: Buffer): boolean {
  return bytes.length >= prefix.length && bytes.subarray(0, prefix.length).equals(prefix);
}

/** A compare-and-swap marker older than this was left by a killed writer and may be broken. */
const CAS_MARKER_STALE_MS = 30_000;

function md5Hex(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

async function md5OfFile(file: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** ENOENT, or a path through a file (ENOTDIR), or a directory where an object was expected (EISDIR). */
function isMissing(error: unknown): boolean {
  if (!(error instanceof Error) || !('code' in error)) return false;
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}
