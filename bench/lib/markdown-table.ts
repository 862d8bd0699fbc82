/** A cell: text as is, numbers formatted by the caller (so each column chooses its precision). */
export type Cell = string | number;

/**
 * Renders a GitHub-flavoured markdown table. Columns whose header starts with a space are left-
 * aligned; the rest (figures) are right-aligned so digits line up in a terminal too.
 */
export function markdownTable(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const text = (c: Cell): string => String(c).replace(/\|/g, '\\|');
  const align = headers.map((h, i) => (i === 0 || h.startsWith(' ') ? ':---' : '---:'));
  const lines = [`| ${headers.map((h) => h.trim()).join(' | ')} |`, `|${align.join('|')}|`];
  for (const row of rows) lines.push(`| ${row.map(text).join(' | ')} |`);
  return lines.join('\n');
}

/** `1234567.8` → `1,234,568`. */
export function int(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–';
}

/** Milliseconds with a precision that suits their size: `0.42`, `12.3`, `1,234`. */
export function ms(n: number): string {
  if (!Number.isFinite(n)) return '–';
  if (n < 1) return n.toFixed(2);
  if (n < 100) return n.toFixed(1);
  return int(n);
}

/** A ratio as `37.2×` (two significant decimals below 10). */
export function ratio(n: number): string {
  if (!Number.isFinite(n)) return '–';
  return `${n < 10 ? n.toFixed(2) : n.toFixed(1)}×`;
}

/** Bytes in binary units: `512 B`, `3.4 KiB`, `5.3 MiB`, `1.20 GiB`. */
export function bytes(n: number): string {
  if (!Number.isFinite(n)) return '–';
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}
