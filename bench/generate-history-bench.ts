/**
 * Throughput and memory of the history generator.
 *
 *   npx tsx bench/generate-history-bench.ts                    # 1,000,000 transactions to a temp dir
 *   npx tsx bench/generate-history-bench.ts --ten-million      # 10,000,000 (the bounded-memory claim)
 *   npx tsx bench/generate-history-bench.ts --transactions 250000 --discard
 *
 * `--discard` counts bytes instead of writing them, isolating generation from the disk. Peak RSS is
 * sampled at every progress tick (every 10,000 transactions, inside the synchronous generation
 * loop, where a timer could not fire) and by a 50 ms timer during writes.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateHistory } from '../producer/history/generate-history.js';
import { LocalObjectStore } from '../src/storage/local-object-store.js';
import type { GetResult, ObjectInfo, ObjectStore, PutResult } from '../src/storage/object-store.js';
import { ObjectNotFoundError } from '../src/storage/object-store.js';
import type { Progress } from '../src/util/progress.js';
import { formatCount } from '../src/util/progress.js';

const { values } = parseArgs({
  args: process.argv.slice(2),
  strict: true,
  options: {
    transactions: { type: 'string' },
    'ten-million': { type: 'boolean' },
    discard: { type: 'boolean' },
    keep: { type: 'boolean' },
  },
});
const transactions = values['ten-million'] ? 10_000_000 : Number(values.transactions ?? 1_000_000);

/** Accepts writes and forgets them: measures generation alone. */
class DiscardingObjectStore implements ObjectStore {
  readonly description = 'discard';
  async put(_key: string, body: Uint8Array | string): Promise<PutResult> {
    return { etag: String(typeof body === 'string' ? body.length : body.byteLength) };
  }
  async get(key: string): Promise<GetResult> {
    throw new ObjectNotFoundError(key, this.description);
  }
  async head(): Promise<ObjectInfo | undefined> {
    return undefined;
  }
  async *list(): AsyncIterable<ObjectInfo> {}
  async delete(): Promise<void> {}
}

let peakRss = process.memoryUsage().rss;
const sample = (): void => {
  const rss = process.memoryUsage().rss;
  if (rss > peakRss) peakRss = rss;
};
let lastLine = 0;
let done = 0;
const started = performance.now();
const progress: Progress = {
  tick(n = 1) {
    done += n;
    sample();
    const now = performance.now();
    if (now - lastLine > 5000) {
      lastLine = now;
      process.stderr.write(`  ${formatCount(done)} / ${formatCount(transactions)}, rss ${mib(process.memoryUsage().rss)}\n`);
    }
  },
  done() {},
};
const timer = setInterval(sample, 50);

const dir = values.discard ? undefined : await fs.mkdtemp(path.join(os.tmpdir(), 'generate-bench-'));
const store: ObjectStore = dir === undefined ? new DiscardingObjectStore() : new LocalObjectStore(dir);
const baselineRss = process.memoryUsage().rss;
try {
  const summary = await generateHistory({ transactions, endDate: '2024-04-30' }, { store, clock: () => new Date('2024-05-01T00:00:00Z'), progress });
  const seconds = (performance.now() - started) / 1000;
  sample();
  console.log(
    `generate-history: ${formatCount(summary.transactions)} transactions, ${formatCount(summary.items)} items, ${summary.files} files → ${store.description}`,
  );
  console.log(`  time          ${seconds.toFixed(2)} s`);
  console.log(`  throughput    ${formatCount(Math.round(summary.transactions / seconds))} tx/s`);
  console.log(`  output        ${mib(summary.bytes)} (${mib((summary.transactionBytes / summary.transactions) * 100_000)} per 100k transactions)`);
  console.log(`  peak RSS      ${mib(peakRss)} (baseline before generating ${mib(baselineRss)})`);
} finally {
  clearInterval(timer);
  if (dir !== undefined && !values.keep) await fs.rm(dir, { recursive: true, force: true });
  else if (dir !== undefined) console.log(`  kept          ${dir}`);
}

function mib(bytes: number): string {
  return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}
