import { snappyCompress as reference } from 'hyparquet-writer/src/snappy.js';
import { describe, expect, it } from 'vitest';
import { snappyCompress } from '../../src/streaming/snappy-compress.js';

/** A deterministic byte source (xorshift), so a failure reproduces. */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) & 0xff;
  };
}

function bytes(n: number, byte: (i: number) => number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = byte(i);
  return out;
}

const text = (s: string) => new TextEncoder().encode(s);

/** Inputs that reach every branch of the compressor: short inputs, literals of 1–4 length bytes, copies of every form, far offsets, the search's growing skip. */
function inputs(): [string, Uint8Array][] {
  const r = random(7);
  const r2 = random(11);
  return [
    ['empty', new Uint8Array(0)],
    ['one byte', text('x')],
    ['shorter than the input margin (15 bytes)', text('abcabcabcabcab')],
    ['exactly the margin', text('abcabcabcabcabc')],
    ['random bytes (incompressible: the skip grows past the margin)', bytes(5_000, r)],
    ['random bytes beyond 64 KiB (4-byte positions, offsets out of reach)', bytes(200_000, r2)],
    ['one byte repeated (copies of 64, 60 and the rest)', bytes(10_000, () => 0x41)],
    ['a run of 67 and of 68 after a literal', new Uint8Array([...text('0123456789'), ...bytes(67, () => 1), ...text('zyxwvutsrq'), ...bytes(68, () => 2)])],
    ['short-offset and long-offset copies', bytes(30_000, (i) => (i % 3000 < 2500 ? i % 7 : (i * 31) & 0xff))],
    [
      'a literal over 256 and over 65,536 bytes between repeats',
      new Uint8Array([...text('header-header-header'), ...bytes(70_000, random(3)), ...text('header-header-header')]),
    ],
    ['ids as a PLAIN page', text(Array.from({ length: 3_000 }, (_, i) => `\u0000\u0000\u0000\u000bTX${String(i * 7).padStart(9, '0')}`).join(''))],
    ['epoch milliseconds as INT64', new Uint8Array(new Float64Array(Array.from({ length: 4_000 }, (_, i) => 1_712_700_000_000 + i * 1000)).buffer)],
    ['ending mid-match near the end', new Uint8Array([...bytes(100, (i) => i % 10), ...text('tail')])],
  ];
}

describe('snappyCompress writes what hyparquet-writer’s snappyCompress writes, byte for byte', () => {
  it.each(inputs())('%s', (_, input) => {
    // Copied at once: the result is a view on a buffer the next call reuses.
    const ours = Buffer.from(snappyCompress(input));
    expect(ours.equals(Buffer.from(reference(input)))).toBe(true);
  });

  it('one call after another (the output buffer is reused and grown)', () => {
    const all = inputs().map(([, input]) => input);
    const ours = all.map((input) => Buffer.from(snappyCompress(input)));
    for (const [i, input] of all.entries()) expect(ours[i]!.equals(Buffer.from(reference(input)))).toBe(true);
  });
});
