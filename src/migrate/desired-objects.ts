import type { ProjectConfig } from '../config/define-config.js';
import { planStatements, type ModelStatement } from '../compiler/statement.js';
import { athenaRenderer } from '../dialects/athena/athena-renderer.js';
import { MART_HASH_PROPERTY, SOURCE_TABLE_PROPERTIES, sqlHash } from '../dialects/athena/catalog-properties.js';
import { HIDDEN_COLUMNS, hiddenLocation } from '../compiler/table-objects.js';
import type { CatalogObject } from '../engines/engine.js';
import type { Manifest } from '../manifest/manifest.js';

export type ObjectKind = 'source' | 'table' | 'view' | 'mart';

/** What the manifest says should exist: the catalog object plus the statement that creates it. */
export interface DesiredObject {
  readonly name: string;
  readonly kind: ObjectKind;
  readonly object: CatalogObject;
  readonly create: ModelStatement;
}

/** The declared catalog, in dependency order, in the neutral terms the planner compares. */
export function desiredObjects(manifest: Manifest, config: ProjectConfig): DesiredObject[] {
  const athena = athenaRenderer(config);
  const out: DesiredObject[] = [];
  for (const s of planStatements(manifest)) {
    switch (s.kind) {
      case 'create_source_table':
        out.push({
          name: s.object,
          kind: 'source',
          create: s,
          object: {
            kind: 'table',
            name: s.object,
            columns: s.source.columns,
            partitionKeys: [],
            location: s.source.location,
            properties: SOURCE_TABLE_PROPERTIES,
          },
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
          object: {
            kind: 'table',
            name: s.object,
            columns: HIDDEN_COLUMNS,
            partitionKeys: s.table.partitionedBy,
            location: hiddenLocation(s.table, config.lake.prefixes.tables),
            properties: {},
          },
        });
        break;
      case 'create_table_view':
      case 'create_view': {
        const query = athena.viewQuery(s);
        out.push({ name: s.object, kind: 'view', create: s, object: { kind: 'view', name: s.object, sql: query, sqlHash: sqlHash(query) } });
        break;
      }
      case 'create_mart':
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
            location: s.mart.location,
            properties: { [MART_HASH_PROPERTY]: sqlHash(s.mart.sql.trino) },
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
