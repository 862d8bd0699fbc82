import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The ingest delay figures the dashboard shows; written to `_metrics/ingest.json` in the lake. */
export interface IngestMetrics {
  readonly updatedAt: string;
  readonly count: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly lastMs: number;
}

export const METRICS_FILE = '_metrics/ingest.json';
/** The figures are over the last this many landed objects: the dashboard shows now, not the day. */
const DELAY_WINDOW = 500;

/** The handler delays of the last landed objects, and their summary written where the dashboard reads it. */
export class IngestDelayWindow {
  private readonly delays: number[] = [];
  private writes = 0;

  constructor(
    private readonly lakeDir: string,
    private readonly clock: () => Date,
  ) {}

  push(delayMs: number): void {
    this.delays.push(delayMs);
    if (this.delays.length > DELAY_WINDOW) this.delays.shift();
  }

  /** Writes the summary (nothing before the first landing), atomically. */
  async write(): Promise<void> {
    const { delays } = this;
    if (delays.length === 0) return;
    const sorted = [...delays].sort((a, b) => a - b);
    const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
    const metrics: IngestMetrics = {
      updatedAt: this.clock().toISOString(),
      count: sorted.length,
      p50Ms: pick(0.5),
      p95Ms: pick(0.95),
      lastMs: delays[delays.length - 1]!,
    };
    const file = path.join(this.lakeDir, METRICS_FILE);
    await mkdir(path.dirname(file), { recursive: true });
    // A name of its own per write: the timer's write and stop()'s may overlap.
    const tmp = `${file}.${process.pid}-${++this.writes}.tmp`;
    await writeFile(tmp, JSON.stringify(metrics));
    await rename(tmp, file);
  }
}
