import type { Column, DataTest, TableEntry } from '../manifest/manifest.js';
import { outsideWindowReason, type DatetimeWindow } from './datetime-window.js';
import { cast, CastError, type MappedValue } from './evaluate-mapping.js';
import type { RawRecord } from './parse-raw-records.js';

/** A quarantined record: its line, the reason, and its original content. */
export interface Rejection {
  readonly line: number;
  readonly reason: string;
  readonly original: string;
  /** `base64` when `original` holds bytes that are not UTF-8. */
  readonly encoding?: 'base64';
}

const TIMESTAMP = { kind: 'timestamp' } as const;

/** A datetime that does not even cast is left to the mapping, which rejects it with the cast's reason. */
export function windowProblem(field: string, value: unknown, window: DatetimeWindow): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  let ms;
  try {
    ms = cast(value, TIMESTAMP) as number;
  } catch (e) {
    if (e instanceof CastError) return undefined;
    throw e;
  }
  return outsideWindowReason(field, ms, window);
}

export function rejection(r: RawRecord, reason: string): Rejection {
  return { line: r.line, reason, original: r.text, ...(r.encoding ? { encoding: r.encoding } : {}) };
}

/** Row-level data tests are enforced at the door; set-level ones (unique, relationship) run as data tests. */
export function isRowLevel(t: DataTest): t is Extract<DataTest, { kind: 'not_null' | 'accepted_range' }> {
  return t.kind === 'not_null' || t.kind === 'accepted_range';
}

export function failsCheck(t: Extract<DataTest, { kind: 'not_null' | 'accepted_range' }>, row: Readonly<Record<string, MappedValue>>): string | undefined {
  return failsCheckValue(t, row[t.column]);
}

/** {@link failsCheck} on the value of the tested column. */
export function failsCheckValue(t: Extract<DataTest, { kind: 'not_null' | 'accepted_range' }>, v: MappedValue | undefined): string | undefined {
  if (t.kind === 'not_null') return v === null || v === undefined ? `${t.column} must not be null` : undefined;
  if (v === null || v === undefined) return undefined;
  const n = Number(v);
  if (t.min !== undefined && n < t.min) return `${t.column} must be ≥ ${t.min}, got ${String(v)}`;
  if (t.max !== undefined && n > t.max) return `${t.column} must be ≤ ${t.max}, got ${String(v)}`;
  return undefined;
}

/** `dt=2024-04-10/`: the partition values go into the path, not the file. */
export function partitionOf(t: TableEntry, row: Readonly<Record<string, MappedValue>>): string {
  return partitionPath(
    t,
    (t.partitionedBy as readonly Column[]).map((c) => row[c.name]),
  );
}

/** {@link partitionOf} from the values of the partition columns, in `partitionedBy` order. */
export function partitionPath(t: TableEntry, values: readonly (MappedValue | undefined)[]): string {
  let path = '';
  for (let i = 0; i < t.partitionedBy.length; i++) path += `${t.partitionedBy[i]!.name}=${String(values[i])}/`;
  return path;
}
