import { parseModel, type ModelFile } from '../../../src/compiler/parse-model.js';
import type { ModelError } from '../../../src/compiler/model-error.js';
import type { ProjectConfig } from '../../../src/config/define-config.js';
import { rewriteTrinoStatement } from '../../../src/dialects/duckdb/trino-statement-rewrite.js';
import { duckdbRenderer } from '../../../src/dialects/duckdb/duckdb-renderer.js';
import { MODEL_HELPERS } from '../../../src/dialects/model-helpers.js';
import type { DataTest, Manifest, ModelEntry } from '../../../src/manifest/manifest.js';

/**
 * One of our models as a peer tool (dbt, SQLMesh) builds it: the DuckDB query our local engine
 * runs for it, with each model it reads left to the tool's own reference syntax. The peers thus run
 * the same SQL on the same DuckDB; what differs is the orchestration and the materialization.
 */
export interface PeerModel {
  readonly name: string;
  /** Our model file it comes from. */
  readonly path: string;
  /** Sources and views are views; tables and marts are tables (our tables are Parquet in the lake, theirs DuckDB tables). */
  readonly materialized: 'view' | 'table';
  readonly description: string;
  readonly dependsOn: readonly string[];
  readonly tests: readonly DataTest[];
  /** The query, each model it reads written by `ref(name)`. */
  sql(ref: (name: string) => string): string;
}

/** Stands for a reference in a rendered body until the tool's syntax is known (handlebars escapes neither byte). */
const REF_OPEN = '\u0001';
const REF_CLOSE = '\u0002';
const REF_PATTERN = /\u0001([^\u0002]+)\u0002/g;

/**
 * Translates the compiled project for the peers. `lakeDir` is where the raw JSON sources are read
 * (an absolute path, inlined where our engine uses its `lake_dir` variable).
 */
export function peerModels(files: readonly ModelFile[], manifest: Manifest, config: ProjectConfig, lakeDir: string): PeerModel[] {
  const renderer = duckdbRenderer(config, { format: false });
  const byPath = new Map(files.map((f) => [f.path, f]));
  const lake = `'${lakeDir.replace(/'/g, "''")}'`;
  const inlineLake = (sql: string) => sql.replace(/getvariable\s*\(\s*'lake_dir'\s*\)/g, lake);
  return manifest.models.map((m): PeerModel => {
    const base = { name: m.name, path: m.path, description: m.description, dependsOn: m.dependsOn, tests: m.tests };
    switch (m.kind) {
      case 'source': {
        const view = renderer.render({ kind: 'create_source_table', object: m.name, source: m })!;
        const query = inlineLake(view.replace(/^CREATE OR REPLACE VIEW \S+ AS\s*/, ''));
        return { ...base, materialized: 'view', sql: () => query };
      }
      case 'table': {
        const source = sourceOf(manifest, m.mapping.source);
        const select = inlineLake(rewriteTrinoStatement(renderer.transformSelect(m, source)));
        const from = `FROM ${renderer.qualify(source.name)} AS ${m.mapping.sourceAlias}`;
        if (!select.includes(from)) throw new Error(`${m.path}: the rendered mapping does not read "${from}"; the peer translation cannot place the source`);
        return { ...base, materialized: 'table', sql: (ref) => select.replace(from, `FROM ${ref(source.name)} AS ${m.mapping.sourceAlias}`) };
      }
      case 'view':
      case 'mart': {
        const body = bodyWithRefs(byPath.get(m.path), m);
        return { ...base, materialized: m.kind === 'view' ? 'view' : 'table', sql: (ref) => body.replace(REF_PATTERN, (_, name: string) => ref(name)) };
      }
    }
  });
}

function sourceOf(manifest: Manifest, name: string): Extract<ModelEntry, { kind: 'source' }> {
  // The mapping names the source as written in the model, `pos.skus`.
  const s = manifest.models.find((x) => x.kind === 'source' && `${x.sourceName}.${x.sourceTable}` === name) ?? manifest.models.find((x) => x.name === name);
  if (s?.kind !== 'source') throw new Error(`source "${name}" is not in the manifest`);
  return s;
}

/** The model's DuckDB body as our compiler renders it, references marked; then the local engine's statement rewrite. */
function bodyWithRefs(file: ModelFile | undefined, m: ModelEntry): string {
  if (!file) throw new Error(`${m.path}: the model file was not given to the peer translation`);
  const errors: ModelError[] = [];
  const parsed = parseModel(file, errors);
  if (!parsed) throw new Error(`${m.path}: ${errors.map((e) => `${e.line}: ${e.message}`).join('; ')}`);
  const macros = Object.fromEntries(
    Object.entries(MODEL_HELPERS).map(([name, h]) => [name, (...args: unknown[]) => h.render.duckdb(...args.slice(0, h.params.length).map(String))]),
  );
  const text = parsed.template(
    {},
    { helpers: { config: () => '', test: () => '', source: () => '', ref: (name: string) => `${REF_OPEN}${name}${REF_CLOSE}`, ...macros } },
  );
  return rewriteTrinoStatement(text.replace(/^\s*\n/gm, '').trim());
}
