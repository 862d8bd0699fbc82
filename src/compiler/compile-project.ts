import type { ProjectConfig } from '../config/define-config.js';
import { isAthenaReserved } from '../dialects/athena/reserved-words.js';
import type { QueryDialect } from '../dialects/dialects.js';
import { MODEL_HELPERS } from '../dialects/model-helpers.js';
import {
  MANIFEST_VERSION,
  type Column,
  type MartEntry,
  type DataTest,
  type Manifest,
  type ModelEntry,
  type SourceEntry,
  type TableEntry,
  type ViewEntry,
} from '../manifest/manifest.js';
import { sortByDependencies } from './dependency-graph.js';
import type { ModelError } from './model-error.js';
import { parseModel, type ModelFile, type ParsedModel } from './parse-model.js';
import { parseSourceDdl } from './parse-source-ddl.js';
import { parseTableMapping, SOURCE_PLACEHOLDER } from './parse-table-mapping.js';
import { SqlSyntaxError } from './sql-tokenizer.js';

export interface CompileResult {
  /** Present when there are no errors. */
  readonly manifest?: Manifest;
  readonly errors: readonly ModelError[];
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

interface Named {
  readonly parsed: ParsedModel;
  readonly name: string;
  readonly nameLine: number;
  /** Sources only: the parsed DDL. */
  readonly source?: ReturnType<typeof parseSourceDdl>;
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
      err(n.parsed.path, n.nameLine, `invalid identifier "${n.name}": Athena names use lowercase letters, digits and underscores, and start with a letter or underscore`);
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
      else if (target.parsed.config.materialized === 'source') err(n.parsed.path, r.line, `"${r.name}" is a source: read it with {{source "${target.source!.sourceName}" "${target.source!.sourceTable}"}}`);
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

function buildEntry(
  n: Named,
  deps: readonly string[],
  built: ReadonlyMap<string, ModelEntry>,
  config: ProjectConfig,
  err: (path: string, line: number, message: string) => void,
): ModelEntry | undefined {
  const { parsed } = n;
  const description = parsed.config.description;
  const tests: DataTest[] = parsed.tests.map((t) => t.test);
  const base = { name: n.name, path: parsed.path, description, dependsOn: deps, tests };
  const c = parsed.config;
  switch (c.materialized) {
    case 'source':
      return {
        ...base,
        kind: 'source',
        sourceName: n.source!.sourceName,
        sourceTable: n.source!.sourceTable,
        format: 'jsonl',
        location: c.location,
        columns: n.source!.columns,
      } satisfies SourceEntry;
    case 'table': {
      if (parsed.sources.length !== 1 || parsed.refs.length > 0) {
        err(parsed.path, parsed.configLine, 'a table model reads exactly one {{source}} and no {{ref}}');
        return undefined;
      }
      const source = built.get(deps[0]!);
      if (!source || source.kind !== 'source') return undefined;
      let parsedMapping;
      try {
        parsedMapping = parseTableMapping(renderForParse(parsed), 1, { name: `${source.sourceName}.${source.sourceTable}`, columns: source.columns });
      } catch (e) {
        if (e instanceof SqlSyntaxError) {
          err(parsed.path, e.line, e.message);
          return undefined;
        }
        throw e;
      }
      const { columnLines, ...mapping } = parsedMapping;
      const all: Column[] = mapping.columns.map((c) => ({ name: c.name, type: c.type }));
      for (const [i, c] of all.entries()) {
        const line = columnLines[i] ?? parsed.configLine;
        if (!IDENTIFIER.test(c.name)) err(parsed.path, line, `invalid identifier "${c.name}": use lowercase letters, digits and underscores`);
        else if (isAthenaReserved(c.name)) err(parsed.path, line, `column "${c.name}" is a reserved word in Athena; rename it`);
      }
      const partitionName = c.partitioned_by;
      let partitionedBy: Column[] = [];
      if (partitionName !== undefined) {
        const idx = all.findIndex((c) => c.name === partitionName);
        if (idx < 0) {
          err(parsed.path, parsed.configLine, `partitioned_by="${partitionName}" is not a column of the SELECT`);
          return undefined;
        }
        if (idx !== all.length - 1) {
          err(parsed.path, columnLines[idx] ?? parsed.configLine, `partition column "${partitionName}" must be the last column of the SELECT (Athena writes partition columns last)`);
          return undefined;
        }
        if (all[idx]!.type.kind !== 'varchar') {
          err(parsed.path, columnLines[idx] ?? parsed.configLine, `partition column "${partitionName}" must be varchar (yyyy-MM-dd), it is ${all[idx]!.type.kind}`);
          return undefined;
        }
        partitionedBy = [all[idx]!];
      }
      const columns = all.filter((c) => !partitionedBy.includes(c));
      return {
        ...base,
        kind: 'table',
        location: `${config.lake.prefixes.tables}${n.name}/`,
        format: 'parquet',
        compression: c.compression,
        columns,
        partitionedBy,
        ...(partitionName
          ? {
              projection: {
                column: partitionName,
                type: 'date',
                format: 'yyyy-MM-dd',
                rangeStart: config.projection.dtRangeStart,
                rangeEnd: 'NOW',
                interval: 1,
                unit: 'DAYS',
              } as const,
            }
          : {}),
        mapping,
      } satisfies TableEntry;
    }
    case 'view':
    case 'mart': {
      if (parsed.sources.length > 0) {
        err(parsed.path, parsed.sources[0]!.line, `a ${c.materialized} reads models with {{ref}}, not {{source}}`);
        return undefined;
      }
      const sql = {
        trino: renderBody(parsed, 'trino', (r) => `"${config.athena.database}"."${r}"`),
        duckdb: renderBody(parsed, 'duckdb', (r) => r),
      };
      if (c.materialized === 'view') return { ...base, kind: 'view', sql } satisfies ViewEntry;
      const partition = c.partitioned_by;
      return {
        ...base,
        kind: 'mart',
        location: `${config.lake.prefixes.tables}${n.name}/`,
        format: 'parquet',
        compression: c.compression,
        partitionedBy: [partition],
        incrementalKey: c.incremental_key ?? partition,
        sql,
      } satisfies MartEntry;
    }
  }
}

/** Renders for the structural parsers: config/test vanish (their lines stay), the source becomes a marker. */
function renderForParse(parsed: ParsedModel): string {
  return parsed.template(
    {},
    {
      helpers: {
        config: () => '',
        test: () => '',
        source: () => SOURCE_PLACEHOLDER,
        ref: (name: string) => name,
        ...modelHelpers('trino'),
      },
    },
  );
}

/** A view or CTAS body for one dialect, with refs resolved; the config and test lines are dropped. */
function renderBody(parsed: ParsedModel, dialect: QueryDialect, ref: (name: string) => string): string {
  const text = parsed.template({}, { helpers: { config: () => '', test: () => '', ref, source: () => '', ...modelHelpers(dialect) } });
  return text.replace(/^\s*\n/gm, '').trim();
}

function modelHelpers(dialect: QueryDialect): Record<string, (...args: unknown[]) => string> {
  return Object.fromEntries(
    Object.entries(MODEL_HELPERS).map(([name, h]) => [name, (...args: unknown[]) => h.render[dialect](...args.slice(0, h.params.length).map(String))]),
  );
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

function suggest(name: string, known: readonly string[]): string {
  const close = known.filter((k) => levenshtein(k, name) <= 2);
  return close.length > 0 ? ` (did you mean ${close.map((c) => `"${c}"`).join(' or ')}?)` : '';
}

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length]!;
}

function sortErrors(errors: ModelError[]): ModelError[] {
  return [...errors].sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line || a.message.localeCompare(b.message));
}
