import {
  col,
  countAll,
  max,
  relation,
  sum,
  summed,
  type Condition,
  type FromItem,
  type QueryStatement,
  type SelectStatement,
} from '../../src/compiler/query-statement.js';
import type { Filters } from './parse-filters.js';

/**
 * The panels' queries as typed statements (src/compiler/query-statement.ts); the server renders
 * them in its target's dialect (`renderQuery` of src/dialects/), which qualifies the relations and
 * writes the placeholders. Values are bound, never interpolated.
 */
export type PanelQuery = QueryStatement;

/**
 * Every panel reads an analyst view (models/views/) and only aggregates it further over the range:
 * the business logic lives in the models, once. Every statement filters on `dt BETWEEN ? AND ?`, the
 * partition column, so DuckDB prunes files and Athena prunes partitions (and bills less).
 */
function where(f: Filters): Condition[] {
  const range: Condition = { kind: 'between', column: 'dt', low: f.from, high: f.to };
  return f.store === undefined ? [range] : [range, { kind: 'compare', column: 'store_id', op: '=', value: f.store }];
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

const pick = (relationName: string, columns: readonly string[], f: Filters, more: readonly Condition[] = []): SelectStatement => ({
  kind: 'select',
  columns: columns.map((c) => ({ expr: col(c) })),
  from: relation(relationName),
  where: [...where(f), ...more],
});

/**
 * Per day of the range: how many stores have transactions now, and for how many the mart's count
 * equals the lake's. A day is read from the mart only when every store matches; a count scan of
 * `transactions` costs a fraction of the view's three-way join.
 */
export function martCoverageQuery(f: Filters): PanelQuery {
  const cols = ['store_id', 'dt', 'transactions'];
  return {
    kind: 'select',
    columns: [
      { expr: col('dt', 'f') },
      { expr: countAll(), as: 'stores' },
      { expr: sum({ kind: 'equal_flag', left: col('transactions', 'm'), right: col('transactions', 'f') }), as: 'current' },
    ],
    from: {
      kind: 'left_join',
      left: { kind: 'subquery', query: pick('store_freshness', cols, f), alias: 'f' },
      right: { kind: 'subquery', query: pick('daily_store_sales', cols, f), alias: 'm' },
      on: [
        [col('store_id', 'm'), col('store_id', 'f')],
        [col('dt', 'm'), col('dt', 'f')],
      ],
    },
    groupBy: [col('dt', 'f')],
    orderBy: [{ expr: col('dt', 'f') }],
  };
}

const SALES_COLUMNS = ['store_id', 'store_name', 'dt', 'transactions', 'items', 'revenue'];

/**
 * Rows of `sales_by_store` for the filters, as a FROM item. With a split, the mart's days come from
 * the mart and the rest from the view, each branch still bounded by `dt BETWEEN` (partition pruning)
 * and narrowed to its days by `dt IN (…)`.
 */
function salesSource(f: Filters, split: DaySplit | undefined): FromItem {
  if (split === undefined || (split.martDays.length === 0 && split.viewDays.length === 0)) {
    return { kind: 'subquery', query: pick('sales_by_store', SALES_COLUMNS, f), alias: 's' };
  }
  const branches: SelectStatement[] = [];
  for (const [name, days] of [
    ['daily_store_sales', split.martDays],
    ['sales_by_store', split.viewDays],
  ] as const) {
    if (days.length === 0) continue;
    const sorted = [...days].sort();
    const bounded = { from: sorted[0]!, to: sorted[sorted.length - 1]!, ...(f.store === undefined ? {} : { store: f.store }) };
    branches.push(pick(name, SALES_COLUMNS, bounded, [{ kind: 'in', column: 'dt', values: sorted }]));
  }
  return { kind: 'subquery', query: { kind: 'union_all', branches }, alias: 's' };
}

/** Revenue, transactions and items over the range (one row; sums are NULL when there is no data). */
export function kpisQuery(f: Filters, split?: DaySplit): PanelQuery {
  return { kind: 'select', columns: ['revenue', 'transactions', 'items'].map(summed), from: salesSource(f, split) };
}

/** Totals per store over the range, in store order (bars keep their place as live data arrives). */
export function salesByStoreQuery(f: Filters, split?: DaySplit): PanelQuery {
  return {
    kind: 'select',
    columns: [{ expr: col('store_id') }, { expr: col('store_name') }, ...['transactions', 'items', 'revenue'].map(summed)],
    from: salesSource(f, split),
    groupBy: [col('store_id'), col('store_name')],
    orderBy: [{ expr: col('store_id') }],
  };
}

/**
 * The best sellers by revenue over the range; ties broken by sku_id so the order is stable. Ordered
 * by the output column: Trino (so Athena) rejects `ORDER BY sum(revenue)` when `revenue` is also an
 * output alias ("Invalid reference to output projection attribute from ORDER BY aggregation").
 */
export function topSkusQuery(f: Filters, limit: number): PanelQuery {
  return {
    kind: 'select',
    columns: [{ expr: col('sku_id') }, { expr: col('product_name') }, summed('units'), summed('revenue')],
    from: relation('top_skus'),
    where: where(f),
    groupBy: [col('sku_id'), col('product_name')],
    orderBy: [{ expr: col('revenue'), descending: true }, { expr: col('sku_id') }],
    limit,
  };
}

/** Revenue per hour: the chosen store, or all stores summed. */
export function hourlyQuery(f: Filters): PanelQuery {
  return {
    kind: 'select',
    columns: [{ expr: col('hour') }, summed('transactions'), summed('revenue')],
    from: relation('hourly_sales'),
    where: where(f),
    groupBy: [col('hour')],
    orderBy: [{ expr: col('hour') }],
  };
}

/** Stores with sales in the range, for the store filter (names come from the view's join with supermarkets). */
export function storesQuery(f: Filters, split?: DaySplit): PanelQuery {
  return {
    kind: 'select',
    distinct: true,
    columns: [{ expr: col('store_id') }, { expr: col('store_name') }],
    from: salesSource({ from: f.from, to: f.to }, split),
    orderBy: [{ expr: col('store_id') }],
  };
}

/**
 * The newest transaction from `sinceDay` to `untilDay` (today), and the day it fell on. Bounded
 * above so that a far-future row (one that predates the ingest window) cannot become "newest".
 */
export function freshnessQuery(sinceDay: string, untilDay: string): PanelQuery {
  return {
    kind: 'select',
    columns: [
      { expr: max(col('newest_transaction')), as: 'newest_transaction' },
      { expr: max(col('dt')), as: 'newest_day' },
    ],
    from: relation('store_freshness'),
    where: [
      { kind: 'compare', column: 'dt', op: '>=', value: sinceDay },
      { kind: 'compare', column: 'dt', op: '<=', value: untilDay },
    ],
  };
}

/**
 * What the live poller compares when there are no aggregates: total transactions and the newest one
 * in the recent partitions. It reads only `store_freshness` (recent days), so polling stays cheap.
 */
export function fingerprintQuery(sinceDay: string): PanelQuery {
  return {
    kind: 'select',
    columns: [summed('transactions'), { expr: max(col('newest_transaction')), as: 'newest_transaction' }, { expr: countAll(), as: 'store_days' }],
    from: relation('store_freshness'),
    where: [{ kind: 'compare', column: 'dt', op: '>=', value: sinceDay }],
  };
}

/** SKU prices in whole cents and names, for the aggregates (aggregate-reader.ts). */
export function skuPricesQuery(): PanelQuery {
  return {
    kind: 'select',
    columns: [
      { expr: col('sku_id') },
      { expr: col('product_name') },
      { expr: { kind: 'cast', arg: { kind: 'multiply', arg: col('price'), factor: 100 }, type: { kind: 'bigint' } }, as: 'cents' },
    ],
    from: relation('skus'),
  };
}

/** Store names, for the aggregates (aggregate-reader.ts). */
export function storeNamesQuery(): PanelQuery {
  return { kind: 'select', columns: [{ expr: col('store_id') }, { expr: col('store_name') }], from: relation('supermarkets') };
}
