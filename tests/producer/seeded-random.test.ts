import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../producer/history/seeded-random.js';
import { WeightedSampler } from '../../producer/history/weighted-sampler.js';
import { formatCents } from '../../producer/history/format-cents.js';

describe('SeededRandom', () => {
  it('is pinned: these outputs change only if the algorithm does (which changes every history)', () => {
    const r = new SeededRandom(42);
    const first = Array.from({ length: 4 }, () => r.nextUint32());
    expect(first).toEqual(PINNED_42);
  });

  it('repeats for a seed and differs across seeds and stream names', () => {
    const draw = (r: SeededRandom) => Array.from({ length: 8 }, () => r.nextUint32());
    expect(draw(new SeededRandom(1))).toEqual(draw(new SeededRandom(1)));
    expect(draw(new SeededRandom(1))).not.toEqual(draw(new SeededRandom(2)));
    expect(draw(new SeededRandom(1, 'a'))).not.toEqual(draw(new SeededRandom(1, 'b')));
  });

  it('is roughly uniform', () => {
    const r = new SeededRandom(3);
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) buckets[r.int(10)]!++;
    for (const b of buckets) expect(Math.abs(b - 10_000)).toBeLessThan(500);
    const x = r.next();
    expect(x).toBeGreaterThanOrEqual(0);
    expect(x).toBeLessThan(1);
  });

  it('rejects seeds outside [0, 2^32)', () => {
    expect(() => new SeededRandom(-1)).toThrow(RangeError);
    expect(() => new SeededRandom(2 ** 32)).toThrow(RangeError);
    expect(() => new SeededRandom(0.5)).toThrow(RangeError);
  });

  it('shuffles into a permutation', () => {
    const shuffled = new SeededRandom(9).shuffle(Array.from({ length: 100 }, (_, i) => i));
    expect([...shuffled].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(shuffled).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});

describe('WeightedSampler', () => {
  it('draws in proportion to the weights and never draws a zero weight', () => {
    const sampler = new WeightedSampler([1, 0, 3, 6]);
    const r = new SeededRandom(5);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 100_000; i++) counts[sampler.sample(r)]!++;
    expect(counts[1]).toBe(0);
    expect(counts[0]! / 100_000).toBeCloseTo(0.1, 1);
    expect(counts[2]! / 100_000).toBeCloseTo(0.3, 1);
    expect(counts[3]! / 100_000).toBeCloseTo(0.6, 1);
    expect(sampler.probability(3)).toBeCloseTo(0.6, 10);
  });

  it('rejects empty, negative and all-zero weights', () => {
    expect(() => new WeightedSampler([])).toThrow(RangeError);
    expect(() => new WeightedSampler([1, -1])).toThrow(RangeError);
    expect(() => new WeightedSampler([0, 0])).toThrow(RangeError);
    expect(() => new WeightedSampler([1, Number.NaN])).toThrow(RangeError);
  });
});

describe('formatCents', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [349, '3.49'],
    [1000, '10.00'],
    [123456, '1234.56'],
  ])('%i → %s', (cents, text) => expect(formatCents(cents)).toBe(text));

  it('rejects non-integers', () => {
    expect(() => formatCents(3.5)).toThrow(RangeError);
    expect(() => formatCents(-1)).toThrow(RangeError);
  });
});

const PINNED_42 = [3628026472, 3303462273, 923655334, 20314909];
