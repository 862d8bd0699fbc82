import { renderBody } from '../compiler/render-model-body.js';
import type { ModelError } from '../compiler/model-error.js';
import { parseModel, type ModelFile } from '../compiler/parse-model.js';
import { QueryFailedError } from '../engines/engine.js';
import type { Column, Manifest, ModelEntry } from '../manifest/manifest.js';
import type { UnitCaseStatement } from '../compiler/statement.js';
import type { LakeRenderer } from '../dialects/lake-renderer.js';
import { isGivenRowType } from '../dialects/unit-case-sql.js';
import { diffRows, isEmptyDiff, type RowDiff } from './diff-rows.js';
import type { CaseEngine } from './memory-duckdb.js';
import { parseUnitCaseFile, type UnitCase } from './unit-case-file.js';

export type CaseResult =
  | { readonly status: 'pass'; readonly path: string; readonly case: UnitCase }
  | { readonly status: 'fail'; readonly path: string; readonly case: UnitCase; readonly diff: RowDiff }
  /** The engine refused the case's query: its words, and the SQL that ran. */
  | { readonly status: 'error'; readonly path: string; readonly case: UnitCase; readonly message: string; readonly sql: string };

export interface UnitRun {
  readonly results: readonly CaseResult[];
  /** Mistakes in case files (file:line); their cases do not run. */
  readonly errors: readonly ModelError[];
}

export interface UnitProject {
  /** With the views' inferred columns (the build step), so a view can be a typed input. */
  readonly manifest: Manifest;
  readonly modelFiles: readonly ModelFile[];
}

/** The name a ref or source takes inside a case's query; `__` never appears in a model name. */
export function givenName(input: string): string {
  return `given__${input}`;
}

/**
 * Runs every case of the case files: the model's own SQL for the renderer's dialect (DuckDB's or Trino's), with each ref and source
 * replaced by the case's given rows, typed as the input declares. Nothing outside the given rows is
 * read, so no lake, catalog or migrate is needed.
 */
export async function runUnitCases(caseFiles: readonly ModelFile[], project: UnitProject, engine: CaseEngine, renderer: LakeRenderer): Promise<UnitRun> {
  const errors: ModelError[] = [];
  const results: CaseResult[] = [];
  for (const file of caseFiles) {
    const parsed = parseUnitCaseFile(file.path, file.text, errors);
    if (!parsed) continue;
    const err = (line: number, message: string) => errors.push({ path: file.path, line, message });
    const model = project.manifest.models.find((m) => m.name === parsed.model);
    if (!model) {
      err(1, `no model "${parsed.model}" for this case file (name it <model>.unit.json, next to the model)`);
      continue;
    }
    if (model.kind !== 'view' && model.kind !== 'mart') {
      err(1, `"${model.name}" is a ${model.kind}: unit cases test views and marts (tables are covered by the stream/batch contract test)`);
      continue;
    }
    if (dirOf(model.path) !== dirOf(file.path)) {
      err(1, `the case file of "${model.name}" belongs next to its model, in ${dirOf(model.path)}/`);
      continue;
    }
    const modelFile = project.modelFiles.find((f) => f.path === model.path)!;
    const template = parseModel(modelFile, [])!;
    const body = renderBody(template, renderer.queryDialect, givenName);
    const inputs = model.dependsOn.map((n) => project.manifest.models.find((m) => m.name === n)!);
    for (const c of parsed.cases) {
      const given = checkGiven(c, inputs, err);
      if (!given) continue;
      const sql = renderer.sql({ kind: 'unit_case', body, inputs: given });
      let actual;
      try {
        actual = await engine.query(sql);
      } catch (e) {
        if (!(e instanceof QueryFailedError)) throw e;
        results.push({ status: 'error', path: file.path, case: c, message: e.reason, sql });
        continue;
      }
      const names = new Set(actual.columns.map((x) => x.name));
      const expected = [...new Set(c.expect.flatMap((r) => Object.keys(r.values)))];
      const unknown = c.expect.flatMap((r) =>
        Object.keys(r.values)
          .filter((k) => !names.has(k))
          .map((k) => [r.line, k] as const),
      );
      if (unknown.length > 0) {
        for (const [line, k] of unknown) err(line, `"expect": ${model.name} has no column "${k}" (columns: ${[...names].join(', ')})`);
        continue;
      }
      const diff = diffRows(c.expect, actual, expected.length > 0 ? expected : [...names], c.ordered);
      results.push(isEmptyDiff(diff) ? { status: 'pass', path: file.path, case: c } : { status: 'fail', path: file.path, case: c, diff });
    }
  }
  return { results, errors };
}

/** The given rows of every input, typed, or undefined after reporting what is wrong. */
function checkGiven(c: UnitCase, inputs: readonly ModelEntry[], err: (line: number, message: string) => void): UnitCaseStatement['inputs'] | undefined {
  let ok = true;
  const nameOf = (m: ModelEntry) => (m.kind === 'source' ? `${m.sourceName}.${m.sourceTable}` : m.name);
  const out: UnitCaseStatement['inputs'][number][] = [];
  for (const g of c.given) {
    const input = inputs.find((m) => nameOf(m) === g.input);
    if (!input) {
      err(g.line, `case "${c.name}": "${g.input}" is not an input of the model (inputs: ${inputs.map(nameOf).join(', ')})`);
      ok = false;
      continue;
    }
    const columns = columnsOf(input);
    if (!columns) {
      err(g.line, `case "${c.name}": the columns of "${g.input}" are unknown (a mart's columns come from its query), so its rows cannot be typed`);
      ok = false;
      continue;
    }
    const untyped = columns.find((col) => !isGivenRowType(col.type));
    if (untyped) {
      err(g.line, `case "${c.name}": column "${untyped.name}" of "${g.input}" is a ${untyped.type.kind}; given rows hold scalar columns only`);
      ok = false;
      continue;
    }
    for (const r of g.rows) {
      for (const k of Object.keys(r.values)) {
        if (!columns.some((col) => col.name === k)) {
          err(r.line, `case "${c.name}": "${g.input}" has no column "${k}" (columns: ${columns.map((col) => col.name).join(', ')})`);
          ok = false;
        }
      }
    }
    out.push({ name: givenName(input.name), columns, rows: g.rows.map((r) => r.values) });
  }
  const missing = inputs.filter((m) => !c.given.some((g) => g.input === nameOf(m)));
  if (missing.length > 0) {
    err(c.line, `case "${c.name}": give rows for every input; missing ${missing.map((m) => `"${nameOf(m)}"`).join(', ')} (use [] for none)`);
    ok = false;
  }
  return ok ? out : undefined;
}

function columnsOf(m: ModelEntry): readonly Column[] | undefined {
  switch (m.kind) {
    case 'source':
      return m.columns;
    case 'table':
      return [...m.columns, ...m.partitionedBy];
    case 'view':
      return m.columns;
    case 'mart':
      return undefined;
  }
}

function dirOf(p: string): string {
  return p.slice(0, p.lastIndexOf('/'));
}
