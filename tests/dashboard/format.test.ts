import { describe, expect, it } from 'vitest';
import { divideCents, normalizeAmount, toCents } from '../../dashboard/server/decimal-cents.js';
import { formatAge, formatCount, formatDelay, formatMoney } from '../../dashboard/public/format.js';

describe('page formatting (dashboard/public/format.js)', () => {
  it('formats money from the decimal string, keeping every cent', () => {
    expect(formatMoney('12345.67')).toBe('$12,345.67');
    expect(formatMoney('9007199254740993.99')).toBe('$9,007,199,254,740,993.99');
    expect(formatMoney('0.5')).toBe('$0.50');
    expect(formatMoney('7')).toBe('$7.00');
    expect(formatMoney('-3.10')).toBe('-$3.10');
    expect(formatMoney('-0.00')).toBe('$0.00');
  });

  it('formats counts, ages and delays', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount('42')).toBe('42');
    expect(formatAge(42.9)).toBe('42 s');
    expect(formatAge(725)).toBe('12 min 05 s');
    expect(formatAge(21600)).toBe('6 h 00 min');
    expect(formatAge(3 * 86400 + 4 * 3600)).toBe('3 d 4 h');
    expect(formatAge(null)).toBe('—');
    expect(formatDelay(420)).toBe('420 ms');
    expect(formatDelay(1250)).toBe('1.25 s');
  });
});

describe('server decimal arithmetic (dashboard/server/decimal-cents.ts)', () => {
  it('parses amounts of any scale into cents, half away from zero', () => {
    expect(toCents('41.46')).toBe(4146n);
    expect(toCents('41.4600')).toBe(4146n);
    expect(toCents('0.005')).toBe(1n);
    expect(toCents('-0.005')).toBe(-1n);
    expect(toCents(null)).toBe(0n);
    expect(normalizeAmount('2.5')).toBe('2.50');
    expect(() => toCents('1e3')).toThrow(RangeError);
  });

  it('divides exactly: the average basket', () => {
    expect(divideCents(4146n, 4)).toBe('10.37'); // 10.365
    expect(divideCents(1797n, 2)).toBe('8.99'); // 8.985
    expect(divideCents(2047n, 3)).toBe('6.82');
    expect(divideCents(0n, 0)).toBe('0.00');
    expect(divideCents(99999999999999999999n, 1)).toBe('999999999999999999.99');
  });
});
