import { DuckDBInstance } from '@duckdb/node-api';
import { parseSqlType, TypeParseError, type SqlType } from '../../compiler/sql-type.js';
import type { ProjectConfig } from '../../config/define-config.js';
import { trinoCompatMacroSql } from '../../dialects/duckdb/trino-compat-macros.js';
import type { Column, Manifest, ModelEntry } from '../../manifest/manifest.js';
import { desiredObjects } from '../../migrate/desired-objects.js';
import { localCatalogEntry } from '../../migrate/local-catalog-entries.js';
import { duckdbRenderer } from '../../dialects/duckdb/duckdb-renderer.js';
import { DUCKDB_TYPE_ALIASES, DUCKDB_TYPES } from '../../dialects/duckdb/duckdb-types.js';

/** An object DuckDB could not create, or a view it could not describe: names the model and its file. */
export class ViewColumnsError extends Error {
  constructor(
    readonly model: string,
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${model}: cannot infer the view columns (${reason})`);
    this.name = 'ViewColumnsError';
  }
}

/**
 * The manifest with `columns` on every view, which consumers that must declare columns up front
 * (QuickSight datasets) need and the compiler cannot know: a view's column types follow from its
 * query. Inferred by the build step rather than `compileProject`, which stays pure: every declared
 * object is created in an in-memory DuckDB exactly as the local target creates it, except that the
 * objects over files are their typed empty stand-ins (the local engine's `emptySql`), so no lake is
 * read; then each view is described. DuckDB types are mapped to the Athena type each stands for
 * (DuckDB sums integers into HUGEINT where Trino gives bigint, and so on).
 */
export async function inferViewColumns(manifest: Manifest, config: ProjectConfig): Promise<Manifest> {
  const views = manifest.models.filter((m) => m.kind === 'view');
  if (views.length === 0) return manifest;
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  const r = duckdbRenderer(config, { format: false });
  try {
    for (const sql of trinoCompatMacroSql()) await c.run(sql);
    // Never read: every object over files is replaced by its empty stand-in below.
    await c.run(r.sql({ kind: 'set_variable', name: 'lake_dir', value: '/nonexistent-lake' }));
    const pathOf = (object: string): string => manifest.models.find((m) => m.name === object || object.startsWith(`${m.name}__`))?.path ?? object;
    for (const d of desiredObjects(manifest, config)) {
      const entry = localCatalogEntry(d, config);
      try {
        await c.run(entry.files ? r.sql({ kind: 'create_stand_in', object: d.name, query: entry.files.emptySql }) : entry.createSql);
      } catch (e) {
        throw new ViewColumnsError(d.name, pathOf(d.name), `DuckDB cannot create it: ${(e as Error).message.split('\n')[0]}`);
      }
    }
    const columns = new Map<string, Column[]>();
    for (const v of views) {
      const reader = await c.runAndReadAll(r.sql({ kind: 'describe_object', object: v.name }));
      const rows = reader.getRowObjectsJson() as { column_name: string; column_type: string }[];
      columns.set(
        v.name,
        rows.map((r) => {
          try {
            return { name: r.column_name, type: athenaTypeOfDuckdb(r.column_type) };
          } catch (e) {
            throw new ViewColumnsError(v.name, v.path, `column ${r.column_name}: ${(e as Error).message}`);
          }
        }),
      );
    }
    const models: ModelEntry[] = manifest.models.map((m) => (m.kind === 'view' ? { ...m, columns: columns.get(m.name)! } : m));
    return { ...manifest, models };
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

/**
 * DuckDB names as the type they stand for: the unsigned and wider integers and timestamp precisions
 * first, then each scalar of the DuckDB type table (`BLOB` is `varbinary`, `FLOAT` is `real`).
 */
const DUCKDB_NAMES: readonly (readonly [RegExp, string])[] = [
  ...DUCKDB_TYPE_ALIASES,
  ...Object.entries(DUCKDB_TYPES.scalars).map(([kind, name]) => [new RegExp(`\\b${name}\\b`, 'gi'), kind] as const),
];

/** A DuckDB type as DESCRIBE prints it (`DECIMAL(38,2)`, `INTEGER[]`, `STRUCT(a VARCHAR)`), as the neutral SqlType. */
export function athenaTypeOfDuckdb(text: string): SqlType {
  const list = /^(.*)\[\d*\]$/.exec(text.trim());
  if (list) return { kind: 'array', element: athenaTypeOfDuckdb(list[1]!) };
  let t = text.trim();
  for (const [pattern, name] of DUCKDB_NAMES) t = t.replace(pattern, name);
  try {
    return parseSqlType(t);
  } catch (e) {
    if (e instanceof TypeParseError) throw new TypeParseError(`DuckDB type ${text} has no Athena counterpart (${e.message})`);
    throw e;
  }
}
