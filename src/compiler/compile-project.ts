import type { ProjectConfig } from '../config/define-config.js';
import { isAthenaReserved } from '../dialects/athena/reserved-words.js';
import { MANIFEST_VERSION, type DataTest, type Manifest, type ModelEntry } from '../manifest/manifest.js';
import { buildEntry, IDENTIFIER, type Named } from './build-entry.js';
import { sortByDependencies } from './dependency-graph.js';
import type { ModelError } from './model-error.js';
import { parseModel, type ModelFile } from './parse-model.js';
import { parseSourceDdl } from './parse-source-ddl.js';
import { renderForParse } from './render-model-body.js';
import { SqlSyntaxError } from './sql-tokenizer.js';
import { suggest } from './suggest-name.js';

export interface CompileResult {
  /** Present when there are no errors. */
  readonly manifest?: Manifest;
  readonly errors: readonly ModelError[];
}

/**
 * Compiles model files into the manifest. Pure and deterministic: no I/O, no clock; every user
 * error is collected with its file and line, and compilation goes on to find the rest.
 */
export function compileProject(files: readonly ModelFile[], config: ProjectConfig): CompileResult {
  const errors: ModelError[] = [];
  const err = (path: string, line: number, message: string) => errors.push({ path, line, message });
  const sorted = [...files].sort((a, b) => a.path.localeCompare(b.path));

  // Pass 1: parse each template; name each model.
  const named: Named[] = [];
  for (const file of sorted) {
    const parsed = parseModel(file, errors);
    if (!parsed) continue;
    if (parsed.config.materialized === 'source') {
      if (parsed.refs.length > 0 || parsed.sources.length > 0) {
        err(file.path, (parsed.refs[0] ?? parsed.sources[0])!.line, 'a source declares raw input; it cannot use {{ref}} or {{source}}');
        continue;
      }
      try {
        const ddl = parseSourceDdl(renderForParse(parsed), 1);
        named.push({ parsed, name: `${ddl.sourceName}_${ddl.sourceTable}`, nameLine: ddl.line, source: ddl });
      } catch (e) {
        if (e instanceof SqlSyntaxError) err(file.path, e.line, e.message);
        else throw e;
      }
    } else {
      named.push({ parsed, name: parsed.fileName, nameLine: 1 });
    }
  }

  // Names: valid identifiers, not reserved, unique.
  const byName = new Map<string, Named>();
  for (const n of named) {
    if (!IDENTIFIER.test(n.name)) {
      err(
        n.parsed.path,
        n.nameLine,
        `invalid identifier "${n.name}": Athena names use lowercase letters, digits and underscores, and start with a letter or underscore`,
      );
      continue;
    }
    if (n.name.includes('__')) {
      err(n.parsed.path, n.nameLine, `"${n.name}": a double underscore is reserved for the objects the compiler derives (e.g. transactions__files)`);
      continue;
    }
    if (isAthenaReserved(n.name)) {
      err(n.parsed.path, n.nameLine, `"${n.name}" is a reserved word in Athena; choose another model name`);
      continue;
    }
    const prev = byName.get(n.name);
    if (prev) {
      err(n.parsed.path, n.nameLine, `duplicate model name "${n.name}" (also defined in ${prev.parsed.path})`);
      continue;
    }
    byName.set(n.name, n);
  }

  // Dependencies: refs and sources must exist; no cycles.
  const depsOf = new Map<string, string[]>();
  for (const n of byName.values()) {
    const deps: string[] = [];
    for (const r of n.parsed.refs) {
      const target = byName.get(r.name);
      if (!target) err(n.parsed.path, r.line, `unknown ref "${r.name}"${suggest(r.name, [...byName.keys()])}`);
      else if (target.parsed.config.materialized === 'source')
        err(n.parsed.path, r.line, `"${r.name}" is a source: read it with {{source "${target.source!.sourceName}" "${target.source!.sourceTable}"}}`);
      else deps.push(r.name);
    }
    for (const s of n.parsed.sources) {
      const name = `${s.source}_${s.table}`;
      const target = byName.get(name);
      if (!target || target.parsed.config.materialized !== 'source') {
        const known = [...byName.values()].filter((x) => x.source).map((x) => `${x.source!.sourceName}.${x.source!.sourceTable}`);
        err(n.parsed.path, s.line, `unknown source "${s.source}.${s.table}" (declared: ${known.join(', ') || 'none'})`);
      } else deps.push(name);
    }
    depsOf.set(n.name, [...new Set(deps)]);
  }
  const graph = sortByDependencies([...depsOf].map(([name, deps]) => ({ name, deps })));
  for (const cycle of graph.cycles) {
    const first = byName.get(cycle[0]!)!;
    const ref = first.parsed.refs.find((r) => r.name === cycle[1]);
    err(first.parsed.path, ref?.line ?? 1, `dependency cycle: ${cycle.join(' > ')}`);
  }

  // Pass 2: build entries in dependency order.
  const entries = new Map<string, ModelEntry>();
  for (const name of graph.order) {
    const n = byName.get(name)!;
    const entry = buildEntry(n, depsOf.get(name)!, entries, config, err);
    if (entry) entries.set(name, entry);
  }

  // Tests are checked once every model is known (a relationship may point anywhere).
  for (const entry of entries.values()) {
    const n = byName.get(entry.name)!;
    for (const t of n.parsed.tests) checkTest(entry, t.test, t.line, entries, err);
  }

  if (errors.length > 0) return { errors: sortErrors(errors) };
  return {
    errors: [],
    manifest: {
      manifestVersion: MANIFEST_VERSION,
      project: config.project,
      database: config.athena.database,
      prefixes: config.lake.prefixes,
      datetimeWindow: { notBefore: config.projection.dtRangeStart, maxFutureSkewMinutes: config.ingest.maxFutureSkewMinutes },
      models: graph.order.map((n) => entries.get(n)!),
    },
  };
}
function checkTest(
  entry: ModelEntry,
  test: DataTest,
  line: number,
  entries: ReadonlyMap<string, ModelEntry>,
  err: (path: string, line: number, message: string) => void,
): void {
  const cols = knownColumns(entry);
  if (cols && !cols.includes(test.column)) {
    err(entry.path, line, `test "${test.kind}": ${entry.name} has no column "${test.column}" (columns: ${cols.join(', ')})`);
  }
  if (test.kind === 'relationship') {
    const target = entries.get(test.toModel);
    if (!target) {
      err(entry.path, line, `test "relationship": unknown model "${test.toModel}"`);
      return;
    }
    const targetCols = knownColumns(target);
    if (targetCols && !targetCols.includes(test.toColumn)) {
      err(entry.path, line, `test "relationship": ${test.toModel} has no column "${test.toColumn}"`);
    }
  }
}

/** Columns known at compile time (views' columns are only known to an engine). */
function knownColumns(entry: ModelEntry): string[] | undefined {
  switch (entry.kind) {
    case 'source':
      return entry.columns.map((c) => c.name);
    case 'table':
      return [...entry.columns, ...entry.partitionedBy].map((c) => c.name);
    case 'view':
    case 'mart':
      return undefined;
  }
}
function sortErrors(errors: ModelError[]): ModelError[] {
  return [...errors].sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line || a.message.localeCompare(b.message));
}
