import type { SqlType } from '../compiler/sql-type.js';
import type { MappingExpr, SourceEntry, TableEntry } from '../manifest/manifest.js';
import { assertUnreachable } from '../util/assert-unreachable.js';

/** What a dialect supplies to render a raw→table mapping as a query. */
export interface TransformHooks {
  /** A table reference (the source). */
  qualify(name: string): string;
  type(t: SqlType): string;
  /** The type an output timestamp column is cast to: the one whose Parquet encoding matches the other writers'. */
  readonly timestampWriteType: string;
  /** The join that unnests an array field of the source row. */
  unnestJoin(sourceAlias: string, u: Unnest): string;
  /**
   * Trino's `UNNEST … AS i (a, b)` names the element's fields as columns; DuckDB and Spark unnest to
   * one struct column, `item`, whose fields are reached through it.
   */
  readonly unnestsToStructColumn: boolean;
}

export type Unnest = NonNullable<TableEntry['mapping']['unnest']>;

/** For queries built around the transform (the backfill's key rule): what it reads and selects besides the mapping. */
export interface TransformOptions {
  /** A relation read instead of the source table (a subquery or a CTE name), under the mapping's source alias. */
  readonly from?: string;
  /** Expressions selected before the mapped columns. */
  readonly leadingColumns?: readonly string[];
}

/**
 * The raw→table mapping as a query over the source, in any dialect: shared by the Athena INSERT,
 * the local DuckDB backfill and the Glue job's Spark SQL, so the three cannot drift apart.
 */
export function transformSelect(t: TableEntry, src: SourceEntry, h: TransformHooks, options: TransformOptions = {}): string {
  const m = t.mapping;
  const cols = [...(options.leadingColumns ?? []), ...m.columns.map((c) => `${mappingExpr(c.expr, true, m.unnest?.alias, h)} AS ${c.name}`)].join(',\n');
  return `SELECT\n${cols}\nFROM ${options.from ?? h.qualify(src.name)} AS ${m.sourceAlias}${m.unnest ? `\n${h.unnestJoin(m.sourceAlias, m.unnest)}` : ''}`;
}

/** `top` is true for the outermost expression of an output column (the type that is written). */
function mappingExpr(e: MappingExpr, top: boolean, unnestAlias: string | undefined, h: TransformHooks): string {
  switch (e.kind) {
    case 'field':
      return e.alias === unnestAlias && h.unnestsToStructColumn ? `${e.alias}.item.${e.field}` : `${e.alias}.${e.field}`;
    case 'cast':
      return `CAST(${mappingExpr(e.expr, false, unnestAlias, h)} AS ${top && e.type.kind === 'timestamp' ? h.timestampWriteType : h.type(e.type)})`;
    default:
      return assertUnreachable(e);
  }
}
