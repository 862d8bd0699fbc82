import { stringify } from 'csv-stringify/sync';
import type { QueryResult } from '../engines/engine.js';

export type RowFormat = 'table' | 'csv' | 'json';

/** Renders a result for a terminal (aligned table), a spreadsheet (CSV, RFC 4180) or a program (JSON). */
export function formatRows(result: QueryResult, format: RowFormat): string {
  const names = result.columns.map((c) => c.name);
  switch (format) {
    case 'json':
      return JSON.stringify(result.rows, null, 2);
    case 'csv':
      return stringify(
        result.rows.map((r) => names.map((n) => r[n])),
        { header: true, columns: names, cast: { boolean: (b) => String(b) } },
      ).trimEnd();
    case 'table': {
      const cells = result.rows.map((r) => names.map((n) => (r[n] === null ? 'NULL' : String(r[n]))));
      const widths = names.map((n, i) => Math.max(n.length, ...cells.map((c) => c[i]!.length)));
      const numeric = result.columns.map((c) => /INT|DECIMAL|DOUBLE|FLOAT|REAL|BIGINT|integer|decimal|double|bigint/i.test(c.type));
      const line = (vals: readonly string[]) => vals.map((v, i) => (numeric[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join(' | ');
      return [
        line(names),
        widths.map((w) => '-'.repeat(w)).join('-+-'),
        ...cells.map(line),
        `(${result.rows.length} row${result.rows.length === 1 ? '' : 's'})`,
      ].join('\n');
    }
  }
}
