import type { S3EventRecord } from 'aws-lambda';
import { createHash } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { appendFile, lstat, mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ProjectConfig } from '../config/define-config.js';
import type { Manifest } from '../manifest/manifest.js';
import { LocalObjectStore } from '../storage/local-object-store.js';
import { mapInOrder } from '../util/map-in-order.js';
import { createIngestHandler, type LogEntry, type ObjectReport } from './ingest-handler.js';
import { fileKind } from './file-kind.js';
import { watchIncoming } from './incoming-watcher.js';
import { encodeS3EventKey } from './s3-event-key.js';
import { sameShape, waitUntilStable, type FileShape } from './stable-file.js';

export interface LocalIngestOptions {
  readonly lakeDir: string;
  readonly config: ProjectConfig;
  readonly manifest: Manifest;
  /** Handler invocations at once (each with a batch of files). @default 2 */
  readonly concurrency?: number;
  /** Files per invocation at most: what bounds the memory of one invocation. @default 1000 */
  readonly maxBatch?: number;
  readonly log?: (entry: LogEntry) => void;
  readonly onReport?: (report: ObjectReport) => void;
  readonly clock?: () => Date;
  /** A file is handled once its size and mtime stayed unchanged this long. @default config.ingest.settleMs */
  readonly settleMs?: number;
  /**
   * How often `incoming/` is walked for what the watcher never reports: names that are not UTF-8,
   * dangling links. @default 5000
   */
  readonly rescanMs?: number;
}

export interface LocalIngestRuntime {
  /** Resolves once the backlog present at start has been handled. */
  readonly ready: Promise<void>;
  /** Totals since start. */
  stats(): IngestStats;
  /** Stops watching, waits for in-flight files, writes the final metrics. */
  stop(): Promise<void>;
}

export interface IngestStats {
  readonly files: number;
  readonly landed: number;
  readonly rejected: number;
  readonly duplicates: number;
  readonly failed: number;
  /** Entries of `incoming/` that are not regular files or have no UTF-8 name, recorded in `rejected/`. */
  readonly refused: number;
}

/** The ingest delay figures the dashboard shows; written to `_metrics/ingest.json` in the lake. */
export interface IngestMetrics {
  readonly updatedAt: string;
  readonly count: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly lastMs: number;
}

const CHECKPOINT = '_ingest/checkpoint.jsonl';
const METRICS = '_metrics/ingest.json';
const DELAY_WINDOW = 500;
/** File-system calls in flight at once when a batch's files are looked at again. */
const STAT_CONCURRENCY = 32;

/**
 * `npm run ingest`: the Lambda runtime, locally. Watches `incoming/` (with the backlog present at
 * start), turns each new file into a genuine S3 `ObjectCreated:Put` event record and invokes the
 * same handler the Lambda runs, on the local folder — as the SQS event source mapping does on AWS,
 * with the records of every file settled meanwhile in one invocation (at most `maxBatch`, at most
 * `concurrency` invocations at once: the backpressure that keeps memory bounded under a burst). Exactly once across crashes: the handler's
 * ledger skips objects it already landed, and a checkpoint of (key, size, mtime) spares rereading
 * them at every restart. A file whose handling throws (a transient error) is retried, then left
 * for the next start.
 *
 * A folder is not a bucket, so the runtime restores S3's rules before it calls the handler:
 * - a file is handled only once its size and mtime are stable for `settleMs` (no partial objects);
 *   the time since its mtime counts, so a file renamed in after it was written waits only the rest;
 * - a file that changes while it settles or is being handled gets another pass afterwards, as a new
 *   version whose rows replace the earlier version's (the handler's version rule) — never dropped;
 * - only regular files are read (lstat, links never followed): a symlink, FIFO, socket or device,
 *   and a name that is not UTF-8 (no S3 key can name it), get a record in `rejected/` instead.
 */
export async function startLocalIngest(options: LocalIngestOptions): Promise<LocalIngestRuntime> {
  const lakeDir = path.resolve(options.lakeDir);
  const store = new LocalObjectStore(lakeDir);
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? (() => {});
  const handler = createIngestHandler({ store, manifest: options.manifest, clock, log });
  const incomingDir = path.join(lakeDir, options.config.lake.prefixes.incoming);
  await mkdir(incomingDir, { recursive: true });
  await mkdir(path.join(lakeDir, '_ingest'), { recursive: true });
  const done = await readCheckpoint(lakeDir);
  const settleMs = options.settleMs ?? options.config.ingest.settleMs;
  const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
  const totals = { files: 0, landed: 0, rejected: 0, duplicates: 0, failed: 0, refused: 0 };
  const delays: number[] = [];
  const queue: string[] = [];
  /** Files settling, queued or being handled: one pass at a time per file. */
  const busy = new Set<string>();
  /** Files that changed while busy: they get another pass when the current one ends. */
  const dirty = new Set<string>();
  const refused = new Set<string>();
  /** The shape each queued file had when it settled (what its event describes). */
  const settledShapes = new Map<string, FileShape>();
  let active = 0;
  let settling = 0;
  let stopped = false;
  /** Set by stop(): files still settling are left for the next start instead of being waited for. */
  let stopping = false;
  let idleResolvers: (() => void)[] = [];
  const concurrency = options.concurrency ?? 2;
  const maxBatch = options.maxBatch ?? 1_000;

  const keyOf = (file: string) => path.relative(lakeDir, file).split(path.sep).join('/');
  const look = async (file: string): Promise<FileShape | undefined> => {
    if (stopping) return undefined;
    try {
      const st = await lstat(file);
      return st.isFile() ? { size: st.size, mtimeMs: st.mtimeMs } : { size: -1, mtimeMs: st.mtimeMs };
    } catch {
      return undefined;
    }
  };

  const isIdle = () => active === 0 && queue.length === 0 && settling === 0;
  const whenIdle = () => (isIdle() ? Promise.resolve() : new Promise<void>((r) => idleResolvers.push(r)));

  const enqueue = (file: string) => {
    if (stopped || path.basename(file).startsWith('.')) return;
    if (busy.has(file)) {
      dirty.add(file);
      return;
    }
    busy.add(file);
    settling++;
    // Settling waits on timers, outside the handler slots, so slow writers hold no slot.
    // File times are the OS's wall clock, whatever clock the landings are stamped with.
    void waitUntilStable(() => look(file), settleMs, sleep, Date.now)
      .catch(() => undefined)
      .then((shape) => {
        settling--;
        if (shape === undefined || stopped) release(file);
        else {
          settledShapes.set(file, shape);
          queue.push(file);
          pump();
        }
      });
  };

  const release = (file: string) => {
    busy.delete(file);
    if (dirty.delete(file)) enqueue(file);
    if (isIdle()) {
      for (const r of idleResolvers) r();
      idleResolvers = [];
    }
  };

  const pump = () => {
    while (!stopped && active < concurrency && queue.length > 0) {
      // Everything settled meanwhile goes in one invocation (up to maxBatch): while the slots are
      // busy the queue fills, so batches grow with the load and a quiet stream is handled file by file.
      const files = queue.splice(0, maxBatch);
      active++;
      void handleFiles(files)
        .catch((e: unknown) => {
          log({ level: 'error', msg: 'unexpected failure handling files', keys: files.slice(0, 5).map(keyOf), files: files.length, reason: (e as Error).message });
          return new Set<string>();
        })
        .then((changed) => {
          active--;
          for (const file of files) {
            if (changed.has(file)) dirty.add(file);
            release(file);
          }
          pump();
        });
    }
  };

  /** Records an entry that cannot be an object, once per runtime: its kind and name, never a link's target. */
  async function refuse(relative: Buffer | string, reason: string, extra: Record<string, unknown> = {}): Promise<void> {
    const id = createHash('sha256').update(relative).digest('hex').slice(0, 32);
    if (refused.has(id)) return;
    refused.add(id);
    const day = clock().toISOString().slice(0, 10);
    const rejectedKey = `${options.config.lake.prefixes.rejected}${day}/incoming-${id}.json`;
    const name = typeof relative === 'string' ? { key: relative } : { nameUtf8Lossy: relative.toString('utf8'), nameBytesHex: relative.toString('hex') };
    const body = { source: name, rejectedAt: clock().toISOString(), reason, ...extra };
    await store.put(rejectedKey, `${JSON.stringify(body, null, 2)}\n`, { contentType: 'application/json' });
    totals.refused++;
    log({ level: 'warn', msg: 'refused an entry of incoming/', rejectedKey, reason });
  }

  /** The S3 event record S3 would send for this file (the handler reads the object's own ETag). */
  const eventRecord = (key: string, st: FileShape): S3EventRecord => ({
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: options.config.athena.region,
    eventTime: new Date(st.mtimeMs).toISOString(),
    eventName: 'ObjectCreated:Put',
    userIdentity: { principalId: 'local' },
    requestParameters: { sourceIPAddress: '127.0.0.1' },
    responseElements: { 'x-amz-request-id': 'local', 'x-amz-id-2': 'local' },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'local-ingest',
      bucket: { name: options.config.lake.bucket, ownerIdentity: { principalId: 'local' }, arn: `arn:aws:s3:::${options.config.lake.bucket}` },
      object: { key: encodeS3EventKey(key), size: st.size, eTag: '', sequencer: Math.round(st.mtimeMs).toString(16).toUpperCase() },
    },
  });

  /**
   * Handles settled files in one invocation (as the SQS event source mapping hands the Lambda a
   * batch); resolves with the files that changed meanwhile (they get another pass).
   */
  async function handleFiles(files: readonly string[]): Promise<Set<string>> {
    const changed = new Set<string>();
    const todo: { file: string; key: string; mark: string; shape: FileShape; record: S3EventRecord }[] = [];
    for (const file of files) {
      // The shape the settle wait saw: no second lstat per file (a batch holds up to maxBatch of them).
      const shape = settledShapes.get(file);
      settledShapes.delete(file);
      if (shape === undefined) continue;
      const key = keyOf(file);
      if (shape.size < 0) {
        const st = await lstat(file).catch(() => undefined);
        if (st && !st.isFile()) await refuse(key, notRegularReason(fileKind(st)), { kind: fileKind(st) });
        continue;
      }
      const mark = `${key}\u0000${shape.size}\u0000${shape.mtimeMs}`;
      if (done.has(mark)) continue;
      todo.push({ file, key, mark, shape, record: eventRecord(key, shape) });
    }
    if (todo.length === 0) return changed;
    for (let attempt = 1; ; attempt++) {
      try {
        const reports = await handler({ Records: todo.map((t) => t.record) });
        totals.files += todo.length;
        for (const r of reports) {
          totals.landed += r.landed;
          totals.rejected += r.rejected;
          if (r.outcome === 'duplicate') totals.duplicates++;
          if (r.delayMs !== undefined && r.outcome === 'landed') {
            delays.push(r.delayMs);
            if (delays.length > DELAY_WINDOW) delays.shift();
          }
          options.onReport?.(r);
        }
        // Changed while it was read: what landed is an intermediate version, which the next pass replaces.
        const marks: string[] = [];
        const afterShapes = await mapInOrder(todo, STAT_CONCURRENCY, (t) => look(t.file));
        for (const [i, t] of todo.entries()) {
          const after = afterShapes[i];
          if (after === undefined) continue;
          if (!sameShape(after, t.shape)) changed.add(t.file);
          else {
            done.add(t.mark);
            marks.push(`${JSON.stringify(t.mark)}\n`);
          }
        }
        if (marks.length > 0) await appendFile(path.join(lakeDir, CHECKPOINT), marks.join(''));
        return changed;
      } catch (e) {
        if (attempt >= 5 || stopped) {
          totals.failed += todo.length;
          log({ level: 'error', msg: 'giving up on these files until the next start', keys: todo.slice(0, 5).map((t) => t.key), files: todo.length, reason: (e as Error).message });
          return changed;
        }
        await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
      }
    }
  }

  /**
   * Walks `incoming/` by raw byte names for what the watcher never reports (it skips names that are
   * not UTF-8, and dangling links) and refuses it. Regular files with UTF-8 names are the watcher's;
   * only directory entries are read here, nothing is stat'ed, so a rescan stays cheap.
   */
  async function rescan(dir: Buffer): Promise<void> {
    let entries: Dirent<Buffer>[];
    try {
      entries = (await readdir(dir, { withFileTypes: true, encoding: 'buffer' })) as unknown as Dirent<Buffer>[];
    } catch {
      return;
    }
    for (const entry of entries) {
      const name = entry.name;
      if (name[0] === 0x2e) continue; // dot files: writers' temporary files
      const full = Buffer.concat([dir, Buffer.from(path.sep), name]);
      const relative = full.subarray(Buffer.byteLength(lakeDir) + 1);
      const utf8 = isUtf8(relative);
      if (entry.isDirectory()) {
        await rescan(full);
      } else if (!utf8) {
        const kind = fileKind(entry);
        if (!entry.isFile()) await refuse(relative, `${notRegularReason(kind)}; its name is not UTF-8 either`, { kind });
        else await refuse(relative, 'the file name is not valid UTF-8, so no S3 key can name it; rename it with a UTF-8 name to ingest it', await contentOf(full));
      } else if (!entry.isFile()) {
        const kind = fileKind(entry);
        await refuse(relative.toString('utf8'), notRegularReason(kind), { kind });
      }
    }
  }

  let metricsWrites = 0;
  const writeMetrics = async () => {
    if (delays.length === 0) return;
    const sorted = [...delays].sort((a, b) => a - b);
    const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
    const metrics: IngestMetrics = { updatedAt: clock().toISOString(), count: sorted.length, p50Ms: pick(0.5), p95Ms: pick(0.95), lastMs: delays[delays.length - 1]! };
    const file = path.join(lakeDir, METRICS);
    await mkdir(path.dirname(file), { recursive: true });
    // A name of its own per write: the timer's write and stop()'s may overlap.
    const tmp = `${file}.${process.pid}-${++metricsWrites}.tmp`;
    await writeFile(tmp, JSON.stringify(metrics));
    await rename(tmp, file);
  };
  const metricsTimer = setInterval(() => void writeMetrics().catch(() => {}), 1000);

  // Settling is the runtime's own (waitUntilStable): a file that keeps changing is never dropped.
  const watcher = watchIncoming(incomingDir, enqueue, (e) => log({ level: 'warn', msg: 'watching incoming/: walking a folder again', reason: e.message }));
  const incomingBytes = Buffer.from(path.resolve(incomingDir)); // no trailing separator: keys are built from it
  const rescanTimer = setInterval(() => void rescan(incomingBytes).catch(() => {}), options.rescanMs ?? 5000);
  const ready = watcher.ready.then(() => rescan(incomingBytes)).then(whenIdle);

  return {
    ready,
    stats: () => ({ ...totals }),
    async stop() {
      if (stopped) return;
      stopping = true;
      watcher.close();
      clearInterval(rescanTimer);
      await whenIdle();
      stopped = true;
      clearInterval(metricsTimer);
      await writeMetrics();
    },
  };
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

/** Quarantined content is capped: the file itself stays in incoming/ (the runtime never deletes there). */
const MAX_QUARANTINED_BYTES = 16 * 1024 * 1024;

async function contentOf(file: Buffer): Promise<Record<string, unknown>> {
  try {
    const st = await lstat(file);
    if (st.size > MAX_QUARANTINED_BYTES) return { size: st.size, contentBase64: null, note: `larger than ${MAX_QUARANTINED_BYTES} bytes: left in incoming/` };
    return { size: st.size, contentBase64: (await readFile(file)).toString('base64') };
  } catch (e) {
    return { contentBase64: null, note: `could not be read: ${(e as Error).message}` };
  }
}

async function readCheckpoint(lakeDir: string): Promise<Set<string>> {
  try {
    const text = await readFile(path.join(lakeDir, CHECKPOINT), 'utf8');
    const out = new Set<string>();
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        out.add(JSON.parse(line) as string);
      } catch {
        // a torn last line after a crash: that file is simply handled again (idempotent)
      }
    }
    return out;
  } catch {
    return new Set();
  }
}
