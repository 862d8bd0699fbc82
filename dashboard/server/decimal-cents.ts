/**
 * Money arrives from the engines as decimal strings (`"41.46"`, Athena may add scale: `"41.4600"`).
 * Arithmetic happens on integer cents in BigInt so that no amount ever passes through a binary float.
 */

const DECIMAL = /^(-)?(\d*)(?:\.(\d*))?$/;

/** Parses a decimal string (or a JS number from an engine that returned one) into cents, rounding half away from zero. */
export function toCents(value: string | number | boolean | null | undefined): bigint {
  if (value === null || value === undefined || value === '') return 0n;
  const text = typeof value === 'number' ? value.toFixed(4) : String(value).trim();
  const m = DECIMAL.exec(text);
  if (!m) throw new RangeError(`not a decimal amount: ${JSON.stringify(value)}`);
  const negative = m[1] === '-';
  const whole = BigInt(m[2] || '0');
  const fraction = (m[3] ?? '').padEnd(3, '0');
  let cents = whole * 100n + BigInt(fraction.slice(0, 2));
  if (Number(fraction[2]) >= 5) cents += 1n;
  return negative ? -cents : cents;
}

/** Cents as a decimal string with exactly two decimals: `4146n` → `"41.46"`. */
export function formatCents(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const rest = abs % 100n;
  return `${negative ? '-' : ''}${abs / 100n}.${rest < 10n ? '0' : ''}${rest}`;
}

/** A decimal string normalized to two decimals. */
export function normalizeAmount(value: string | number | boolean | null | undefined): string {
  return formatCents(toCents(value));
}

/** `cents / count`, rounded half away from zero, as a two-decimal string; `"0.00"` when count is 0. */
export function divideCents(cents: bigint, count: number): string {
  if (count === 0) return '0.00';
  const n = BigInt(count);
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  let q = abs / n;
  if ((abs % n) * 2n >= n) q += 1n;
  return formatCents(negative ? -q : q);
}
