import type { SqlType } from '../compiler/sql-type.js';
import type { Condition, Expr, FromItem, ParamValue, QueryStatement, SelectStatement } from '../compiler/query-statement.js';
import { limitClause } from './limit-clause.js';
import { quoteIdentifier } from './sql-literals.js';
import { parameter, type DialectCapabilities } from './sql-renderer.js';

/** A rendered query and the values of its placeholders, in order. */
export interface RenderedQuery {
  readonly sql: string;
  readonly params: readonly ParamValue[];
}

/** What the dashboard needs of a dialect's renderer (every SqlRenderer of src/dialects/ but Spark's). */
export interface QueryRenderer {
  renderQuery(s: QueryStatement): RenderedQuery;
}

/** What differs between dialects for these queries: how a relation is named, placeholders, types. */
export interface QueryHooks {
  readonly capabilities: Pick<DialectCapabilities, 'parameterStyle'>;
  qualify(name: string): string;
  type(t: SqlType): string;
}

/** Renders a {@link QueryStatement}; placeholders are numbered in the order they appear in the text. */
export function renderQueryStatement(s: QueryStatement, hooks: QueryHooks): RenderedQuery {
  const params: ParamValue[] = [];
  const bind = (v: ParamValue): string => {
    params.push(v);
    return parameter(hooks.capabilities.parameterStyle, params.length);
  };
  const sql = query(s, hooks, bind);
  return { sql, params };
}

type Bind = (v: ParamValue) => string;

function query(s: QueryStatement, h: QueryHooks, bind: Bind): string {
  return s.kind === 'union_all' ? s.branches.map((b) => select(b, h, bind)).join(' UNION ALL ') : select(s, h, bind);
}

function select(s: SelectStatement, h: QueryHooks, bind: Bind): string {
  const cols = s.columns.map((c) =>
    c.as === undefined || (c.expr.kind === 'column' && c.expr.name === c.as) ? expr(c.expr, h) : `${expr(c.expr, h)} AS ${name(c.as)}`,
  );
  const parts = [`SELECT ${s.distinct ? 'DISTINCT ' : ''}${cols.join(', ')}`, `FROM ${from(s.from, h, bind)}`];
  if (s.where && s.where.length > 0) parts.push(`WHERE ${s.where.map((c) => condition(c, bind)).join(' AND ')}`);
  if (s.groupBy && s.groupBy.length > 0) parts.push(`GROUP BY ${s.groupBy.map((e) => expr(e, h)).join(', ')}`);
  if (s.orderBy && s.orderBy.length > 0) parts.push(`ORDER BY ${s.orderBy.map((o) => `${expr(o.expr, h)}${o.descending ? ' DESC' : ''}`).join(', ')}`);
  if (s.limit !== undefined) parts.push(limitClause(s.limit));
  return parts.join(' ');
}

function from(f: FromItem, h: QueryHooks, bind: Bind): string {
  switch (f.kind) {
    case 'relation':
      return f.alias === undefined ? h.qualify(f.name) : `${h.qualify(f.name)} AS ${name(f.alias)}`;
    case 'subquery':
      return `(${query(f.query, h, bind)}) AS ${name(f.alias)}`;
    case 'left_join':
      return `${from(f.left, h, bind)} LEFT JOIN ${from(f.right, h, bind)} ON ${f.on.map(([a, b]) => `${expr(a, h)} = ${expr(b, h)}`).join(' AND ')}`;
  }
}

function expr(e: Expr, h: QueryHooks): string {
  switch (e.kind) {
    case 'column':
      return e.table === undefined ? name(e.name) : `${name(e.table)}.${name(e.name)}`;
    case 'aggregate':
      return `${e.fn}(${e.arg === undefined ? '*' : expr(e.arg, h)})`;
    case 'equal_flag':
      return `CASE WHEN ${expr(e.left, h)} = ${expr(e.right, h)} THEN 1 ELSE 0 END`;
    case 'multiply':
      if (!Number.isSafeInteger(e.factor)) throw new RangeError(`a query factor must be a whole number, not ${e.factor}`);
      return `${expr(e.arg, h)} * ${e.factor}`;
    case 'cast':
      return `${e.orNull ? 'TRY_CAST' : 'CAST'}(${expr(e.arg, h)} AS ${h.type(e.type)})`;
  }
}

function condition(c: Condition, bind: Bind): string {
  switch (c.kind) {
    case 'between':
      return `${name(c.column)} BETWEEN ${bind(c.low)} AND ${bind(c.high)}`;
    case 'compare':
      return `${name(c.column)} ${c.op} ${bind(c.value)}`;
    case 'in':
      if (c.values.length === 0) throw new Error(`IN needs at least one value (${c.column})`);
      return `${name(c.column)} IN (${c.values.map(bind).join(', ')})`;
  }
}

/** Plain lower-case names as written (every engine folds them alike); anything else quoted. */
function name(n: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(n) ? n : quoteIdentifier(n);
}
