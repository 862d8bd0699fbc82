import type { Column, MartEntry, DataTest, Manifest, SourceEntry, TableEntry, ViewEntry } from '../manifest/manifest.js';
import type { QueryStatement } from './query-statement.js';
import { filesObject, hiddenObject, usesVisibilityScheme } from './table-objects.js';

/**
 * The typed intermediate form between the manifest and SQL text. Renderers turn each kind into a
 * dialect's SQL; nothing upstream knows any SQL syntax, and no SQL is sent that was not rendered
 * from one of these.
 */
export type Statement = ModelStatement | CatalogStatement | CopyStatement | EngineStatement | QueryStatement | UnitCaseStatement;

/** One per artifact of the models (what `sql/<dialect>/` holds). */
export type ModelStatement =
  | { readonly kind: 'create_source_table'; readonly object: string; readonly source: SourceEntry }
  | { readonly kind: 'create_table'; readonly object: string; readonly table: TableEntry }
  | { readonly kind: 'create_hidden_list'; readonly object: string; readonly table: TableEntry }
  | { readonly kind: 'create_table_view'; readonly object: string; readonly table: TableEntry }
  | { readonly kind: 'transform'; readonly object: string; readonly table: TableEntry; readonly source: SourceEntry }
  | { readonly kind: 'create_view'; readonly object: string; readonly view: ViewEntry }
  /**
   * A mart: an external table at its own location, filled by `refresh_partitions`. Its columns are
   * those of its query, which only the engine knows: migrate asks it before creating the table.
   */
  | { readonly kind: 'create_mart'; readonly object: string; readonly mart: MartEntry; readonly columns?: readonly Column[] }
  | { readonly kind: 'refresh_partitions'; readonly object: string; readonly mart: MartEntry }
  | { readonly kind: 'data_test'; readonly object: string; readonly name: string; readonly test: DataTest };

/** What migrate sends besides creates: the database, drops and in-place alterations of a table. */
export type CatalogStatement =
  | { readonly kind: 'create_database' }
  /** Removes an environment's database once its objects are dropped (`migrate --env NAME --drop`). */
  | { readonly kind: 'drop_database' }
  | { readonly kind: 'drop_object'; readonly object: string; readonly objectKind: 'view' | 'table' }
  | { readonly kind: 'add_columns'; readonly object: string; readonly columns: readonly Column[] }
  | { readonly kind: 'replace_columns'; readonly object: string; readonly columns: readonly Column[] }
  | { readonly kind: 'set_properties'; readonly object: string; readonly properties: Readonly<Record<string, string>> };

/**
 * Writes a query's result as Parquet files under a folder (the local backfill's staging), split
 * into `<column>=<value>/` folders by `partitionBy`. `query` is already rendered in the dialect.
 */
export interface CopyStatement {
  readonly kind: 'copy_to_parquet';
  readonly query: string;
  /** A folder when partitioned, else the file. */
  readonly path: string;
  readonly compression: string;
  readonly partitionBy: readonly string[];
  /** Only the rows whose `column` is one of `days` (an incremental run); absent: every row. */
  readonly onlyDays?: { readonly column: string; readonly days: readonly string[] };
}

/**
 * A unit case (`npm run test:unit`): the model's query, already rendered in the dialect with each
 * input renamed to `name`, over the case's given rows, typed as each input declares. A cell is text
 * (cast to the column's type) or null; a column a row leaves out is null.
 */
export interface UnitCaseStatement {
  readonly kind: 'unit_case';
  readonly body: string;
  readonly inputs: readonly {
    readonly name: string;
    readonly columns: readonly Column[];
    readonly rows: readonly Readonly<Record<string, string | null>>[];
  }[];
}

/**
 * What an engine sends on its own behalf: reads of its catalog (the Trino target's catalog reader),
 * session set-up and introspection (the local engine, the build's view-column inference), and the
 * local backfill's key rule. A dialect renders those its engine runs; the others render nothing.
 */
export type EngineStatement = CatalogReadStatement | SessionStatement | BatchStatement;

/** Reads of an engine's catalog, under the project's database (schema). */
export type CatalogReadStatement =
  /** One row, `n`: 1 when the database exists. */
  | { readonly kind: 'database_exists' }
  /** `table_name`, `table_type` (`BASE TABLE`, `VIEW`) of every object. */
  | { readonly kind: 'list_objects' }
  /** `table_name`, `view_definition` of every view. */
  | { readonly kind: 'list_view_definitions' }
  /** `table_name`, `comment` of every object (views carry their query's hash there). */
  | { readonly kind: 'list_object_comments'; readonly catalog: string }
  /** `column_name`, `data_type`, `extra_info` (`partition key`) of one object, in order. */
  | { readonly kind: 'list_columns'; readonly object: string }
  /** One row: the table's parameters as columns. */
  | { readonly kind: 'table_parameters'; readonly object: string }
  /** One row, `Create Table`: the table's DDL (where its location is). */
  | { readonly kind: 'show_create_table'; readonly object: string };

export type SessionStatement =
  | { readonly kind: 'set_variable'; readonly name: string; readonly value: string }
  /** `column_name`, `column_type` of what `SELECT * FROM <object>` returns. */
  | { readonly kind: 'describe_object'; readonly object: string }
  /** A view standing in for an object over files, e.g. its typed empty select before any file lands. */
  | { readonly kind: 'create_stand_in'; readonly object: string; readonly query: string };

/**
 * The key rule of the local backfill (batch/batch-key-filter.ts, docs/reliability.md): of a source's
 * records, only those whose `column` value is new in their `partition` of `table` reach the tables,
 * one record per key.
 */
export interface KeyRule {
  readonly table: TableEntry;
  readonly column: string;
  readonly partition: string;
}

/** The local backfill's queries around the raw→table mapping. */
export type BatchStatement =
  /**
   * The mapping's query (unformatted) over the records the batch's rules accepted (`screenedDir`,
   * batch/screen-raw-records.ts) instead of the raw source, and only those the key rule keeps.
   */
  | { readonly kind: 'batch_transform'; readonly table: TableEntry; readonly source: SourceEntry; readonly screenedDir?: string; readonly keyRule?: KeyRule }
  /** The records the key rule keeps out: `k`, `file` (where the key first landed, or NULL), `original`. */
  | { readonly kind: 'key_rule_dropped'; readonly source: SourceEntry; readonly screenedDir?: string; readonly keyRule: KeyRule }
  /** The keys the batch's own files hold, per partition: `p`, `ids`. */
  | { readonly kind: 'batch_keys'; readonly keyRule: KeyRule };

/** Every statement of the project, in dependency order. */
export function planStatements(manifest: Manifest): ModelStatement[] {
  const out: ModelStatement[] = [];
  const sources = new Map<string, SourceEntry>();
  for (const m of manifest.models) {
    switch (m.kind) {
      case 'source':
        sources.set(`${m.sourceName}.${m.sourceTable}`, m);
        out.push({ kind: 'create_source_table', object: m.name, source: m });
        break;
      case 'table':
        out.push({ kind: 'create_table', object: filesObject(m), table: m });
        if (usesVisibilityScheme(m)) {
          out.push({ kind: 'create_hidden_list', object: hiddenObject(m), table: m });
          out.push({ kind: 'create_table_view', object: m.name, table: m });
        }
        out.push({ kind: 'transform', object: m.name, table: m, source: sources.get(m.mapping.source)! });
        break;
      case 'view':
        out.push({ kind: 'create_view', object: m.name, view: m });
        break;
      case 'mart':
        out.push({ kind: 'create_mart', object: m.name, mart: m });
        out.push({ kind: 'refresh_partitions', object: m.name, mart: m });
        break;
    }
    for (const t of m.tests) out.push({ kind: 'data_test', object: m.name, name: dataTestName(m.name, t), test: t });
  }
  return out;
}

/** A stable, readable name for a data test: `transactions__unique__transaction_id`. */
function dataTestName(model: string, t: DataTest): string {
  return t.kind === 'relationship' ? `${model}__relationship__${t.column}__${t.toModel}` : `${model}__${t.kind}__${t.column}`;
}

/** Where a statement's SQL goes under `sql/<dialect>/`. */
export function statementFile(s: ModelStatement): string {
  switch (s.kind) {
    case 'create_source_table':
      return `sources/${s.object}.sql`;
    case 'create_table':
    case 'create_hidden_list':
    case 'create_table_view':
      return `tables/${s.object}.sql`;
    case 'transform':
      return `transforms/${s.object}.sql`;
    case 'create_view':
      return `views/${s.object}.sql`;
    case 'create_mart':
      return `marts/${s.object}.sql`;
    case 'refresh_partitions':
      return `marts/${s.object}.refresh.sql`;
    case 'data_test':
      return `tests/${s.name}.sql`;
  }
}
