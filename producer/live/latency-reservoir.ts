/**
 * Percentiles of put latencies with bounded memory: exact up to `capacity` samples, then a uniform
 * reservoir sample (Vitter's algorithm R), so a producer running for days at 1,000 puts/s keeps a
 * fixed 8 × capacity bytes and still reports an unbiased p50/p99.
 */
export class LatencyReservoir {
  private readonly samples: Float64Array;
  private seen = 0;
  private maximum = 0;

  /** @param random uniform in [0, 1), only used once the reservoir is full */
  constructor(
    capacity = 100_000,
    private readonly random: () => number = Math.random,
  ) {
    this.samples = new Float64Array(capacity);
  }

  get count(): number {
    return this.seen;
  }

  get max(): number {
    return this.maximum;
  }

  record(ms: number): void {
    if (ms > this.maximum) this.maximum = ms;
    const index = this.seen++;
    if (index < this.samples.length) {
      this.samples[index] = ms;
      return;
    }
    const slot = Math.floor(this.random() * this.seen);
    if (slot < this.samples.length) this.samples[slot] = ms;
  }

  /** The `p`-th percentile (0–100, nearest rank), or 0 with no samples. */
  percentile(p: number): number {
    const n = Math.min(this.seen, this.samples.length);
    if (n === 0) return 0;
    const sorted = this.samples.slice(0, n).sort();
    const rank = Math.min(n, Math.max(1, Math.ceil((p / 100) * n)));
    return sorted[rank - 1] as number;
  }
}
