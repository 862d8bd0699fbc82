import { limitClause } from '../../src/dialects/limit-clause.js';
import type { QueryParams } from '../../src/engines/engine.js';
import type { Filters } from './parse-filters.js';

/**
 * One statement with its positional (`?`) parameters; both engines bind them, and values are never
 * interpolated. Parameters appear only in WHERE clauses, the one place Athena documents them; a row
 * limit is inlined by {@link limitClause}, which renders nothing but a validated integer.
 */
export interface PanelQuery {
  readonly sql: string;
  readonly params: QueryParams;
}

/**
 * Every panel reads an analyst view (models/views/) and only aggregates it further over the range:
 * the business logic lives in the models, once. Every statement filters on `dt BETWEEN ? AND ?`, the
 * partition column, so DuckDB prunes files and Athena prunes partitions (and bills less).
 */
function where(f: Filters): { clause: string; params: string[] } {
  return f.store === undefined
    ? { clause: 'WHERE dt BETWEEN ? AND ?', params: [f.from, f.to] }
    : { clause: 'WHERE dt BETWEEN ? AND ? AND store_id = ?', params: [f.from, f.to, f.store] };
}

/**
 * Which days of the range to read from the `daily_store_sales` mart and which from the
 * `sales_by_store` view. The mart holds the same numbers precomputed per store and day, but only as of
 * its last refresh (the batch job), while live ingest keeps appending to today's partitions.
 */
export interface DaySplit {
  readonly martDays: readonly string[];
  readonly viewDays: readonly string[];
}

/**
 * Per day of the range: how many stores have transactions now, and for how many the mart's count
 * equals the lake's. A day is read from the mart only when every store matches; a count scan of
 * `transactions` costs a fraction of the view's three-way join.
 */
export function martCoverageQuery(f: Filters): PanelQuery {
  const w = where(f);
  return {
    sql:
      'SELECT f.dt, count(*) AS stores, sum(CASE WHEN m.transactions = f.transactions THEN 1 ELSE 0 END) AS current ' +
      `FROM (SELECT store_id, dt, transactions FROM store_freshness ${w.clause}) AS f ` +
      `LEFT JOIN (SELECT store_id, dt, transactions FROM daily_store_sales ${w.clause}) AS m ON m.store_id = f.store_id AND m.dt = f.dt ` +
      'GROUP BY f.dt ORDER BY f.dt',
    params: [...w.params, ...w.params],
  };
}

const SALES_COLUMNS = 'store_id, store_name, dt, transactions, items, revenue';

/**
 * Rows of `sales_by_store` for the filters, as a FROM item. With a split, the mart's days come from
 * the mart and the rest from the view, each branch still bounded by `dt BETWEEN` (partition pruning)
 * and narrowed to its days by `dt IN (…)`.
 */
function salesSource(f: Filters, split: DaySplit | undefined): { from: string; params: (string | number)[] } {
  if (split === undefined || (split.martDays.length === 0 && split.viewDays.length === 0)) {
    const w = where(f);
    return { from: `(SELECT ${SALES_COLUMNS} FROM sales_by_store ${w.clause}) AS s`, params: w.params };
  }
  const branches: string[] = [];
  const params: (string | number)[] = [];
  for (const [relation, days] of [['daily_store_sales', split.martDays], ['sales_by_store', split.viewDays]] as const) {
    if (days.length === 0) continue;
    const sorted = [...days].sort();
    const w = where({ from: sorted[0]!, to: sorted[sorted.length - 1]!, ...(f.store === undefined ? {} : { store: f.store }) });
    branches.push(`SELECT ${SALES_COLUMNS} FROM ${relation} ${w.clause} AND dt IN (${sorted.map(() => '?').join(', ')})`);
    params.push(...w.params, ...sorted);
  }
  return { from: `(${branches.join(' UNION ALL ')}) AS s`, params };
}

/** Revenue, transactions and items over the range (one row; sums are NULL when there is no data). */
export function kpisQuery(f: Filters, split?: DaySplit): PanelQuery {
  const s = salesSource(f, split);
  return {
    sql: `SELECT sum(revenue) AS revenue, sum(transactions) AS transactions, sum(items) AS items FROM ${s.from}`,
    params: s.params,
  };
}

/** Totals per store over the range, in store order (bars keep their place as live data arrives). */
export function salesByStoreQuery(f: Filters, split?: DaySplit): PanelQuery {
  const s = salesSource(f, split);
  return {
    sql:
      'SELECT store_id, store_name, sum(transactions) AS transactions, sum(items) AS items, sum(revenue) AS revenue ' +
      `FROM ${s.from} GROUP BY store_id, store_name ORDER BY store_id`,
    params: s.params,
  };
}

/**
 * The best sellers by revenue over the range; ties broken by sku_id so the order is stable. Ordered
 * by the output column: Trino (so Athena) rejects `ORDER BY sum(revenue)` when `revenue` is also an
 * output alias ("Invalid reference to output projection attribute from ORDER BY aggregation").
 */
export function topSkusQuery(f: Filters, limit: number): PanelQuery {
  const w = where(f);
  return {
    sql:
      'SELECT sku_id, product_name, sum(units) AS units, sum(revenue) AS revenue ' +
      `FROM top_skus ${w.clause} GROUP BY sku_id, product_name ORDER BY revenue DESC, sku_id ${limitClause(limit)}`,
    params: w.params,
  };
}

/** Revenue per hour: the chosen store, or all stores summed. */
export function hourlyQuery(f: Filters): PanelQuery {
  const w = where(f);
  return {
    sql: `SELECT hour, sum(transactions) AS transactions, sum(revenue) AS revenue FROM hourly_sales ${w.clause} GROUP BY hour ORDER BY hour`,
    params: w.params,
  };
}

/** Stores with sales in the range, for the store filter (names come from the view's join with supermarkets). */
export function storesQuery(f: Filters, split?: DaySplit): PanelQuery {
  const s = salesSource({ from: f.from, to: f.to }, split);
  return { sql: `SELECT DISTINCT store_id, store_name FROM ${s.from} ORDER BY store_id`, params: s.params };
}

/**
 * The newest transaction from `sinceDay` to `untilDay` (today), and the day it fell on. Bounded
 * above so that a far-future row (one that predates the ingest window) cannot become "newest".
 */
export function freshnessQuery(sinceDay: string, untilDay: string): PanelQuery {
  return {
    sql: 'SELECT max(newest_transaction) AS newest_transaction, max(dt) AS newest_day FROM store_freshness WHERE dt >= ? AND dt <= ?',
    params: [sinceDay, untilDay],
  };
}

/**
 * What the live poller compares: total transactions and the newest one in the recent partitions.
 * It reads only `transactions` (two small columns, recent days), so polling stays cheap on Athena.
 */
export function fingerprintQuery(sinceDay: string): PanelQuery {
  return {
    sql: 'SELECT sum(transactions) AS transactions, max(newest_transaction) AS newest_transaction, count(*) AS store_days FROM store_freshness WHERE dt >= ?',
    params: [sinceDay],
  };
}
