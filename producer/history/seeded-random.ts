/**
 * A small, fast, seedable PRNG so that a seed fixes the generated history byte for byte, on any
 * machine and Node version (`Math.random` can be neither seeded nor reproduced).
 *
 * Algorithm: sfc32 ("Small Fast Counting", Chris Doty-Humphrey, PractRand), 128-bit state, passes
 * PractRand and BigCrush, period ≥ 2^32 thanks to its counter — enough for 10^9 transactions × ~20
 * draws, where mulberry32's single 2^32 cycle would start repeating. The state is seeded with
 * splitmix32 so that nearby seeds (42, 43) give unrelated streams.
 */
export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /**
   * @param seed any integer in [0, 2^32)
   * @param stream a name for an independent stream from the same seed (`"skus"`, `"transactions"`):
   *   changing how many transactions are drawn must not change the product catalogue.
   */
  constructor(seed: number, stream = '') {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`seed must be an integer from 0 to 4294967295, got ${seed}`);
    }
    let x = (seed ^ fnv1a(stream)) >>> 0;
    const splitmix32 = (): number => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = splitmix32();
    this.b = splitmix32();
    this.c = splitmix32();
    this.d = splitmix32();
    // Warm-up recommended for sfc: the first outputs still correlate with the seed.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** A uniform integer in [0, 2^32). */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A uniform float in [0, 1) with 32 bits of resolution. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** A uniform integer in [0, n); n ≤ 2^32 (bias < n / 2^32, negligible for the sizes used here). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A uniform element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new RangeError('pick from an empty array');
    return item;
  }

  /** Shuffles in place (Fisher–Yates) and returns the array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }
}

/** 32-bit FNV-1a of a string's UTF-16 code units: derives per-stream seeds from names. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
