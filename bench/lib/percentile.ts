/**
 * The nearest-rank percentile: the smallest value such that at least `p` of the values are ≤ it.
 * Nearest-rank (not interpolation) so that every reported figure is a latency that really happened.
 *
 * @param values any order; not modified
 * @param p a fraction from 0 (exclusive) to 1 (inclusive), e.g. 0.99
 * @returns `NaN` for an empty list
 */
export function percentile(values: readonly number[], p: number): number {
  if (!(p > 0 && p <= 1)) throw new RangeError(`percentile must be in (0, 1], got ${p}`);
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] as number;
}

/** p50/p95/p99 and the extremes of a sample. */
export interface LatencySummary {
  readonly count: number;
  readonly min: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

/** Summarizes a sample by {@link percentile}; every field is `NaN` when it is empty. */
export function summarize(values: readonly number[]): LatencySummary {
  const sorted = Float64Array.from(values).sort();
  const at = (p: number): number =>
    sorted.length === 0 ? Number.NaN : (sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] as number);
  return {
    count: sorted.length,
    min: sorted.length === 0 ? Number.NaN : (sorted[0] as number),
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: sorted.length === 0 ? Number.NaN : (sorted[sorted.length - 1] as number),
  };
}

/** The median of a few timed runs: what the query and backfill suites report. */
export function median(values: readonly number[]): number {
  return percentile(values, 0.5);
}
