import type { SqlType } from '../compiler/sql-type.js';
import type { Manifest, MappingExpr, SourceEntry, TableEntry } from '../manifest/manifest.js';

/**
 * The record-level rules a batch job applies before it maps raw records into tables, derived from
 * the manifest exactly as the streaming handler derives its own (schema from the source columns,
 * casts from the table mappings, row-level tests from `{{test …}}`), so that the stream and the
 * batch accept and reject the same records with the same reasons. Rendered as data into the Glue
 * job (`RULES`), where `validate_record` interprets it.
 *
 * To add a rule (e.g. an accepted datetime window), add a {@link RecordCheck} kind here, derive it
 * in {@link recordRules}, and interpret it in `validate_record` of glue-jobs/backfill_job.py.hbs.
 */
export interface SourceRules {
  /** The source's model name: the temporary view the job registers (`pos_transactions`). */
  readonly source: string;
  /** Every declared field is required and typed (unknown extra fields are ignored). */
  readonly fields: readonly FieldRule[];
  /** In the order the stream handler evaluates them: per table, its columns' casts, then its row tests. */
  readonly checks: readonly RecordCheck[];
}

export type JsonType =
  | { readonly kind: 'string'; readonly nonEmpty: boolean }
  | { readonly kind: 'int'; readonly min: number; readonly max: number }
  | { readonly kind: 'number' }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'decimal' }
  | { readonly kind: 'array'; readonly element: JsonType; readonly nonEmpty: boolean }
  | { readonly kind: 'object'; readonly fields: readonly FieldRule[] };

export interface FieldRule {
  readonly name: string;
  readonly type: JsonType;
}

/** Where a mapped column's value comes from: a field of the record, or of each element of the unnested array. */
export interface FieldRef {
  readonly field: string;
  /** Set when the field belongs to the elements of this array field. */
  readonly element?: string;
}

export type RecordCheck =
  /** The column casts the field to a timestamp or date: `YYYY-MM-DD HH:MM:SS[.ffffff]`, calendar-checked (no ISO `T`/`Z`). */
  | ({ readonly kind: 'timestamp'; readonly column: string } & FieldRef)
  /** The column casts the field to `decimal(p, s)`. */
  | ({ readonly kind: 'decimal'; readonly column: string; readonly precision: number; readonly scale: number } & FieldRef)
  | ({ readonly kind: 'not_null'; readonly table: string; readonly column: string } & FieldRef)
  | ({ readonly kind: 'accepted_range'; readonly table: string; readonly column: string; readonly min?: number; readonly max?: number } & FieldRef);

/** One rule set per source that a table is mapped from. */
export function recordRules(manifest: Manifest): SourceRules[] {
  const tables = manifest.models.filter((m): m is TableEntry => m.kind === 'table');
  return manifest.models
    .filter((m): m is SourceEntry => m.kind === 'source')
    .map((source) => {
      const fed = tables.filter((t) => t.mapping.source === `${source.sourceName}.${source.sourceTable}`);
      const unnested = new Set(fed.flatMap((t) => (t.mapping.unnest ? [t.mapping.unnest.field] : [])));
      const fields = source.columns.map((c) => ({ name: c.name, type: jsonType(c.type, unnested.has(c.name)) }));
      return { source: source.name, fields, checks: fed.flatMap(tableChecks) };
    });
}

/**
 * The rules as the batch engines evaluate them: a cast of one field is one check, however many
 * columns apply it (`transaction_datetime` feeds four columns of two tables). The first of them
 * fails first and words the reason, so the later copies only parsed the same value again, for every
 * record. Row tests stay per table (their reasons name it).
 */
export function evaluatedOnce(rules: readonly SourceRules[]): SourceRules[] {
  return rules.map((r) => ({ ...r, checks: onceEach(r.checks) }));
}

function onceEach(checks: readonly RecordCheck[]): RecordCheck[] {
  const seen = new Set<string>();
  return checks.filter((c) => {
    if (c.kind !== 'timestamp' && c.kind !== 'decimal') return true;
    const key = JSON.stringify([c.kind, c.field, c.element ?? null, c.kind === 'decimal' ? [c.precision, c.scale] : null]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function tableChecks(t: TableEntry): RecordCheck[] {
  const checks: RecordCheck[] = [];
  for (const c of t.mapping.columns) {
    const ref = fieldRef(t, c.expr);
    if (!ref) continue;
    const innermost = innermostCast(c.expr);
    if (innermost?.kind === 'timestamp' || innermost?.kind === 'date') checks.push({ kind: 'timestamp', column: c.name, ...ref });
    else if (innermost?.kind === 'decimal') checks.push({ kind: 'decimal', column: c.name, precision: innermost.precision, scale: innermost.scale, ...ref });
  }
  for (const test of t.tests) {
    if (test.kind !== 'not_null' && test.kind !== 'accepted_range') continue; // set-level tests run as data tests
    const column = t.mapping.columns.find((c) => c.name === test.column);
    const ref = column && fieldRef(t, column.expr);
    if (!ref) continue;
    checks.push(
      test.kind === 'not_null'
        ? { kind: 'not_null', table: t.name, column: test.column, ...ref }
        : {
            kind: 'accepted_range',
            table: t.name,
            column: test.column,
            ...(test.min !== undefined ? { min: test.min } : {}),
            ...(test.max !== undefined ? { max: test.max } : {}),
            ...ref,
          },
    );
  }
  return checks;
}

/** The cast applied first to the raw field (`CAST(CAST(x AS timestamp) AS date)` parses as a timestamp). */
function innermostCast(e: MappingExpr): SqlType | undefined {
  if (e.kind !== 'cast') return undefined;
  return innermostCast(e.expr) ?? e.type;
}

function fieldRef(t: TableEntry, e: MappingExpr): FieldRef | undefined {
  if (e.kind === 'cast') return fieldRef(t, e.expr);
  const u = t.mapping.unnest;
  if (u && e.alias === u.alias) {
    const i = u.columns.indexOf(e.field);
    return { field: i >= 0 ? u.structFields[i]! : e.field, element: u.field };
  }
  return { field: e.field };
}

/** Mirrors src/streaming/source-schema.ts, so the job's messages are the Lambda's. */
function jsonType(t: SqlType, nonEmpty = false): JsonType {
  switch (t.kind) {
    case 'varchar':
      return { kind: 'string', nonEmpty: true };
    case 'date':
    case 'timestamp':
      return { kind: 'string', nonEmpty: false };
    case 'char':
    case 'varbinary': // base64 text in JSON
      return { kind: 'string', nonEmpty: false };
    case 'tinyint':
      return { kind: 'int', min: -(2 ** 7), max: 2 ** 7 - 1 };
    case 'smallint':
      return { kind: 'int', min: -(2 ** 15), max: 2 ** 15 - 1 };
    case 'integer':
      return { kind: 'int', min: -(2 ** 31), max: 2 ** 31 - 1 };
    case 'bigint':
      return { kind: 'int', min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER };
    case 'real':
    case 'double':
      return { kind: 'number' };
    case 'boolean':
      return { kind: 'boolean' };
    case 'decimal':
      return { kind: 'decimal' };
    case 'array':
      return { kind: 'array', element: jsonType(t.element), nonEmpty };
    case 'struct':
      return { kind: 'object', fields: t.fields.map((f) => ({ name: f.name, type: jsonType(f.type) })) };
    case 'map':
      // The batch jobs normalize records field by field; a map's keys are data, not fields.
      throw new Error(
        `a source column of type map<…> is not supported by the batch record rules yet (src/batch/record-rules.ts); declare it as a struct or a JSON string`,
      );
  }
}
