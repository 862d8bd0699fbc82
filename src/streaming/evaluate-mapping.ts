import type { SqlType } from '../compiler/sql-type.js';
import type { MappingExpr, RawMapping } from '../manifest/manifest.js';
import { assertUnreachable } from '../util/assert-unreachable.js';

/**
 * A value after a cast, in a form that writes to Parquet exactly as the SQL engines would:
 * timestamps as epoch milliseconds (UTC wall clock), dates as 'YYYY-MM-DD', decimals as unscaled
 * bigint with their scale.
 */
export type MappedValue = string | number | bigint | boolean | null;

export class CastError extends Error {}

/**
 * Evaluates a table's declared mapping on one raw record — the TypeScript twin of the SQL the
 * renderers emit for DuckDB, Athena and Spark. Casts follow the engines' rules for the inputs the
 * contract admits; anything an engine would reject throws {@link CastError} (the record is rejected).
 */
export function evaluateMapping(mapping: RawMapping, record: Readonly<Record<string, unknown>>): Record<string, MappedValue>[] {
  let compiled = compiledMappings.get(mapping);
  if (!compiled) compiledMappings.set(mapping, (compiled = compileMapping(mapping)));
  if (!mapping.unnest) return [compiled(record, undefined)];
  const elements = (record[mapping.unnest.field] as Record<string, unknown>[] | undefined) ?? [];
  const rows = new Array<Record<string, MappedValue>>(elements.length);
  for (let i = 0; i < elements.length; i++) rows[i] = compiled(record, elements[i]);
  return rows;
}

type Element = Readonly<Record<string, unknown>> | undefined;
/** One expression of a mapping, compiled: its value for a record (and, in an unnesting mapping, one of its elements). */
export type Evaluator = (record: Readonly<Record<string, unknown>>, element: Element) => MappedValue;

/** Every record of a source runs the same mapping: its expressions are turned into closures once, not walked per record. */
const compiledMappings = new WeakMap<RawMapping, (record: Readonly<Record<string, unknown>>, element: Element) => Record<string, MappedValue>>();

function compileMapping(m: RawMapping): (record: Readonly<Record<string, unknown>>, element: Element) => Record<string, MappedValue> {
  const names = m.columns.map((c) => c.name);
  const evaluators = m.columns.map((c) => compileExpr(c.expr, m));
  return (record, element) => {
    const row: Record<string, MappedValue> = {};
    for (let i = 0; i < evaluators.length; i++) {
      try {
        row[names[i]!] = evaluators[i]!(record, element);
      } catch (e) {
        if (e instanceof CastError) throw new CastError(`${names[i]}: ${e.message}`);
        throw e;
      }
    }
    return row;
  };
}

export function compileExpr(e: MappingExpr, m: RawMapping): Evaluator {
  switch (e.kind) {
    case 'field': {
      const field = e.field;
      if (m.unnest !== undefined && e.alias === m.unnest.alias)
        return (_, element) => {
          const v = element?.[field];
          return v === undefined ? null : (v as MappedValue);
        };
      return (record) => {
        const v = record[field];
        return v === undefined ? null : (v as MappedValue);
      };
    }
    case 'cast': {
      const inner = compileExpr(e.expr, m);
      const type = e.type;
      // The value already of the target type, the common case, returned without `cast`'s dispatch
      // (each test below is what `cast` returns unchanged); anything else goes through `cast`.
      switch (type.kind) {
        case 'varchar':
          return (record, element) => {
            const v = inner(record, element);
            return typeof v === 'string' ? v : cast(v, type);
          };
        case 'integer':
          return (record, element) => {
            const v = inner(record, element);
            return typeof v === 'number' && Number.isInteger(v) && v >= -(2 ** 31) && v <= 2 ** 31 - 1 ? v : cast(v, type);
          };
        case 'timestamp':
          return (record, element) => {
            const v = inner(record, element);
            return typeof v === 'string' ? parseTimestamp(v) : cast(v, type);
          };
        case 'date':
          return (record, element) => {
            const v = inner(record, element);
            return typeof v === 'number' ? dayOf(v) : cast(v, type);
          };
        default:
          return (record, element) => cast(inner(record, element), type);
      }
    }
    default:
      return assertUnreachable(e);
  }
}

// A space, as the data contract and Athena's (Trino's) cast require: an ISO `T` is rejected, like `Z`.
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function cast(v: MappedValue, t: SqlType): MappedValue {
  if (v === null) return null;
  switch (t.kind) {
    case 'varchar':
      if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean') return String(v);
      return v;
    case 'integer':
    case 'bigint': {
      const n = typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : v;
      if (typeof n !== 'number' || !Number.isInteger(n)) throw new CastError(`cannot cast ${JSON.stringify(v)} to ${t.kind}`);
      if (t.kind === 'integer' && (n < -(2 ** 31) || n > 2 ** 31 - 1)) throw new CastError(`${n} is out of range for integer`);
      return n;
    }
    case 'double': {
      const n = typeof v === 'string' ? Number(v) : v;
      if (typeof n !== 'number' || Number.isNaN(n)) throw new CastError(`cannot cast ${JSON.stringify(v)} to double`);
      return n;
    }
    case 'boolean':
      if (typeof v === 'boolean') return v;
      throw new CastError(`cannot cast ${JSON.stringify(v)} to boolean`);
    case 'timestamp':
      if (typeof v === 'number') return v; // already a timestamp (epoch ms)
      if (typeof v !== 'string') throw new CastError(`cannot cast ${JSON.stringify(v)} to timestamp`);
      return parseTimestamp(v);
    case 'date':
      if (typeof v === 'number') return dayOf(v);
      if (typeof v === 'string' && DATE.test(v) && validDate(v)) return v;
      if (typeof v === 'string') return dayOf(parseTimestamp(v));
      throw new CastError(`cannot cast ${JSON.stringify(v)} to date`);
    case 'decimal': {
      const text = typeof v === 'number' ? String(v) : String(v).trim();
      const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
      if (!m) throw new CastError(`cannot cast ${JSON.stringify(v)} to decimal(${t.precision}, ${t.scale})`);
      const frac = (m[3] ?? '').padEnd(t.scale, '0');
      if (frac.length > t.scale && /[^0]/.test(frac.slice(t.scale))) throw new CastError(`${text} has more than ${t.scale} decimal places`);
      const digits = (m[2]!.replace(/^0+(?=\d)/, '') + frac.slice(0, t.scale)).replace(/^0+(?=\d)/, '');
      if (digits.length > t.precision) throw new CastError(`${text} does not fit decimal(${t.precision}, ${t.scale})`);
      return BigInt(`${m[1]}${digits}`);
    }
    case 'tinyint':
    case 'smallint':
    case 'real':
    case 'char':
    case 'varbinary':
    case 'array':
    case 'map':
    case 'struct':
      // Types a catalog may hold; the streaming mapping casts only to the types the models use.
      throw new CastError(`casts to ${t.kind} are not supported in a mapping`);
    default:
      return assertUnreachable(t);
  }
}

/**
 * A record's datetime is cast several times (the window check, `transaction_datetime` and `dt` of
 * its transaction and of every item row), always the same string: the last one is remembered.
 */
let lastText = '';
let lastMs = 0;

/** `YYYY-MM-DD HH:MM:SS[.ffffff]` as UTC epoch milliseconds; calendar-checked, as the engines' casts are. */
export function parseTimestamp(text: string): number {
  if (text === lastText) return lastMs;
  const ms = text.length === 19 ? (parsePlainTimestamp(text) ?? parseTimestampUncached(text)) : parseTimestampUncached(text);
  lastText = text;
  lastMs = ms;
  return ms;
}

/**
 * The common shape, `YYYY-MM-DD HH:MM:SS`, read digit by digit (no regex, no Date): undefined for
 * anything else, which {@link parseTimestampUncached} then parses or words the rejection of.
 */
function parsePlainTimestamp(t: string): number | undefined {
  if (t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45 || t.charCodeAt(10) !== 32 || t.charCodeAt(13) !== 58 || t.charCodeAt(16) !== 58) return undefined;
  const y = digit(t, 0) * 1000 + digit(t, 1) * 100 + digit(t, 2) * 10 + digit(t, 3);
  const mo = digit(t, 5) * 10 + digit(t, 6);
  const day = digit(t, 8) * 10 + digit(t, 9);
  const h = digit(t, 11) * 10 + digit(t, 12);
  const mi = digit(t, 14) * 10 + digit(t, 15);
  const s = digit(t, 17) * 10 + digit(t, 18);
  // NaN (a non-digit) fails every comparison below, and so does an invalid field.
  if (!(mo >= 1 && mo <= 12 && day >= 1 && h <= 23 && mi <= 59 && s <= 59 && y >= 0)) return undefined;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (day > (mo === 2 && leap ? 29 : DAYS_IN_MONTH[mo - 1]!)) return undefined;
  return daysFromCivil(y, mo, day) * 86_400_000 + h * 3_600_000 + mi * 60_000 + s * 1000;
}

/** The digit at `i`, or NaN. (Module-level: a closure per call would cost an allocation per timestamp.) */
function digit(t: string, i: number): number {
  const c = t.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm; years 0–99 stay as written). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function parseTimestampUncached(text: string): number {
  const m = TIMESTAMP.exec(text.trim());
  if (!m) throw new CastError(`cannot cast "${text}" to timestamp (expected YYYY-MM-DD HH:MM:SS)`);
  const [, y, mo, d, h, mi, s, f] = m;
  if (!validDate(`${y}-${mo}-${d}`) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    throw new CastError(`"${text}" is not a valid date and time`);
  }
  // Not Date.UTC: it maps years 0–99 to 1900–1999, while the SQL engines keep them as written.
  const at = new Date(0);
  at.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  at.setUTCHours(Number(h), Number(mi), Number(s), 0);
  const ms = at.getTime();
  // Truncated to milliseconds: the tables store timestamp(3), like Athena's Hive tables.
  return ms + Math.floor(Number((f ?? '0').padEnd(6, '0')) / 1000);
}

const dayStrings = new Map<number, string>();

/** The UTC day of an epoch-ms timestamp, `YYYY-MM-DD`; days repeat, so they are memoized by day number. */
function dayOf(ms: number): string {
  const day = Math.floor(ms / 86_400_000);
  let text = dayStrings.get(day);
  if (text === undefined) {
    text = new Date(day * 86_400_000).toISOString().slice(0, 10);
    if (dayStrings.size >= 4096) dayStrings.clear();
    dayStrings.set(day, text);
  }
  return text;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDate(text: string): boolean {
  const y = Number(text.slice(0, 4));
  const m = Number(text.slice(5, 7));
  const d = Number(text.slice(8, 10));
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]!);
}
