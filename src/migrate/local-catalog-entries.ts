import type { ProjectConfig } from '../config/define-config.js';
import { emptySelect } from '../dialects/duckdb/duckdb-columns.js';
import { duckdbRenderer, emptyMartSelect } from '../dialects/duckdb/duckdb-renderer.js';
import type { LocalCatalogEntry } from '../engines/local/local-catalog.js';
import { HIDDEN_COLUMNS, hiddenLocation, usesVisibilityScheme } from '../compiler/table-objects.js';
import { assertUnreachable } from '../util/assert-unreachable.js';
import type { DesiredObject } from './desired-objects.js';

/**
 * The local target's version of a declared object: its DuckDB view and, for objects over files,
 * the folder to watch and the empty stand-in used until the first file lands. On DuckDB every
 * alteration (new column, new properties) is a replaced view: `union_by_name` reads old files
 * with NULL for the new column, as Athena does for Parquet.
 */
export function localCatalogEntry(d: DesiredObject, config: ProjectConfig): LocalCatalogEntry {
  const r = duckdbRenderer(config);
  const s = d.create;
  switch (s.kind) {
    case 'create_source_table':
      return { object: d.object, createSql: r.render(s)!, files: { dir: s.source.location, extension: '.jsonl', emptySql: emptySelect(s.source.columns) } };
    case 'create_table':
      return {
        object: d.object,
        createSql: r.render(s)!,
        files: {
          dir: s.table.location,
          extension: '.parquet',
          emptySql: emptySelect([
            ...s.table.columns,
            ...s.table.partitionedBy,
            ...(usesVisibilityScheme(s.table) ? [{ name: 'file', type: { kind: 'varchar' } } as const] : []),
          ]),
        },
      };
    case 'create_hidden_list':
      return {
        object: d.object,
        createSql: r.render(s)!,
        files: {
          dir: hiddenLocation(s.table, config.lake.prefixes.tables),
          extension: '.jsonl',
          emptySql: emptySelect([...HIDDEN_COLUMNS, ...s.table.partitionedBy]),
        },
      };
    case 'create_view':
    case 'create_table_view':
      return { object: d.object, createSql: r.render(s)! };
    case 'create_mart':
      return { object: d.object, createSql: r.render(s)!, files: { dir: s.mart.location, extension: '.parquet', emptySql: emptyMartSelect(s.mart) } };
    case 'transform':
    case 'refresh_partitions':
    case 'data_test':
      throw new Error(`${s.kind} is not a catalog object`);
    default:
      return assertUnreachable(s);
  }
}
