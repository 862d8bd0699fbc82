import type { ProjectConfig } from '../config/define-config.js';
import { renderersFor } from '../compiler/render-artifacts.js';
import { planStatements, type ModelStatement } from '../compiler/statement.js';
import type { SqlRenderer } from '../dialects/sql-renderer.js';
import { trinoRenderer } from '../dialects/trino/trino-renderer.js';
import { TRINO_TYPES } from '../dialects/trino/trino-types.js';
import { renderType } from '../dialects/type-table.js';
import { formatMinutes } from '../freshness/check-freshness.js';
import type { SqlType } from '../compiler/sql-type.js';
import type { Column, Manifest, MappingExpr, ModelEntry, TableEntry } from '../manifest/manifest.js';

export type DocsKind = 'source' | 'table' | 'view' | 'mart';

export interface DocsModel {
  readonly name: string;
  readonly kind: DocsKind;
  readonly path: string;
  readonly description: string;
  readonly columns: readonly { readonly name: string; readonly type: string; readonly partition: boolean }[];
  /** `not_null(store_id)`, `relationship(store_id → supermarkets.store_id)`… */
  readonly tests: readonly string[];
  readonly tags: readonly string[];
  readonly dependsOn: readonly string[];
  readonly dependents: readonly string[];
  /** Every statement of the model as each dialect's renderer writes it (the `sql/` goldens, and Trino's). */
  readonly sql: Readonly<Record<string, string>>;
  /** `transaction_datetime per store_id: warn after 30m, error after 2h`. */
  readonly freshness?: string;
}

/** A column of a table and the source field it is cast from, read off the table's declared mapping. */
export interface ColumnEdge {
  readonly fromModel: string;
  readonly fromColumn: string;
  readonly toModel: string;
  readonly toColumn: string;
}

export interface DocsData {
  readonly project: string;
  readonly database: string;
  readonly models: readonly DocsModel[];
  readonly columnLineage: readonly ColumnEdge[];
}

/**
 * What the docs site shows, from the compiled manifest and the project's own renderers (the same
 * ones that write `sql/`), so the site never shows SQL the engines would not run. Pure.
 */
export function docsData(manifest: Manifest, config: ProjectConfig, outputColumns: ReadonlyMap<string, readonly Column[]> = new Map()): DocsData {
  const renderers: SqlRenderer[] = [...renderersFor(config), trinoRenderer(config)];
  const statements = planStatements(manifest).filter((s) => s.kind !== 'data_test');
  const owner = (s: ModelStatement) => manifest.models.find((m) => m.name === s.object || s.object.startsWith(`${m.name}__`))?.name;
  const models = manifest.models.map((m): DocsModel => {
    const sql: Record<string, string> = {};
    for (const r of renderers) {
      const texts = statements.filter((s) => owner(s) === m.name).flatMap((s) => r.render(s) ?? []);
      if (texts.length > 0) sql[r.dialect] = texts.map((t) => `${t.trimEnd()};`).join('\n\n');
    }
    const freshness = m.kind === 'source' || m.kind === 'table' ? m.freshness : undefined;
    return {
      name: m.name,
      kind: m.kind === 'mart' ? 'mart' : m.kind,
      path: m.path,
      description: m.description,
      columns: columnsOf(m, outputColumns.get(m.name)).map((c) => ({ name: c.name, type: renderType(c.type, TRINO_TYPES), partition: c.partition })),
      tests: m.tests.map((t) =>
        t.kind === 'relationship'
          ? `relationship(${t.column} → ${t.toModel}.${t.toColumn})`
          : t.kind === 'accepted_range'
            ? `accepted_range(${t.column}${t.min !== undefined ? `, min ${t.min}` : ''}${t.max !== undefined ? `, max ${t.max}` : ''})`
            : `${t.kind}(${t.column})`,
      ),
      // Tags arrive with graph selection (`{{config tags=…}}`); shown whenever the manifest has them.
      tags: (m as { tags?: readonly string[] }).tags ?? [],
      dependsOn: m.dependsOn,
      dependents: manifest.models.filter((x) => x.dependsOn.includes(m.name)).map((x) => x.name),
      sql,
      ...(freshness
        ? {
            freshness: `${freshness.column}${freshness.groupBy ? ` per ${freshness.groupBy}` : ''}: ${[
              freshness.warnAfterMinutes !== undefined ? `warn after ${formatMinutes(freshness.warnAfterMinutes)}` : '',
              freshness.errorAfterMinutes !== undefined ? `error after ${formatMinutes(freshness.errorAfterMinutes)}` : '',
            ]
              .filter(Boolean)
              .join(', ')}`,
          }
        : {}),
    };
  });
  const columnLineage = manifest.models.flatMap((m) => (m.kind === 'table' ? tableColumnLineage(m, manifest) : []));
  return { project: manifest.project, database: manifest.database, models, columnLineage };
}

/** Views and marts: the columns an engine described (src/docs-site/infer-model-columns.ts). */
function columnsOf(m: ModelEntry, described: readonly Column[] = []): { name: string; type: SqlType; partition: boolean }[] {
  switch (m.kind) {
    case 'source':
      return m.columns.map((c) => ({ ...c, partition: false }));
    case 'table':
      return [...m.columns.map((c) => ({ ...c, partition: false })), ...m.partitionedBy.map((c) => ({ ...c, partition: true }))];
    case 'view':
    case 'mart':
      return described.map((c) => ({ ...c, partition: m.kind === 'mart' && m.partitionedBy.includes(c.name) }));
  }
}

/**
 * Each table column comes from one source field (the mapping is casts over fields): the source row's
 * fields by name, an unnested struct's fields as `<array>.<field>` of the source.
 */
function tableColumnLineage(t: TableEntry, manifest: Manifest): ColumnEdge[] {
  const source = manifest.models.find((m) => m.kind === 'source' && `${m.sourceName}.${m.sourceTable}` === t.mapping.source);
  if (!source) return [];
  const field = (e: MappingExpr): { alias: string; field: string } => (e.kind === 'field' ? e : field(e.expr));
  return t.mapping.columns.flatMap((c) => {
    const f = field(c.expr);
    const u = t.mapping.unnest;
    if (f.alias === t.mapping.sourceAlias) return [{ fromModel: source.name, fromColumn: f.field, toModel: t.name, toColumn: c.name }];
    if (u && f.alias === u.alias) {
      const i = u.columns.indexOf(f.field);
      return i < 0 ? [] : [{ fromModel: source.name, fromColumn: `${u.field}.${u.structFields[i]}`, toModel: t.name, toColumn: c.name }];
    }
    return [];
  });
}
