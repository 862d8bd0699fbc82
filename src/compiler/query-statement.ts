import type { SqlType } from './sql-type.js';

/**
 * A read query the project sends at run time (the dashboard's panels, the aggregates' dimensions),
 * as a typed value: the dialect renders it last (src/dialects/query-sql.ts), qualifying relation
 * names and writing placeholders in its own parameter style. Values are never part of the text:
 * every literal a caller gives is a bound parameter, in the order the rendered text uses them.
 * Parameters appear only in WHERE clauses, the one place Athena documents them; a row limit is
 * inlined as a validated integer (limit-clause.ts).
 */
export type QueryStatement = SelectStatement | UnionAllStatement;

export interface SelectStatement {
  readonly kind: 'select';
  readonly distinct?: boolean;
  readonly columns: readonly SelectColumn[];
  readonly from: FromItem;
  /** Conditions joined by AND. */
  readonly where?: readonly Condition[];
  readonly groupBy?: readonly Expr[];
  readonly orderBy?: readonly OrderKey[];
  readonly limit?: number;
}

/** Branches of the same columns, concatenated (`UNION ALL`). */
export interface UnionAllStatement {
  readonly kind: 'union_all';
  readonly branches: readonly SelectStatement[];
}

export interface SelectColumn {
  readonly expr: Expr;
  /** Output name; a bare column keeps its own. */
  readonly as?: string;
}

export interface OrderKey {
  readonly expr: Expr;
  readonly descending?: boolean;
}

/** A parameter value: a day, a store id, a number. */
export type ParamValue = string | number;

export type Expr =
  | { readonly kind: 'column'; readonly name: string; readonly table?: string }
  /** `count` without an argument is `count(*)`. */
  | { readonly kind: 'aggregate'; readonly fn: 'sum' | 'min' | 'max' | 'count'; readonly arg?: Expr }
  /** `CASE WHEN left = right THEN 1 ELSE 0 END`: summed, it counts the rows where both agree. */
  | { readonly kind: 'equal_flag'; readonly left: Expr; readonly right: Expr }
  /** `arg * factor`, a whole-number factor written into the text. */
  | { readonly kind: 'multiply'; readonly arg: Expr; readonly factor: number }
  /** `orNull`: TRY_CAST, a value that does not convert becomes NULL instead of failing the query. */
  | { readonly kind: 'cast'; readonly arg: Expr; readonly type: SqlType; readonly orNull?: boolean };

export type Condition =
  | { readonly kind: 'between'; readonly column: string; readonly low: ParamValue; readonly high: ParamValue }
  | { readonly kind: 'compare'; readonly column: string; readonly op: '=' | '>=' | '<='; readonly value: ParamValue }
  | { readonly kind: 'in'; readonly column: string; readonly values: readonly ParamValue[] };

export type FromItem =
  | { readonly kind: 'relation'; readonly name: string; readonly alias?: string }
  | { readonly kind: 'subquery'; readonly query: QueryStatement; readonly alias: string }
  | { readonly kind: 'left_join'; readonly left: FromItem; readonly right: FromItem; readonly on: readonly (readonly [Expr, Expr])[] };

// Small constructors, so a query reads close to the SQL it becomes.

export const col = (name: string, table?: string): Expr => (table === undefined ? { kind: 'column', name } : { kind: 'column', name, table });
export const sum = (arg: Expr): Expr => ({ kind: 'aggregate', fn: 'sum', arg });
export const min = (arg: Expr): Expr => ({ kind: 'aggregate', fn: 'min', arg });
export const max = (arg: Expr): Expr => ({ kind: 'aggregate', fn: 'max', arg });
export const countAll = (): Expr => ({ kind: 'aggregate', fn: 'count' });
export const relation = (name: string, alias?: string): FromItem => (alias === undefined ? { kind: 'relation', name } : { kind: 'relation', name, alias });
/** `sum(name) AS name`. */
export const summed = (name: string): SelectColumn => ({ expr: sum(col(name)), as: name });
