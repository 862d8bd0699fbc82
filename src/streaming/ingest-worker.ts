import type { S3Event } from 'aws-lambda';
import { Worker } from 'node:worker_threads';
import type { Manifest } from '../manifest/manifest.js';
import type { LogEntry, ObjectReport } from './ingest-handler.js';

/** What the worker is started with (structured-cloned to it). */
export interface IngestWorkerData {
  /** The module the bootstrap loads: ingest-worker-thread.ts. */
  readonly entry: string;
  readonly lakeDir: string;
  readonly manifest: Manifest;
}

/** One invocation, main thread → worker. */
export interface WorkerRequest {
  readonly id: number;
  readonly event: S3Event;
}

/** Worker → main thread. */
export type WorkerReply =
  | { readonly type: 'ready' }
  | { readonly type: 'result'; readonly id: number; readonly reports: ObjectReport[] }
  | { readonly type: 'error'; readonly id: number; readonly message: string }
  | { readonly type: 'log'; readonly entry: LogEntry };

export interface IngestWorker {
  /** Resolves once the worker has loaded the handler's modules (a first file does not wait for them). */
  readonly ready: Promise<void>;
  /** Invokes the handler in the worker; rejects with the handler's error, or when the worker dies. */
  invoke(event: S3Event): Promise<ObjectReport[]>;
  /** Ends the worker (after the caller has waited for its invocations). */
  close(): Promise<void>;
}

/**
 * The ingest handler in a worker thread, for the local runtime: parsing, mapping and Parquet
 * encoding leave the main thread, whose event loop the watcher, the producer, the dashboard and
 * the poll share (81 % busy at 1,000 one-transaction files/s with the handler on it). Exactly-once
 * is the handler's own (ledger, version index): where it runs changes nothing. A worker that dies
 * fails its invocations — the runtime retries them — and the next invocation starts a new one.
 */
export function startIngestWorker(options: { readonly lakeDir: string; readonly manifest: Manifest; readonly log: (entry: LogEntry) => void }): IngestWorker {
  const pending = new Map<number, { resolve: (r: ObjectReport[]) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let worker: Worker | undefined;
  let closed = false;
  let started: () => void = () => {};
  const ready = new Promise<void>((resolve) => (started = resolve));

  const spawn = (): Worker => {
    const data: IngestWorkerData = { entry: new URL('./ingest-worker-thread.ts', import.meta.url).href, lakeDir: options.lakeDir, manifest: options.manifest };
    const w = new Worker(new URL('./ingest-worker-bootstrap.mjs', import.meta.url), { workerData: data });
    w.on('message', (reply: WorkerReply) => {
      if (reply.type === 'ready') started();
      else if (reply.type === 'log') options.log(reply.entry);
      else if (reply.type === 'result' || reply.type === 'error') {
        const p = pending.get(reply.id);
        pending.delete(reply.id);
        if (reply.type === 'result') p?.resolve(reply.reports);
        else p?.reject(new Error(reply.message));
      }
    });
    const fail = (reason: string) => {
      started(); // a worker that died starting: invocations say why (and start another)
      if (worker === w) worker = undefined;
      for (const p of pending.values()) p.reject(new Error(`the ingest worker ${reason}; its invocations are retried`));
      pending.clear();
    };
    w.on('error', (e) => fail(`failed: ${e.message}`));
    w.on('exit', (code) => fail(`exited (code ${code})`));
    return w;
  };

  // Started now, not at the first file: loading the handler's modules takes a few hundred ms.
  worker = spawn();
  return {
    ready,
    invoke(event) {
      if (closed) return Promise.reject(new Error('the ingest worker is closed'));
      worker ??= spawn();
      const id = nextId++;
      const w = worker;
      return new Promise<ObjectReport[]>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        w.postMessage({ id, event } satisfies WorkerRequest);
      });
    },
    async close() {
      closed = true;
      const w = worker;
      worker = undefined;
      if (w) await w.terminate();
    },
  };
}
