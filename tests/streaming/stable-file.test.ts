import { describe, expect, it } from 'vitest';
import { waitUntilStable, type FileShape } from '../../src/streaming/stable-file.js';

/** A file whose shape is read from a script, one entry per look, the last one repeated. */
function scripted(shapes: readonly FileShape[]) {
  let looks = 0;
  const sleeps: number[] = [];
  return { look: async () => shapes[Math.min(looks++, shapes.length - 1)], sleep: async (ms: number) => void sleeps.push(ms), sleeps, looks: () => looks };
}

describe('waitUntilStable waits only while a file may still be changing (issue 15 #1)', () => {
  it('a file last modified a settle period ago or earlier is taken at once', async () => {
    const f = scripted([{ size: 10, mtimeMs: 1_000 }]);
    expect(await waitUntilStable(f.look, 250, f.sleep, () => 1_250)).toEqual({ size: 10, mtimeMs: 1_000 });
    expect(f.sleeps).toEqual([]);
  });

  it('a younger file waits only for the rest of the period, then a full period after each change', async () => {
    const f = scripted([
      { size: 10, mtimeMs: 1_000 },
      { size: 20, mtimeMs: 1_100 },
      { size: 20, mtimeMs: 1_100 },
    ]);
    expect(await waitUntilStable(f.look, 250, f.sleep, () => 1_200)).toEqual({ size: 20, mtimeMs: 1_100 });
    expect(f.sleeps).toEqual([50, 250]);
    expect(f.looks()).toBe(3);
  });

  it('a file modified "in the future" (clock skew) waits the full period', async () => {
    const f = scripted([{ size: 10, mtimeMs: 5_000 }]);
    await waitUntilStable(f.look, 250, f.sleep, () => 1_000);
    expect(f.sleeps).toEqual([250]);
  });
});
