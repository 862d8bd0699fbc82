// Scratch profiler (not committed): in-memory handler only.
import { compileProject } from '../src/compiler/compile-project.js';
import { createIngestHandler } from '../src/streaming/ingest-handler.js';
import { s3PutEvents } from '../tests/support/s3-event.js';
import { createBenchContext } from './lib/bench-context.js';
import { packIncoming, readRawLines } from './lib/ingest-input.js';
import { MemoryObjectStore } from './lib/memory-object-store.js';
import { loadProject } from '../src/cli/project.js';

const { config, manifest } = await loadProject();
const ctx = await createBenchContext({ quick: true, config, manifest });
const h = await ctx.history(60_000);
const lines = await readRawLines(h.rawTransactionsDir, 60_000);
const mode = process.argv[2] ?? 'batched';
const objects = mode === 'batched' ? packIncoming(lines.slice(0, 50_000), 1000, 'incoming/b/') : packIncoming(lines.slice(0, 10_000), 1, 'incoming/s/');
const per = mode === 'batched' ? 10 : 1000;
const store = new MemoryObjectStore();
const etags = new Map<string, string>();
for (const o of objects) etags.set(o.key, (await store.put(o.key, o.body)).etag);
const handler = createIngestHandler({ store, manifest });
const t0 = performance.now();
let landed = 0;
for (let i = 0; i < objects.length; i += per) for (const r of await handler(s3PutEvents(objects.slice(i, i + per).map((o) => ({ key: o.key, etag: etags.get(o.key)! }))))) landed += r.landed;
const s = (performance.now() - t0) / 1000;
console.log(mode, landed, 'tx', (landed / s).toFixed(0), 'tx/s', (objects.length / s).toFixed(0), 'files/s');
void compileProject;
