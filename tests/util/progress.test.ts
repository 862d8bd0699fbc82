import { describe, expect, it } from 'vitest';
import { createProgress, formatCount, formatDuration } from '../../src/util/progress.js';

// src/util/progress.ts is used first by the generator; its tests live beside the generator's.
function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { write: (s: string) => writes.push(s), isTTY, columns: 100 } };
}

describe('createProgress', () => {
  it('on a terminal, redraws one line with \\r (throttled) and ends it on done()', () => {
    let now = 0;
    const { writes, stream } = fakeStream(true);
    const p = createProgress({ label: 'tx', total: 1000, stream, unit: 'tx', now: () => now });
    now = 1000;
    p.tick(100);
    now = 1050;
    p.tick(100); // within 100 ms of the last redraw: skipped
    now = 2000;
    p.tick(300);
    p.done();
    p.done();
    expect(writes).toHaveLength(4);
    for (const w of writes.slice(0, 3)) expect(w.startsWith('\r')).toBe(true);
    expect(writes[0]).toContain(' 10% 100/1,000 tx 100 tx/s ETA 9.0s');
    expect(writes[1]).toContain(' 50% 500/1,000 tx 250 tx/s ETA 2.0s');
    expect(writes[1]).toContain('[###############---------------]');
    expect(writes[2]).not.toContain('\n');
    expect(writes[3]).toBe('\n');
    expect(writes.join('').split('\n')).toHaveLength(2);
  });

  it('elsewhere, writes a line per 10 % and a summary on done()', () => {
    let now = 0;
    const { writes, stream } = fakeStream(false);
    const p = createProgress({ label: 'tx', total: 100, stream, now: () => now });
    for (let i = 0; i < 100; i++) {
      now += 10;
      p.tick();
    }
    p.done();
    expect(writes).toHaveLength(10);
    expect(writes[0]).toBe('tx: 10% (10/100, 100/s)\n');
    expect(writes[8]).toBe('tx: 90% (90/100, 100/s)\n');
    expect(writes[9]).toBe('tx: done, 100 in 1.0s (100/s)\n');
  });

  it('copes with a zero total', () => {
    const { writes, stream } = fakeStream(false);
    const p = createProgress({ label: 'nothing', total: 0, stream, now: () => 0 });
    p.done();
    expect(writes).toEqual(['nothing: done, 0 in 0.0s (0/s)\n']);
  });
});

describe('formatting', () => {
  it('groups digits independent of locale', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1234567)).toBe('1,234,567');
  });

  it('formats durations', () => {
    expect(formatDuration(0.42)).toBe('0.4s');
    expect(formatDuration(42)).toBe('42s');
    expect(formatDuration(185)).toBe('3m05s');
    expect(formatDuration(3725)).toBe('1h02m');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('?');
  });
});
