import { describe, expect, it } from 'vitest';
import { median, percentile, summarize } from '../../bench/lib/percentile.js';

describe('percentile (nearest rank)', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted on purpose

  it('returns a value of the sample: the smallest with at least p of the values at or below it', () => {
    expect(percentile(hundred, 0.5)).toBe(50);
    expect(percentile(hundred, 0.95)).toBe(95);
    expect(percentile(hundred, 0.99)).toBe(99);
    expect(percentile(hundred, 1)).toBe(100);
    expect(percentile(hundred, 0.001)).toBe(1);
  });

  it('works on small samples the way the tables need it', () => {
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([3, 1], 0.5)).toBe(1); // ceil(0.5 × 2) = 1st value: "best of 2"
    expect(percentile([1, 2, 3, 4, 1000], 0.99)).toBe(1000);
    expect(median([5, 1, 3])).toBe(3);
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    percentile(values, 0.5);
    expect(values).toEqual([3, 1, 2]);
  });

  it('is NaN for an empty sample and rejects p outside (0, 1]', () => {
    expect(percentile([], 0.5)).toBeNaN();
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(() => percentile([1], 1.5)).toThrow(RangeError);
  });

  it('summarizes p50/p95/p99 and the extremes', () => {
    expect(summarize(hundred)).toEqual({ count: 100, min: 1, p50: 50, p95: 95, p99: 99, max: 100 });
    const empty = summarize([]);
    expect(empty.count).toBe(0);
    expect(empty.p99).toBeNaN();
  });
});
