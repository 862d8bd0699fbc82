import type { S3Event } from 'aws-lambda';
import { watch, type FSWatcher } from 'chokidar';
import { appendFile, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ProjectConfig } from '../config/define-config.js';
import type { Manifest } from '../manifest/manifest.js';
import { LocalObjectStore } from '../storage/local-object-store.js';
import { createIngestHandler, type LogEntry, type ObjectReport } from './ingest-handler.js';
import { encodeS3EventKey } from './s3-event-key.js';

export interface LocalIngestOptions {
  readonly lakeDir: string;
  readonly config: ProjectConfig;
  readonly manifest: Manifest;
  /** Files handled at once. @default 4 */
  readonly concurrency?: number;
  readonly log?: (entry: LogEntry) => void;
  readonly onReport?: (report: ObjectReport) => void;
  readonly clock?: () => Date;
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

/**
 * `npm run ingest`: the Lambda runtime, locally. Watches `incoming/` (with the backlog present at
 * start), turns each new file into a genuine S3 `ObjectCreated:Put` event record and invokes the
 * same handler the Lambda runs, on the local folder. Exactly once across crashes: the handler's
 * ledger skips objects it already landed, and a checkpoint of (key, size, mtime) spares rereading
 * them at every restart. A file whose handling throws (a transient error) is retried, then left
 * for the next start.
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
  const totals = { files: 0, landed: 0, rejected: 0, duplicates: 0, failed: 0 };
  const delays: number[] = [];
  const queue: string[] = [];
  const queued = new Set<string>();
  let active = 0;
  let stopped = false;
  let idleResolvers: (() => void)[] = [];
  const concurrency = options.concurrency ?? 4;

  const enqueue = (file: string) => {
    if (stopped || queued.has(file) || path.basename(file).startsWith('.')) return;
    queued.add(file);
    queue.push(file);
    pump();
  };

  const pump = () => {
    while (!stopped && active < concurrency && queue.length > 0) {
      const file = queue.shift()!;
      active++;
      void handleFile(file).finally(() => {
        active--;
        queued.delete(file);
        if (active === 0 && queue.length === 0) {
          for (const r of idleResolvers) r();
          idleResolvers = [];
        }
        pump();
      });
    }
  };

  const whenIdle = () => (active === 0 && queue.length === 0 ? Promise.resolve() : new Promise<void>((r) => idleResolvers.push(r)));

  async function handleFile(file: string): Promise<void> {
    let st;
    try {
      st = await stat(file);
    } catch {
      return; // gone before we got to it
    }
    const key = path.relative(lakeDir, file).split(path.sep).join('/');
    const mark = `${key}\u0000${st.size}\u0000${st.mtimeMs}`;
    if (done.has(mark)) return;
    const info = await store.head(key).catch(() => undefined);
    const event: S3Event = {
      Records: [
        {
          eventVersion: '2.1',
          eventSource: 'aws:s3',
          awsRegion: options.config.athena.region,
          eventTime: st.mtime.toISOString(),
          eventName: 'ObjectCreated:Put',
          userIdentity: { principalId: 'local' },
          requestParameters: { sourceIPAddress: '127.0.0.1' },
          responseElements: { 'x-amz-request-id': 'local', 'x-amz-id-2': 'local' },
          s3: {
            s3SchemaVersion: '1.0',
            configurationId: 'local-ingest',
            bucket: { name: options.config.lake.bucket, ownerIdentity: { principalId: 'local' }, arn: `arn:aws:s3:::${options.config.lake.bucket}` },
            object: { key: encodeS3EventKey(key), size: st.size, eTag: info?.etag ?? '', sequencer: Math.round(st.mtimeMs).toString(16).toUpperCase() },
          },
        },
      ],
    };
    for (let attempt = 1; ; attempt++) {
      try {
        const reports = await handler(event);
        totals.files++;
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
        done.add(mark);
        await appendFile(path.join(lakeDir, CHECKPOINT), `${JSON.stringify(mark)}\n`);
        return;
      } catch (e) {
        if (attempt >= 5 || stopped) {
          totals.failed++;
          log({ level: 'error', msg: 'giving up on this file until the next start', key, reason: (e as Error).message });
          return;
        }
        await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
      }
    }
  }

  const writeMetrics = async () => {
    if (delays.length === 0) return;
    const sorted = [...delays].sort((a, b) => a - b);
    const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
    const metrics: IngestMetrics = { updatedAt: clock().toISOString(), count: sorted.length, p50Ms: pick(0.5), p95Ms: pick(0.95), lastMs: delays[delays.length - 1]! };
    const file = path.join(lakeDir, METRICS);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(`${file}.tmp`, JSON.stringify(metrics));
    await rename(`${file}.tmp`, file);
  };
  const metricsTimer = setInterval(() => void writeMetrics().catch(() => {}), 1000);

  const watcher: FSWatcher = watch(incomingDir, {
    ignoreInitial: false,
    ignored: (p: string) => path.basename(p).startsWith('.'),
    // Writers rename complete files into place, so no write-finish polling is needed.
    awaitWriteFinish: false,
  });
  watcher.on('add', enqueue);
  watcher.on('change', enqueue);
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => void whenIdle().then(resolve)));

  return {
    ready,
    stats: () => ({ ...totals }),
    async stop() {
      if (stopped) return;
      await watcher.close();
      await whenIdle();
      stopped = true;
      clearInterval(metricsTimer);
      await writeMetrics();
    },
  };
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
