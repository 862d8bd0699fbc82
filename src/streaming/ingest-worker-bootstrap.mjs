// The ingest worker's first module: plain JavaScript, because a worker thread does not inherit the
// TypeScript loader (tsx) its parent was started with. It registers tsx in this thread, then loads
// the worker's TypeScript entry (ingest-worker-thread.ts) named in workerData.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
