import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SqlType } from '../compiler/sql-type.js';
import type { Manifest, SourceEntry, TableEntry } from '../manifest/manifest.js';
import { outsideWindowReason, type DatetimeWindow } from '../streaming/datetime-window.js';
import { cast, CastError, parseTimestamp } from '../streaming/evaluate-mapping.js';
import { parseRawRecords } from '../streaming/parse-raw-records.js';
import { describeIssues, sourceRecordSchema, unnestedFields } from '../streaming/source-schema.js';
import { evaluatedOnce, recordRules, type JsonType, type RecordCheck, type SourceRules } from './record-rules.js';

/** A batch rejection, as both batch engines write it (JSON Lines under `rejected/batch/<run>/<source>/`). */
export interface BatchRejection {
  readonly key: string;
  readonly line: number;
  readonly reason: string;
  readonly original: string;
}

export interface ScreenedSource {
  /** Folder of the accepted records (normalized JSON Lines), read instead of `raw/<source>/`. */
  readonly dir: string;
  readonly accepted: number;
  readonly rejected: number;
}

/**
 * The local backfill's door, the twin of the Glue job's `validate_record` and of the Lambda's
 * checks: every raw record is screened with the manifest's record rules (src/batch/record-rules.ts)
 * — the Lambda's schema and messages for the fields, its casts and row-level tests — before DuckDB
 * maps it. Accepted records go to a staging folder the transform then reads; rejected ones to
 * `rejected/batch/<runId>/<source>/rejected.json` with their reason, file and line. Without it, a
 * malformed line fails the whole COPY and an ISO `T` datetime lands (DuckDB's cast accepts it).
 */
export async function screenRawSources(
  lakeDir: string,
  manifest: Manifest,
  stagingRoot: string,
  runId: string,
  window?: DatetimeWindow,
): Promise<Map<string, ScreenedSource>> {
  const screened = new Map<string, ScreenedSource>();
  const rules = new Map(evaluatedOnce(recordRules(manifest)).map((r) => [r.source, r]));
  const tables = manifest.models.filter((m): m is TableEntry => m.kind === 'table');
  for (const source of manifest.models.filter((m): m is SourceEntry => m.kind === 'source')) {
    const rawDir = path.join(lakeDir, source.location);
    const files = await jsonlFiles(rawDir);
    if (files.length === 0) continue;
    const fed = tables.filter((t) => t.mapping.source === `${source.sourceName}.${source.sourceTable}`);
    const schema = sourceRecordSchema(source, unnestedFields(fed.map((t) => t.mapping)));
    const sourceRules = rules.get(source.name)!;
    const dir = path.join(stagingRoot, 'raw', source.name);
    await mkdir(dir, { recursive: true });
    const rejections: BatchRejection[] = [];
    let accepted = 0;
    for (const [i, file] of files.entries()) {
      const key = path.relative(lakeDir, file).split(path.sep).join('/');
      const { records, fileError } = parseRawRecords(await readFile(file));
      if (fileError) continue; // an empty raw file holds no record
      const out: string[] = [];
      for (const r of records) {
        let reason = r.error;
        let normalized: unknown;
        if (!reason) {
          // Most records are valid: a plain walk of the rules accepts them; zod (the Lambda's own
          // schema) runs only on the others, for the Lambda's wording of what is wrong.
          const picked = conforming(r.value, { kind: 'object', fields: sourceRules.fields });
          const parsed = picked === INVALID ? schema.safeParse(r.value) : { success: true as const, data: picked as Record<string, unknown> };
          if (!parsed.success) reason = describeIssues(parsed.error);
          else {
            reason = firstFailingCheck(parsed.data, sourceRules, window);
            normalized = parsed.data;
          }
        }
        if (reason) rejections.push({ key, line: r.line, reason, original: r.text });
        else {
          out.push(JSON.stringify(normalized));
          accepted++;
        }
      }
      await writeFile(path.join(dir, `part-${String(i).padStart(5, '0')}.jsonl`), out.length ? `${out.join('\n')}\n` : '');
    }
    if (rejections.length > 0) {
      const rejectedDir = path.join(lakeDir, manifest.prefixes.rejected, 'batch', runId, source.name);
      await mkdir(rejectedDir, { recursive: true });
      await writeFile(path.join(rejectedDir, 'rejected.json'), rejections.map((r) => JSON.stringify(r)).join('\n') + '\n');
    }
    screened.set(source.name, { dir, accepted, rejected: rejections.length });
  }
  return screened;
}

/** The checks in the order the Lambda applies them; the first failure is the reason, worded as the Lambda words it. */
function firstFailingCheck(record: Readonly<Record<string, unknown>>, rules: SourceRules, window: DatetimeWindow | undefined): string | undefined {
  for (const check of rules.checks) {
    const values = check.element ? ((record[check.element] as Record<string, unknown>[] | undefined) ?? []).map((e) => e[check.field]) : [record[check.field]];
    for (const v of values) {
      const problem = failure(check, v, window);
      if (problem) return problem;
    }
  }
  return undefined;
}

function failure(check: RecordCheck, v: unknown, window: DatetimeWindow | undefined): string | undefined {
  if (v === null || v === undefined) return check.kind === 'not_null' ? `${check.table}.${check.column} must not be null` : undefined;
  try {
    switch (check.kind) {
      case 'timestamp': {
        // The stream's window, worded by the same function: a record lands in both or in neither.
        const ms = parseTimestamp(String(v));
        return window ? outsideWindowReason(check.field, ms, window) : undefined;
      }
      case 'decimal':
        cast(v as string, { kind: 'decimal', precision: check.precision, scale: check.scale } as SqlType);
        return undefined;
      case 'not_null':
        return undefined;
      case 'accepted_range': {
        const n = Number(v);
        if (check.min !== undefined && n < check.min) return `${check.table}.${check.column} must be ≥ ${check.min}, got ${String(v)}`;
        if (check.max !== undefined && n > check.max) return `${check.table}.${check.column} must be ≤ ${check.max}, got ${String(v)}`;
        return undefined;
      }
    }
  } catch (e) {
    if (e instanceof CastError) return `${check.column}: ${e.message}`;
    throw e;
  }
}

const INVALID = Symbol('invalid');

/** The value with only the declared fields when it satisfies the rules' types, else INVALID (zod then says why). */
function conforming(v: unknown, t: JsonType): unknown {
  switch (t.kind) {
    case 'string':
      return typeof v === 'string' && (!t.nonEmpty || v.length > 0) ? v : INVALID;
    case 'int':
      return typeof v === 'number' && Number.isInteger(v) && v >= t.min && v <= t.max ? v : INVALID;
    case 'number':
      return typeof v === 'number' ? v : INVALID;
    case 'boolean':
      return typeof v === 'boolean' ? v : INVALID;
    case 'decimal':
      return typeof v === 'number' || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) ? v : INVALID;
    case 'array': {
      if (!Array.isArray(v) || (t.nonEmpty && v.length === 0)) return INVALID;
      const out: unknown[] = [];
      for (const e of v) {
        const c = conforming(e, t.element);
        if (c === INVALID) return INVALID;
        out.push(c);
      }
      return out;
    }
    case 'object': {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return INVALID;
      const out: Record<string, unknown> = {};
      for (const f of t.fields) {
        const c = conforming((v as Record<string, unknown>)[f.name], f.type);
        if (c === INVALID) return INVALID;
        out[f.name] = c;
      }
      return out;
    }
  }
}

async function jsonlFiles(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries
      .filter((e) => e.isFile() && e.name.endsWith('.jsonl'))
      .map((e) => path.join(e.parentPath, e.name))
      .sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}
