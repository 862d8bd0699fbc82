/**
 * Live producer throughput into a local lake folder: one file per transaction (the original design)
 * against micro-batches (one JSON Lines file per store per window), unthrottled, then the rate
 * accuracy of both at a fixed target rate.
 *
 *   npx tsx bench/producer-bench.ts                 # 5 s per run
 *   npx tsx bench/producer-bench.ts --seconds 10 --rate 2000 --keep
 *
 * The folder is a fresh temp dir on the machine's disk (tmpfs on some systems — the figure then
 * excludes the disk); every run writes through LocalObjectStore, temp file + rename per file.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runLiveProducer } from '../producer/live/live-producer.js';
import type { ProducerSummary } from '../producer/live/live-producer-options.js';
import type { ProducerMode } from '../producer/live/live-contract.js';
import { LocalObjectStore } from '../src/storage/local-object-store.js';
import { formatCount } from '../src/util/progress.js';

const { values } = parseArgs({
  args: process.argv.slice(2),
  strict: true,
  options: {
    seconds: { type: 'string' },
    rate: { type: 'string' },
    keep: { type: 'boolean' },
  },
});
const seconds = Number(values.seconds ?? 5);
const fixedRate = Number(values.rate ?? 1000);

interface Row {
  readonly label: string;
  readonly summary: ProducerSummary;
}

async function measure(label: string, mode: ProducerMode, rate: number): Promise<Row> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `producer-bench-${mode}-`));
  try {
    const summary = await runLiveProducer(
      { rate, durationSeconds: seconds, mode, windowMs: 1000 },
      { store: new LocalObjectStore(dir), clock: () => new Date() },
    );
    process.stderr.write(`${label}: ${formatCount(summary.transactions)} tx in ${formatCount(summary.files)} files\n`);
    return { label, summary };
  } finally {
    if (values.keep) process.stderr.write(`kept ${dir}\n`);
    else await fs.rm(dir, { recursive: true, force: true });
  }
}

const rows: Row[] = [];
rows.push(await measure('single, unthrottled', 'single', Infinity));
rows.push(await measure('batch (1 s windows), unthrottled', 'batch', Infinity));
rows.push(await measure(`single, target ${formatCount(fixedRate)} tx/s`, 'single', fixedRate));
rows.push(await measure(`batch, target ${formatCount(fixedRate)} tx/s`, 'batch', fixedRate));

const single = rows[0]?.summary;
const batch = rows[1]?.summary;
const lines = [
  `Live producer → local folder, ${seconds} s per run, ${os.cpus().length} CPUs, Node ${process.version}`,
  '',
  '| run | tx/s | files/s | bytes/file | put p50 ms | put p99 ms | max lag ms |',
  '|---|---:|---:|---:|---:|---:|---:|',
  ...rows.map(
    ({ label, summary: s }) =>
      `| ${label} | ${formatCount(Math.round(s.achievedRate))} | ${formatCount(Math.round(s.files / s.elapsedSeconds))} | ` +
      `${formatCount(Math.round(s.bytes / Math.max(1, s.files)))} | ${s.putLatencyMs.p50.toFixed(2)} | ${s.putLatencyMs.p99.toFixed(2)} | ` +
      `${Number.isFinite(s.targetRate) ? Math.round(s.maxLagMs) : '-'} |`,
  ),
  '',
];
if (single !== undefined && batch !== undefined && single.achievedRate > 0) {
  lines.push(`Batch / single throughput: ${(batch.achievedRate / single.achievedRate).toFixed(1)}x`);
}
process.stdout.write(`${lines.join('\n')}\n`);
