import type { ModelError } from '../compiler/model-error.js';
import { LocatedJsonError, parseLocatedJson, type Located } from './located-json.js';

/** A value in a case, as text (numbers as written, booleans `true`/`false`) or NULL. */
export type CaseCell = string | null;

export interface CaseRow {
  readonly line: number;
  readonly values: Readonly<Record<string, CaseCell>>;
}

export interface GivenInput {
  /** A ref's model name, or a source as `pos.transactions`. */
  readonly input: string;
  readonly line: number;
  readonly rows: readonly CaseRow[];
}

export interface UnitCase {
  readonly name: string;
  readonly line: number;
  readonly given: readonly GivenInput[];
  readonly expect: readonly CaseRow[];
  /** When true the rows must come in the expected order; by default order does not matter. */
  readonly ordered: boolean;
}

export interface UnitCaseFile {
  /** Project-relative path of the case file. */
  readonly path: string;
  /** The model under test: the case file's name without `.unit.json`. */
  readonly model: string;
  readonly cases: readonly UnitCase[];
}

export const CASE_FILE_SUFFIX = '.unit.json';

const CASE_KEYS = ['name', 'given', 'expect', 'ordered'];

/**
 * Reads a case file (`models/views/sales_by_store.unit.json`):
 * `{"cases": [{"name": "…", "given": {"transaction_items": [{…}], …}, "expect": [{…}], "ordered": false}]}`.
 * Every mistake is collected with its line; the file is returned only when it has none.
 */
export function parseUnitCaseFile(path: string, text: string, errors: ModelError[]): UnitCaseFile | undefined {
  const before = errors.length;
  const err = (line: number, message: string) => errors.push({ path, line, message });
  const model = path.split('/').pop()!.slice(0, -CASE_FILE_SUFFIX.length);
  let root: Located;
  try {
    root = parseLocatedJson(text);
  } catch (e) {
    if (e instanceof LocatedJsonError) {
      err(e.line, `invalid JSON: ${e.message}`);
      return undefined;
    }
    throw e;
  }
  if (root.kind !== 'object') {
    err(root.line, 'a case file is an object: {"cases": [ … ]}');
    return undefined;
  }
  for (const e of root.entries) if (e.key !== 'cases') err(e.line, `unknown key "${e.key}" (a case file has "cases")`);
  const list = root.entries.find((e) => e.key === 'cases')?.value;
  if (!list || list.kind !== 'array' || list.items.length === 0) {
    err(list?.line ?? root.line, 'a case file needs "cases": a non-empty list of {"name", "given", "expect"}');
    return undefined;
  }
  const cases: UnitCase[] = [];
  const names = new Map<string, number>();
  for (const item of list.items) {
    if (item.kind !== 'object') {
      err(item.line, 'a case is an object: {"name": "…", "given": {…}, "expect": [ … ]}');
      continue;
    }
    const field = (key: string) => item.entries.find((e) => e.key === key)?.value;
    for (const e of item.entries) if (!CASE_KEYS.includes(e.key)) err(e.line, `unknown key "${e.key}" in a case (allowed: ${CASE_KEYS.join(', ')})`);
    const name = field('name');
    if (!name || name.kind !== 'scalar' || typeof name.value !== 'string' || name.value.trim() === '') {
      err(name?.line ?? item.line, 'a case needs a "name": "what it checks"');
      continue;
    }
    const seen = names.get(name.value);
    if (seen !== undefined) err(name.line, `case "${name.value}" is already defined on line ${seen}`);
    names.set(name.value, name.line);
    const givenNode = field('given');
    const given: GivenInput[] = [];
    if (!givenNode || givenNode.kind !== 'object') {
      err(givenNode?.line ?? item.line, `case "${name.value}" needs "given": {"<ref or source.table>": [rows], …}`);
    } else {
      for (const g of givenNode.entries) {
        const rows = rowList(g.value, `given rows for "${g.key}"`, err);
        if (rows) given.push({ input: g.key, line: g.line, rows });
      }
    }
    const expectNode = field('expect');
    const expect = expectNode ? rowList(expectNode, '"expect"', err) : undefined;
    if (!expectNode) err(item.line, `case "${name.value}" needs "expect": [rows] (an empty list when no row is expected)`);
    const columns = expect?.[0] ? Object.keys(expect[0].values).sort().join(', ') : '';
    for (const r of expect ?? []) {
      const these = Object.keys(r.values).sort().join(', ');
      // A column one row leaves out would be ambiguous (NULL, or not checked?): every row names the same ones.
      if (these !== columns) err(r.line, `every "expect" row names the same columns (the first names ${columns || 'none'}; this one ${these || 'none'})`);
    }
    const ordered = field('ordered');
    if (ordered && (ordered.kind !== 'scalar' || typeof ordered.value !== 'boolean')) err(ordered.line, '"ordered" is true or false');
    if (expect) cases.push({ name: name.value, line: name.line, given, expect, ordered: ordered?.kind === 'scalar' && ordered.value === true });
  }
  return errors.length > before ? undefined : { path, model, cases };
}

function rowList(node: Located, what: string, err: (line: number, message: string) => void): CaseRow[] | undefined {
  if (node.kind !== 'array') {
    err(node.line, `${what} are a list of objects: [{"column": value, …}]`);
    return undefined;
  }
  const rows: CaseRow[] = [];
  for (const r of node.items) {
    if (r.kind !== 'object') {
      err(r.line, `${what}: each row is an object {"column": value, …}`);
      continue;
    }
    const values: Record<string, CaseCell> = {};
    for (const e of r.entries) {
      if (e.value.kind !== 'scalar') {
        err(e.line, `${what}: column "${e.key}" holds a ${e.value.kind}; values are strings, numbers, true/false or null`);
        continue;
      }
      const v = e.value.value;
      values[e.key] = v === null ? null : typeof v === 'number' ? (e.value.raw ?? String(v)) : String(v);
    }
    rows.push({ line: r.line, values });
  }
  return rows;
}
