import { describe, expect, it } from 'vitest';
import { CastError, parseTimestamp } from '../../src/streaming/evaluate-mapping.js';

/** What the engines' cast gives, the slow way: a regex and Date's UTC setters (years 0–99 kept as written). */
function reference(text: string): number | 'rejected' {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) return 'rejected';
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const at = new Date(0);
  at.setUTCFullYear(y, mo - 1, d);
  at.setUTCHours(h, mi, s, 0);
  // Date rolls an invalid day or time over; the cast rejects it.
  if (at.getUTCFullYear() !== y || at.getUTCMonth() !== mo - 1 || at.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return 'rejected';
  return at.getTime();
}

const parsed = (text: string): number | 'rejected' => {
  try {
    return parseTimestamp(text);
  } catch (e) {
    if (e instanceof CastError) return 'rejected';
    throw e;
  }
};

describe('parseTimestamp reads `YYYY-MM-DD HH:MM:SS` digit by digit, as Date would', () => {
  it('across years 0000–9999, leap days, month ends and out-of-range fields', () => {
    const pad = (n: number, w = 2) => String(n).padStart(w, '0');
    const texts: string[] = [];
    for (const y of [0, 1, 4, 99, 100, 400, 1600, 1899, 1900, 1970, 1999, 2000, 2023, 2024, 2100, 2400, 9999])
      for (const mo of [0, 1, 2, 3, 12, 13])
        for (const d of [0, 1, 28, 29, 30, 31, 32])
          for (const [h, mi, s] of [
            [0, 0, 0],
            [23, 59, 59],
            [24, 0, 0],
            [12, 60, 0],
            [12, 0, 60],
          ])
            texts.push(`${pad(y, 4)}-${pad(mo)}-${pad(d)} ${pad(h!)}:${pad(mi!)}:${pad(s!)}`);
    texts.push('2024-04-10T12:00:00', '2024-04-1a 12:00:00', '2024/04/10 12:00:00', '+024-04-10 12:00:00');
    for (const t of texts) expect([t, parsed(t)]).toEqual([t, reference(t)]);
  });

  it('fractions and surrounding spaces still go through the full parser', () => {
    expect(parsed('2024-04-10 12:00:00.1239')).toBe(Date.UTC(2024, 3, 10, 12) + 123);
    expect(parsed(' 2024-04-10 12:00:00 ')).toBe(Date.UTC(2024, 3, 10, 12));
  });
});
