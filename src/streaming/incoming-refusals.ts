import { createHash } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ObjectStore } from '../storage/object-store.js';
import type { LogEntry } from './object-report.js';
import { fileKind } from './file-kind.js';

/** Quarantined content is capped: the file itself stays in incoming/ (the runtime never deletes there). */
const MAX_QUARANTINED_BYTES = 16 * 1024 * 1024;

/**
 * What the local runtime does with entries of `incoming/` that no S3 key can name or that are not
 * objects: a symlink, FIFO, socket or device (never opened nor followed), a file whose name is not
 * UTF-8. Each gets one record in `rejected/<day>/incoming-<hash>.json` per runtime — its kind and
 * name, never a link's target — and stays where it is for an operator.
 */
export class IncomingRefusals {
  private readonly refused = new Set<string>();
  private count = 0;
  /**
   * Folders read in full whose modification time was then settled: with the same mtime now, no
   * entry of theirs was created, removed or renamed since, so a rescan only visits their subfolders.
   * Keyed by the folder's bytes (latin1).
   */
  private readonly settled = new Map<string, { mtimeMs: number; subfolders: readonly Buffer[] }>();

  constructor(
    private readonly store: ObjectStore,
    /** The lake folder, as the byte names of `rescan` are built from it (no trailing separator). */
    private readonly lakeDir: string,
    private readonly rejectedPrefix: string,
    private readonly clock: () => Date,
    private readonly log: (entry: LogEntry) => void,
  ) {}

  /** Entries refused since start. */
  get total(): number {
    return this.count;
  }

  /** Records an entry that cannot be an object, once per runtime: its kind and name, never a link's target. */
  async refuse(relative: Buffer | string, reason: string, extra: Record<string, unknown> = {}): Promise<void> {
    const id = createHash('sha256').update(relative).digest('hex').slice(0, 32);
    if (this.refused.has(id)) return;
    this.refused.add(id);
    const day = this.clock().toISOString().slice(0, 10);
    const rejectedKey = `${this.rejectedPrefix}${day}/incoming-${id}.json`;
    const name = typeof relative === 'string' ? { key: relative } : { nameUtf8Lossy: relative.toString('utf8'), nameBytesHex: relative.toString('hex') };
    const body = { source: name, rejectedAt: this.clock().toISOString(), reason, ...extra };
    await this.store.put(rejectedKey, `${JSON.stringify(body, null, 2)}\n`, { contentType: 'application/json' });
    this.count++;
    this.log({ level: 'warn', msg: 'refused an entry of incoming/', rejectedKey, reason });
  }

  /** Refuses an entry that turned out not to be a regular file when it was about to be read. */
  async refuseNotRegular(key: string, entry: Parameters<typeof fileKind>[0]): Promise<void> {
    const kind = fileKind(entry);
    await this.refuse(key, notRegularReason(kind), { kind });
  }

  /**
   * Walks `dir` (raw bytes) for what the watcher never reports — it skips names that are not UTF-8,
   * and dangling links — and refuses it. Regular files with UTF-8 names are the watcher's; only
   * directory entries are read here, and only of folders changed since they were last read (one
   * `lstat` per folder): `incoming/` keeps every file ever written (3.6 million after an hour at
   * 1,000 files/s), and reading all its names every 5 s would take the event loop for seconds.
   */
  async rescan(dir: Buffer): Promise<void> {
    const id = dir.toString('latin1');
    let st;
    try {
      st = await lstat(dir);
    } catch {
      this.settled.delete(id);
      return;
    }
    if (!st.isDirectory()) return;
    const known = this.settled.get(id);
    if (known?.mtimeMs === st.mtimeMs) {
      for (const sub of known.subfolders) await this.rescan(sub);
      return;
    }
    // Trusted from the next rescan on only if it is a second old: a folder's mtime has the kernel
    // clock's coarse granularity, so an entry added just after this read could keep the same value.
    // Against the wall clock, as file times are, not the clock that stamps the records.
    const settledAt = st.mtimeMs < Date.now() - 1_000 ? st.mtimeMs : undefined;
    let entries: Dirent<Buffer>[];
    try {
      entries = (await readdir(dir, { withFileTypes: true, encoding: 'buffer' })) as unknown as Dirent<Buffer>[];
    } catch {
      return;
    }
    const subfolders: Buffer[] = [];
    for (const entry of entries) {
      const name = entry.name;
      if (name[0] === 0x2e) continue; // dot files: writers' temporary files
      const full = Buffer.concat([dir, Buffer.from(path.sep), name]);
      const relative = full.subarray(Buffer.byteLength(this.lakeDir) + 1);
      const utf8 = isUtf8(relative);
      if (entry.isDirectory()) {
        subfolders.push(full);
        await this.rescan(full);
      } else if (!utf8) {
        const kind = fileKind(entry);
        if (!entry.isFile()) await this.refuse(relative, `${notRegularReason(kind)}; its name is not UTF-8 either`, { kind });
        else
          await this.refuse(
            relative,
            'the file name is not valid UTF-8, so no S3 key can name it; rename it with a UTF-8 name to ingest it',
            await contentOf(full),
          );
      } else if (!entry.isFile()) {
        const kind = fileKind(entry);
        await this.refuse(relative.toString('utf8'), notRegularReason(kind), { kind });
      }
    }
    if (settledAt === undefined) this.settled.delete(id);
    else this.settled.set(id, { mtimeMs: settledAt, subfolders });
  }
}

function notRegularReason(kind: string): string {
  return `not a regular file (${kind}): only regular files are ingested and links are never followed; write the file elsewhere, then rename it into incoming/`;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function isUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

async function contentOf(file: Buffer): Promise<Record<string, unknown>> {
  try {
    const st = await lstat(file);
    if (st.size > MAX_QUARANTINED_BYTES) return { size: st.size, contentBase64: null, note: `larger than ${MAX_QUARANTINED_BYTES} bytes: left in incoming/` };
    return { size: st.size, contentBase64: (await readFile(file)).toString('base64') };
  } catch (e) {
    return { contentBase64: null, note: `could not be read: ${(e as Error).message}` };
  }
}
