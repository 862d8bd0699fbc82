import type { ProjectConfig } from '../config/define-config.js';
import { planStatements, type Statement } from '../compiler/statement.js';
import { AthenaRenderer } from '../dialects/athena-renderer.js';
import { HIDDEN_COLUMNS, hiddenLocation } from '../compiler/table-objects.js';
import type { CatalogObject } from '../engines/engine.js';
import type { Manifest } from '../manifest/manifest.js';
import { createHash } from 'node:crypto';

/** Table property holding a hash of a mart's query, so migrate can tell when its definition changed. */
export const MART_HASH_PROPERTY = 'model.sql_sha256';

export type ObjectKind = 'source' | 'table' | 'view' | 'mart';

/** What the manifest says should exist: the catalog object plus the statement that creates it. */
export interface DesiredObject {
  readonly name: string;
  readonly kind: ObjectKind;
  readonly object: CatalogObject;
  readonly create: Statement;
}

/** The declared catalog, in dependency order, in the neutral terms the planner compares. */
export function desiredObjects(manifest: Manifest, config: ProjectConfig): DesiredObject[] {
  const athena = new AthenaRenderer(config);
  const out: DesiredObject[] = [];
  for (const s of planStatements(manifest)) {
    switch (s.kind) {
      case 'create_source_table':
        out.push({
          name: s.object,
          kind: 'source',
          create: s,
          object: { kind: 'table', name: s.object, columns: s.source.columns, partitionKeys: [], location: s.source.location, properties: { classification: 'json' } },
        });
        break;
      case 'create_table':
        out.push({
          name: s.object,
          kind: 'table',
          create: s,
          object: {
            kind: 'table',
            name: s.object,
            columns: s.table.columns,
            partitionKeys: s.table.partitionedBy,
            location: s.table.location,
            properties: athena.tableProperties(s.table),
          },
        });
        break;
      case 'create_hidden_list':
        out.push({
          name: s.object,
          kind: 'table',
          create: s,
          object: { kind: 'table', name: s.object, columns: HIDDEN_COLUMNS, partitionKeys: s.table.partitionedBy, location: hiddenLocation(s.table, config.lake.prefixes.tables), properties: {} },
        });
        break;
      case 'create_table_view':
        out.push({ name: s.object, kind: 'view', create: s, object: { kind: 'view', name: s.object, sql: viewBody(athena.render(s)!) } });
        break;
      case 'create_view':
        out.push({ name: s.object, kind: 'view', create: s, object: { kind: 'view', name: s.object, sql: s.view.sql.trino } });
        break;
      case 'create_table_as':
        out.push({
          name: s.object,
          kind: 'mart',
          create: s,
          object: {
            kind: 'table',
            name: s.object,
            // A mart's columns are only known to the engine; the planner compares its query hash instead.
            columns: [],
            partitionKeys: [],
            location: s.ctas.location,
            properties: { [MART_HASH_PROPERTY]: sha256(s.ctas.sql.trino) },
          },
        });
        break;
      case 'transform':
      case 'refresh_partitions':
      case 'data_test':
        break;
    }
  }
  return out;
}

/** The query of a rendered CREATE VIEW, as the catalog stores it. */
function viewBody(createView: string): string {
  return createView.replace(/^CREATE OR REPLACE VIEW \S+ AS\s*/, '');
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
