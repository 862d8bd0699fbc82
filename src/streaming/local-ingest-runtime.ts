import type { S3Event, S3EventRecord } from 'aws-lambda';
import { lstat, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { ProjectConfig } from '../config/define-config.js';
import type { Manifest } from '../manifest/manifest.js';
import { callbackFs } from '../storage/callback-fs.js';
import { LocalObjectStore } from '../storage/local-object-store.js';
import { mapInOrder } from '../util/map-in-order.js';
import { createIngestHandler, type LogEntry, type ObjectReport } from './ingest-handler.js';
import { IncomingRefusals } from './incoming-refusals.js';
import { watchIncoming, type EntryEvent } from './incoming-watcher.js';
import { IngestCheckpoint } from './ingest-checkpoint.js';
import { startIngestWorker } from './ingest-worker.js';
import { IngestDelayWindow } from './ingest-metrics.js';
import { localEventRecord } from './local-event-record.js';
import { sameShape, waitUntilStable, type FileShape } from './stable-file.js';

export interface LocalIngestOptions {
  readonly lakeDir: string;
  readonly config: ProjectConfig;
  readonly manifest: Manifest;
  /** Handler invocations at once (each with a batch of files). @default {@link DEFAULT_INGEST_CONCURRENCY} */
  readonly concurrency?: number;
  /** Files per invocation at most: what bounds the memory of one invocation. @default 1000 */
  readonly maxBatch?: number;
  readonly log?: (entry: LogEntry) => void;
  readonly onReport?: (report: ObjectReport) => void;
  /** Stamps the landings; a clock cannot cross to a worker thread, so it keeps the handler here. @default () => new Date() */
  readonly clock?: () => Date;
  /**
   * Whether the handler runs in a worker thread (ingest-worker.ts), off the event loop the watcher,
   * the producer and the dashboard share. @default true, unless `clock` is given
   */
  readonly handlerInWorker?: boolean;
  /** A file is handled once its size and mtime stayed unchanged this long. @default config.ingest.settleMs */
  readonly settleMs?: number;
  /** A free slot waits this long after a file is ready for more to join its invocation. @default config.ingest.batchingWindowMs */
  readonly batchingWindowMs?: number;
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
  /**
   * Lands what was renamed in before the call (the events the kernel had queued), then stops
   * watching, waits for in-flight files and writes the final metrics. Files still settling (written
   * in place) are left for the next start, which finds them in its backlog.
   */
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

/**
 * Handler invocations at once: the handler's work is mostly on one event loop (the worker's), so a
 * second slot only overlaps one invocation's storage waits with another's parsing; more would hold
 * more batches in memory for no gain on two cores.
 */
export const DEFAULT_INGEST_CONCURRENCY = 2;

/** File-system calls in flight at once when a batch's files are looked at again. */
const STAT_CONCURRENCY = 32;

/**
 * `npm run ingest`: the Lambda runtime, locally. Watches `incoming/` (with the backlog present at
 * start), turns each new file into a genuine S3 `ObjectCreated:Put` event record and invokes the
 * same handler the Lambda runs, on the local folder — as the SQS event source mapping does on AWS,
 * with the records of every file settled meanwhile in one invocation (at most `maxBatch`, at most
 * `concurrency` invocations at once: the backpressure that keeps memory bounded under a burst).
 * Like the mapping's batching window, a free slot waits `batchingWindowMs` after a file is ready,
 * so that the files a producer writes together (a window's file per store) land as one batch.
 * Exactly once across crashes: the handler's
 * ledger skips objects it already landed, and a checkpoint of (key, size, mtime) spares rereading
 * them at every restart. A file whose handling throws (a transient error) is retried, then left
 * for the next start.
 *
 * A folder is not a bucket, so the runtime restores S3's rules before it calls the handler:
 * - a file renamed onto its name from a dot file of the same folder (the writer contract) is
 *   complete, and is handled at once; any other file only once its size and mtime are stable for
 *   `settleMs` (no partial objects) — the time since its mtime counts, so a file renamed in from
 *   elsewhere after it was written waits only the rest;
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
  const bucket = { region: options.config.athena.region, bucket: options.config.lake.bucket };
  const incomingDir = path.join(lakeDir, options.config.lake.prefixes.incoming);
  await mkdir(incomingDir, { recursive: true });
  await mkdir(path.join(lakeDir, '_ingest'), { recursive: true });
  const checkpoint = await IngestCheckpoint.open(lakeDir);
  const inWorker = options.handlerInWorker ?? options.clock === undefined;
  const worker = inWorker ? startIngestWorker({ lakeDir, manifest: options.manifest, log }) : undefined;
  const handler = worker ? (event: S3Event) => worker.invoke(event) : createIngestHandler({ store, manifest: options.manifest, clock, log });
  await worker?.ready;
  const settleMs = options.settleMs ?? options.config.ingest.settleMs;
  /** Settle waits in progress: stop() cuts them short (their files are left for the next start). */
  const sleepers = new Set<() => void>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      sleepers.add(wake);
    });
  const totals = { files: 0, landed: 0, rejected: 0, duplicates: 0, failed: 0 };
  const delays = new IngestDelayWindow(lakeDir, clock);
  const refusals = new IncomingRefusals(store, lakeDir, options.config.lake.prefixes.rejected, clock, log);
  const queue: string[] = [];
  /** Files settling, queued or being handled: one pass at a time per file. */
  const busy = new Set<string>();
  /**
   * Files that changed while busy: they get another pass when the current one ends, without the
   * settle wait only if every change was a rename of a complete file onto the name.
   */
  const dirty = new Map<string, EntryEvent>();
  /** The shape each queued file had when it settled (what its event describes). */
  const settledShapes = new Map<string, FileShape>();
  let active = 0;
  let settling = 0;
  let stopped = false;
  /** Set by stop(): files still settling are left for the next start instead of being waited for. */
  let stopping = false;
  /** The one stop in progress or done: a second stop() waits for it. */
  let stopRun: Promise<void> | undefined;
  let idleResolvers: (() => void)[] = [];
  const concurrency = options.concurrency ?? DEFAULT_INGEST_CONCURRENCY;
  const maxBatch = options.maxBatch ?? 1_000;
  const batchingWindowMs = options.batchingWindowMs ?? options.config.ingest.batchingWindowMs;
  /** Set while the files queued for a free slot wait out the batching window. */
  let windowTimer: NodeJS.Timeout | undefined;

  const keyOf = (file: string) => path.relative(lakeDir, file).split(path.sep).join('/');
  /** A file's shape now, or undefined when it is gone. */
  const shapeOf = async (file: string): Promise<FileShape | undefined> => {
    try {
      const st = await callbackFs.lstat(file);
      return st.isFile() ? { size: st.size, mtimeMs: st.mtimeMs } : { size: -1, mtimeMs: st.mtimeMs };
    } catch {
      return undefined;
    }
  };
  /** The settle wait's look: once stopping, a file still settling is left for the next start. */
  const look = (file: string): Promise<FileShape | undefined> => (stopping ? Promise.resolve(undefined) : shapeOf(file));

  const isIdle = () => active === 0 && queue.length === 0 && settling === 0;
  const whenIdle = () => (isIdle() ? Promise.resolve() : new Promise<void>((r) => idleResolvers.push(r)));

  const enqueue = (file: string, how: EntryEvent, seen?: FileShape) => {
    if (stopped || path.basename(file).startsWith('.')) return;
    if (busy.has(file)) {
      dirty.set(file, dirty.get(file) === 'changed' ? 'changed' : how);
      return;
    }
    busy.add(file);
    settling++;
    // Settling waits on timers, outside the handler slots, so slow writers hold no slot. A file
    // renamed in from a dot file was complete when it appeared (incoming-watcher.ts): no wait.
    // File times are the OS's wall clock, whatever clock the landings are stamped with.
    const complete = how === 'renamedIn' && seen !== undefined && !stopping;
    void (complete ? Promise.resolve(seen) : waitUntilStable(() => look(file), how === 'renamedIn' ? 0 : settleMs, sleep, Date.now))
      .catch(() => undefined)
      .then((shape) => {
        settling--;
        if (shape === undefined || stopped) release(file);
        else {
          settledShapes.set(file, shape);
          queue.push(file);
          gather();
        }
      });
  };

  const release = (file: string) => {
    busy.delete(file);
    const again = dirty.get(file);
    if (again !== undefined) {
      dirty.delete(file);
      enqueue(file, again);
    }
    if (isIdle()) {
      for (const r of idleResolvers) r();
      idleResolvers = [];
    }
  };

  /**
   * A file is ready: with a slot free it waits for the batching window, opened by the first file
   * queued (a fixed window, as SQS's: a gap-based one would close early whenever the event loop is
   * busy between a producer's renames); a full batch goes at once. With every slot busy the queue
   * fills anyway, and the next free slot takes it without waiting.
   */
  const gather = () => {
    if (batchingWindowMs <= 0 || queue.length >= maxBatch || active >= concurrency) pump();
    else
      windowTimer ??= setTimeout(() => {
        windowTimer = undefined;
        pump();
      }, batchingWindowMs);
  };

  const pump = () => {
    if (windowTimer !== undefined) {
      clearTimeout(windowTimer);
      windowTimer = undefined;
    }
    while (!stopped && active < concurrency && queue.length > 0) {
      // Everything settled meanwhile goes in one invocation (up to maxBatch): while the slots are
      // busy the queue fills, so batches grow with the load; a quiet stream's files wait only the batching window.
      const files = queue.splice(0, maxBatch);
      active++;
      void handleFiles(files)
        .catch((e: unknown) => {
          log({
            level: 'error',
            msg: 'unexpected failure handling files',
            keys: files.slice(0, 5).map(keyOf),
            files: files.length,
            reason: (e as Error).message,
          });
          return new Set<string>();
        })
        .then((changed) => {
          active--;
          for (const file of files) {
            // Changed while it was read: written in place, so the next pass settles.
            if (changed.has(file)) dirty.set(file, 'changed');
            release(file);
          }
          pump();
        });
    }
  };

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
        if (st && !st.isFile()) await refusals.refuseNotRegular(key, st);
        continue;
      }
      const mark = IngestCheckpoint.markOf(key, shape);
      if (checkpoint.has(mark)) continue;
      todo.push({ file, key, mark, shape, record: localEventRecord(bucket, key, shape) });
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
          if (r.delayMs !== undefined && r.outcome === 'landed') delays.push(r.delayMs);
          options.onReport?.(r);
        }
        // Changed while it was read: what landed is an intermediate version, which the next pass replaces.
        const marks: string[] = [];
        // Not the settle wait's look: a batch handled while stopping is checkpointed too.
        const afterShapes = await mapInOrder(todo, STAT_CONCURRENCY, (t) => shapeOf(t.file));
        for (const [i, t] of todo.entries()) {
          const after = afterShapes[i];
          if (after === undefined) continue;
          if (!sameShape(after, t.shape)) changed.add(t.file);
          else marks.push(t.mark);
        }
        await checkpoint.add(marks);
        return changed;
      } catch (e) {
        if (attempt >= 5 || stopped) {
          totals.failed += todo.length;
          log({
            level: 'error',
            msg: 'giving up on these files until the next start',
            keys: todo.slice(0, 5).map((t) => t.key),
            files: todo.length,
            reason: (e as Error).message,
          });
          return changed;
        }
        await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
      }
    }
  }

  const metricsTimer = setInterval(() => void delays.write().catch(() => {}), 1000);

  // Settling is the runtime's own (waitUntilStable): a file that keeps changing is never dropped.
  const watcher = watchIncoming(incomingDir, enqueue, (e) => log({ level: 'warn', msg: 'watching incoming/: walking a folder again', reason: e.message }));
  const incomingBytes = Buffer.from(path.resolve(incomingDir)); // no trailing separator: keys are built from it
  const rescanTimer = setInterval(() => void refusals.rescan(incomingBytes).catch(() => {}), options.rescanMs ?? 5000);
  const ready = watcher.ready.then(() => refusals.rescan(incomingBytes)).then(whenIdle);

  return {
    ready,
    stats: () => ({ ...totals, refused: refusals.total }),
    stop() {
      return (stopRun ??= stopOnce());
    },
  };

  async function stopOnce(): Promise<void> {
    // What was renamed in before stop() was called is on its way (its events queued in the
    // kernel, or its lstat under way): it lands now, not at the next start.
    await watcher.drain();
    stopping = true;
    watcher.close();
    for (const wake of [...sleepers]) wake();
    clearInterval(rescanTimer);
    await whenIdle();
    stopped = true;
    clearInterval(metricsTimer);
    await worker?.close();
    await delays.write();
  }
}
