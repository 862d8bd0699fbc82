import { z } from 'zod';
import type { SqlType } from '../compiler/sql-type.js';
import { assertUnreachable } from '../util/assert-unreachable.js';
import type { RawMapping, SourceEntry } from '../manifest/manifest.js';

/**
 * The validator for one raw record, built from the source's declared columns, so a field added to
 * the source declaration is validated with no code change. Every declared field is required;
 * unknown extra fields are ignored (DESIGN.md). The array a table mapping unnests must be non-empty:
 * a transaction with no lines is not a sale.
 */
export function sourceRecordSchema(source: SourceEntry, unnested: ReadonlySet<string>): z.ZodType<Record<string, unknown>> {
  const shape: Record<string, z.ZodType> = {};
  for (const c of source.columns) {
    const t = zodFor(c.type);
    shape[c.name] = unnested.has(c.name) && t instanceof z.ZodArray ? t.min(1, { message: `${c.name} must have at least one element` }) : t;
  }
  return z.object(shape) as unknown as z.ZodType<Record<string, unknown>>;
}

function zodFor(t: SqlType): z.ZodType {
  switch (t.kind) {
    case 'varchar':
      return z.string().min(1, { message: 'must not be empty' });
    case 'tinyint':
      return z
        .number()
        .int()
        .min(-(2 ** 7))
        .max(2 ** 7 - 1);
    case 'smallint':
      return z
        .number()
        .int()
        .min(-(2 ** 15))
        .max(2 ** 15 - 1);
    case 'integer':
      return z
        .number()
        .int()
        .min(-(2 ** 31))
        .max(2 ** 31 - 1);
    case 'bigint':
      return z.number().int().refine(Number.isSafeInteger, { message: 'out of the exact integer range' });
    case 'real':
    case 'double':
      return z.number();
    case 'char':
      return z.string().max(t.length, { message: `longer than char(${t.length})` });
    case 'varbinary':
      // JSON has no bytes; Athena's JSON SerDe reads binary from base64 text.
      return z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, { message: 'not base64' });
    case 'map':
      return z.record(z.string(), zodFor(t.value));
    case 'boolean':
      return z.boolean();
    case 'decimal':
      return z.union([z.string().regex(/^-?\d+(\.\d+)?$/), z.number()]);
    case 'date':
    case 'timestamp':
      return z.string();
    case 'array':
      return z.array(zodFor(t.element));
    case 'struct':
      return z.object(Object.fromEntries(t.fields.map((f) => [f.name, zodFor(f.type)])));
    default:
      return assertUnreachable(t);
  }
}

/**
 * A fast pre-check derived from the same declaration as {@link sourceRecordSchema}: true only for
 * a record the zod schema certainly accepts unchanged, so the handler can skip `safeParse` for it
 * (zod's per-record cost showed in profiles); anything else — including what it cannot vouch for —
 * returns false and goes through zod, which stays the judge and writes the rejection's reason.
 * Extra fields are fine: zod strips them, and the mapping reads declared fields only.
 */
export function sourceRecordPrecheck(source: SourceEntry, unnested: ReadonlySet<string>): (value: unknown) => boolean {
  const fields = source.columns.map((c) => ({ name: c.name, check: precheckFor(c.type), nonEmpty: unnested.has(c.name) && c.type.kind === 'array' }));
  return (value) => {
    if (!isPlainRecord(value)) return false;
    for (const f of fields) {
      const v = value[f.name];
      if (!f.check(v)) return false;
      if (f.nonEmpty && (v as unknown[]).length === 0) return false;
    }
    return true;
  };
}

function isPlainRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const intIn = (min: number, max: number) => (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

function precheckFor(t: SqlType): (v: unknown) => boolean {
  switch (t.kind) {
    case 'varchar':
      return (v) => typeof v === 'string' && v.length > 0;
    case 'tinyint':
      return intIn(-(2 ** 7), 2 ** 7 - 1);
    case 'smallint':
      return intIn(-(2 ** 15), 2 ** 15 - 1);
    case 'integer':
      return intIn(-(2 ** 31), 2 ** 31 - 1);
    case 'bigint':
      return (v) => typeof v === 'number' && Number.isSafeInteger(v);
    case 'real':
    case 'double':
      return (v) => typeof v === 'number' && Number.isFinite(v);
    case 'boolean':
      return (v) => typeof v === 'boolean';
    case 'decimal':
      return (v) => (typeof v === 'string' && DECIMAL_TEXT.test(v)) || (typeof v === 'number' && Number.isFinite(v));
    case 'date':
    case 'timestamp':
      return (v) => typeof v === 'string';
    case 'array': {
      const element = precheckFor(t.element);
      // Loops, not `every` with a callback: this runs for every element of every record.
      return (v) => {
        if (!Array.isArray(v)) return false;
        for (let i = 0; i < v.length; i++) if (!element(v[i])) return false;
        return true;
      };
    }
    case 'struct': {
      const names = t.fields.map((f) => f.name);
      const checks = t.fields.map((f) => precheckFor(f.type));
      return (v) => {
        if (!isPlainRecord(v)) return false;
        for (let i = 0; i < names.length; i++) if (!checks[i]!(v[names[i]!])) return false;
        return true;
      };
    }
    case 'char':
    case 'varbinary':
    case 'map':
      return () => false; // rare in a source: zod decides
    default:
      return assertUnreachable(t);
  }
}

/** The array fields that the given mappings unnest. */
export function unnestedFields(mappings: readonly RawMapping[]): Set<string> {
  return new Set(mappings.flatMap((m) => (m.unnest ? [m.unnest.field] : [])));
}

/** A zod issue list as one line: `items.0.quantity: expected int, received number; …`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(record)'}: ${i.message}`).join('; ');
}
