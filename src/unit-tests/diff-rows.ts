import type { Cell, QueryResult } from '../engines/engine.js';
import type { CaseCell, CaseRow } from './unit-case-file.js';

export interface RowDiff {
  /** Expected rows the model did not return (with their line in the case file). */
  readonly missing: readonly CaseRow[];
  /** Returned rows no expected row accounts for, restricted to the expected columns. */
  readonly unexpected: readonly Readonly<Record<string, CaseCell>>[];
  /** Ordered cases: the same rows came back in another order. */
  readonly outOfOrder: boolean;
}

type Kind = 'number' | 'timestamp' | 'text';

/**
 * Compares the model's rows with the expected ones on the columns the case names (a case checks
 * what it cares about), as multisets unless the case is ordered. Values compare by the column's
 * type: `3`, `3.0` and `"3.00"` are one decimal; Trino's `…:00.000` and DuckDB's `…:00` one timestamp.
 */
export function diffRows(expect: readonly CaseRow[], actual: QueryResult, columns: readonly string[], ordered: boolean): RowDiff {
  const kinds = new Map(actual.columns.map((c) => [c.name, kindOf(c.type)]));
  const key = (values: Readonly<Record<string, Cell | undefined>>) => JSON.stringify(columns.map((c) => canonical(values[c] ?? null, kinds.get(c) ?? 'text')));
  const actualRows = actual.rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c] === null || r[c] === undefined ? null : String(r[c])])));
  const actualKeys = actualRows.map(key);
  const expectKeys = expect.map((r) => key(r.values));
  const remaining = new Map<string, number[]>();
  actualKeys.forEach((k, i) => remaining.set(k, [...(remaining.get(k) ?? []), i]));
  const missing: CaseRow[] = [];
  for (const [i, k] of expectKeys.entries()) {
    const left = remaining.get(k);
    if (left && left.length > 0) left.shift();
    else missing.push(expect[i]!);
  }
  const unexpected = [...remaining.values()]
    .flat()
    .sort((a, b) => a - b)
    .map((i) => actualRows[i]!);
  const sameRows = missing.length === 0 && unexpected.length === 0;
  const outOfOrder = ordered && sameRows && expectKeys.some((k, i) => k !== actualKeys[i]);
  return { missing, unexpected, outOfOrder };
}

export function isEmptyDiff(d: RowDiff): boolean {
  return d.missing.length === 0 && d.unexpected.length === 0 && !d.outOfOrder;
}

function kindOf(engineType: string): Kind {
  if (/^(tiny|small|big|hug)?int|^integer|^decimal|^double|^real|^float|^u(tiny|small|big|hug)?int/i.test(engineType)) return 'number';
  if (/^timestamp/i.test(engineType)) return 'timestamp';
  return 'text';
}

function canonical(v: Cell | undefined, kind: Kind): string | null {
  if (v === null || v === undefined) return null;
  const text = String(v);
  if (kind === 'number' && /^-?\d+(\.\d+)?$/.test(text)) {
    // Exact decimal text: no trailing fraction zeros, no "-0".
    const [int, frac = ''] = text.replace(/^(-?)0+(?=\d)/, '$1').split('.');
    const f = frac.replace(/0+$/, '');
    const out = f ? `${int}.${f}` : int!;
    return out === '-0' ? '0' : out;
  }
  if (kind === 'number' && Number.isFinite(Number(text))) return String(Number(text));
  if (kind === 'timestamp') {
    const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d+))?$/.exec(text);
    if (m) return `${m[1]} ${m[2]}${m[3] && /[1-9]/.test(m[3]) ? `.${m[3].replace(/0+$/, '')}` : ''}`;
  }
  return text;
}
