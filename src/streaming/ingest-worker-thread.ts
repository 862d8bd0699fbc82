import type { S3Event } from 'aws-lambda';
import { parentPort, workerData } from 'node:worker_threads';
import { LocalObjectStore } from '../storage/local-object-store.js';
import { createIngestHandler } from './ingest-handler.js';
import type { IngestWorkerData, WorkerReply, WorkerRequest } from './ingest-worker.js';

/**
 * The ingest worker's body (see ingest-worker.ts): the Lambda handler on the local lake, one
 * invocation per request, replies and log entries posted back. Invocations run concurrently here
 * as they did on the main thread; the handler's warm caches (key index, ledger) live in this thread.
 */
const data = workerData as IngestWorkerData;
const port = parentPort!;
const handler = createIngestHandler({
  store: new LocalObjectStore(data.lakeDir),
  manifest: data.manifest,
  clock: () => new Date(),
  log: (entry) => port.postMessage({ type: 'log', entry } satisfies WorkerReply),
});

port.postMessage({ type: 'ready' } satisfies WorkerReply);
port.on('message', (request: WorkerRequest) => {
  handler(request.event as S3Event).then(
    (reports) => port.postMessage({ type: 'result', id: request.id, reports } satisfies WorkerReply),
    (e: unknown) => port.postMessage({ type: 'error', id: request.id, message: (e as Error).message ?? String(e) } satisfies WorkerReply),
  );
});
