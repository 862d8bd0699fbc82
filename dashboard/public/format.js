// Number formatting for the page. Amounts arrive as decimal strings ("12345.67") and are formatted
// from the string, so no cent is ever lost to a binary float.

/** "12345.67" → "$12,345.67"; "-3.5" → "-$3.50". */
export function formatMoney(value) {
  const m = /^(-)?(\d*)(?:\.(\d*))?$/.exec(String(value ?? '0').trim());
  if (!m) return String(value);
  const whole = (m[2] || '0').replace(/^0+(?=\d)/, '');
  const cents = (m[3] ?? '').padEnd(2, '0').slice(0, 2);
  const negative = m[1] === '-' && /[1-9]/.test(whole + cents);
  return `${negative ? '-' : ''}$${groupThousands(whole)}.${cents}`;
}

/** 12345 → "12,345". */
export function formatCount(value) {
  const n = Number(value ?? 0);
  return Number.isFinite(n) ? groupThousands(String(Math.trunc(Math.abs(n))), n < 0) : String(value);
}

/** Seconds as a short age: "42 s", "12 min 05 s", "6 h 00 min", "3 d 4 h". */
export function formatAge(seconds) {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.floor(seconds));
  const pad = (n) => String(n).padStart(2, '0');
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${pad(s % 60)} s`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ${pad(Math.floor((s % 3600) / 60))} min`;
  return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
}

/** Milliseconds of delay: "420 ms", "1.25 s". */
export function formatDelay(ms) {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** Axis labels only (approximate by design): 12345.67 → "$12.3k". */
export function formatMoneyShort(value) {
  const n = Number(value);
  if (Math.abs(n) >= 1e6) return `$${(n / 1e6).toFixed(1)}M`;
  if (Math.abs(n) >= 1e3) return `$${(n / 1e3).toFixed(1)}k`;
  return `$${n.toFixed(0)}`;
}

function groupThousands(digits, negative = false) {
  return `${negative ? '-' : ''}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
}
