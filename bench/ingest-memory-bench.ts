/**
 * Peak memory of the ingest handler on one large object: `npx tsx bench/ingest-memory-bench.ts [--mb 50]`.
 *
 * Writes a JSON Lines object of about `--mb` MB (transactions shaped like the live producer's:
 * 6 items each) into a temporary lake, then handles it in a fresh Node process — so the figure is
 * that invocation's alone — and prints the process's peak RSS before and after the handler ran,
 * the rows landed and a cross-check of the rows read back through DuckDB. This is the measurement
 * `infra.ingest.memoryMiB` is sized from (docs/reliability.md); it is not a timed test.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readModelFiles } from '../src/compiler/build-project.js';
import { compileProject } from '../src/compiler/compile-project.js';
import { loadConfig } from '../src/config/load-config.js';
import { LocalEngine } from '../src/engines/local/local-engine.js';
import { LocalObjectStore } from '../src/storage/local-object-store.js';
import { createIngestHandler } from '../src/streaming/ingest-handler.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const KEY = 'incoming/bench/large.jsonl';
const MiB = 1024 * 1024;

async function manifest() {
  const compiled = compileProject(await readModelFiles(ROOT, 'models'), loadConfig());
  if (!compiled.manifest) throw new Error(compiled.errors.map((e) => e.message).join('\n'));
  return compiled.manifest;
}

/** The object: lines like the producer's, until `bytes` is reached. */
function largeObject(bytes: number): { body: Buffer; transactions: number; items: number } {
  const lines: string[] = [];
  let size = 0;
  let items = 0;
  for (let i = 0; size < bytes; i++) {
    const basket = Array.from({ length: 6 }, (_, k) => ({
      sku_id: `SKU${String(((i * 7 + k * 131) % 12000) + 1).padStart(5, '0')}`,
      quantity: 1 + ((i + k) % 4),
    }));
    const line = JSON.stringify({
      transaction_id: `LIVE-BENCH-${String(i).padStart(8, '0')}`,
      store_id: `STORE000${(i % 5) + 1}`,
      transaction_datetime: `2024-04-${String(10 + ((i >> 16) % 2)).padStart(2, '0')} ${String((i >> 12) % 24).padStart(2, '0')}:${String((i >> 6) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`,
      items: basket,
    });
    lines.push(line);
    size += Buffer.byteLength(line) + 1;
    items += basket.length;
  }
  return { body: Buffer.from(`${lines.join('\n')}\n`), transactions: lines.length, items };
}

/** The child: handle the object once, report peak RSS (resourceUsage().maxRSS is in KiB). */
async function child(lake: string): Promise<void> {
  const m = await manifest();
  const store = new LocalObjectStore(lake);
  const info = await store.head(KEY);
  global.gc?.();
  const baselineMiB = process.resourceUsage().maxRSS / 1024;
  const started = performance.now();
  const handle = createIngestHandler({ store, manifest: m });
  const [report] = await handle({
    Records: [{ eventTime: new Date().toISOString(), s3: { bucket: { name: 'bench' }, object: { key: KEY, eTag: info!.etag!, size: info!.size } } }],
  } as never);
  const peakMiB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    JSON.stringify({ baselineMiB, peakMiB, landed: report!.landed, rejected: report!.rejected, seconds: (performance.now() - started) / 1000 }),
  );
}

async function parent(mb: number): Promise<void> {
  const lake = await mkdtemp(path.join(tmpdir(), 'ingest-memory-'));
  try {
    const { body, transactions, items } = largeObject(mb * 1_000_000);
    await new LocalObjectStore(lake).put(KEY, body);
    process.stderr.write(`object: ${(body.byteLength / MiB).toFixed(1)} MiB, ${transactions} transactions, ${items} items\n`);
    const out = await new Promise<string>((resolve, reject) => {
      const c = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--child', lake], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let text = '';
      c.stdout.on('data', (d: Buffer) => (text += d.toString()));
      c.once('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`the measuring process exited with ${code}`))));
    });
    const r = JSON.parse(out) as { baselineMiB: number; peakMiB: number; landed: number; rejected: number; seconds: number };
    const engine = await LocalEngine.open({ lakeDir: lake });
    let readBack: { transactions: number; items: number };
    try {
      const q = async (t: string) =>
        Number((await engine.query(`SELECT count(*) AS n FROM read_parquet('${lake.replace(/'/g, "''")}/tables/${t}/*/*.parquet')`)).rows[0]!.n);
      readBack = { transactions: await q('transactions'), items: await q('transaction_items') };
    } finally {
      await engine.close();
    }
    const lines = [
      '| object | transactions | items | landed | read back (tx / items) | RSS before handling | peak RSS | handler share | seconds |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
      `| ${(body.byteLength / MiB).toFixed(1)} MiB JSONL | ${transactions} | ${items} | ${r.landed} | ${readBack.transactions} / ${readBack.items} | ${r.baselineMiB.toFixed(0)} MiB | ${r.peakMiB.toFixed(0)} MiB | ${(r.peakMiB - r.baselineMiB).toFixed(0)} MiB | ${r.seconds.toFixed(1)} |`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    if (readBack.transactions !== transactions || readBack.items !== items) throw new Error('rows read back differ from rows written');
  } finally {
    await rm(lake, { recursive: true, force: true });
  }
}

const { values } = parseArgs({ options: { mb: { type: 'string', default: '50' }, child: { type: 'string' } } });
if (values.child) await child(values.child);
else await parent(Number(values.mb));
