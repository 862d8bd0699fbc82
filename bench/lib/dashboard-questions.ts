import { hourlyQuery, kpisQuery, salesByStoreQuery, topSkusQuery } from '../../dashboard/server/panel-queries.js';
import type { RenderedQuery } from '../../src/dialects/query-sql.js';
import { localQuery } from './local-query.js';
import type { Filters } from '../../dashboard/server/parse-filters.js';
import type { Cell, Row } from '../../src/engines/engine.js';

/** Where the original design's data is: one JSON file per transaction, and the dimension files. */
export interface OriginalSources {
  /** Glob of the one-transaction JSON files. */
  readonly transactionsGlob: string;
  /** The raw `skus.jsonl` and `stores.jsonl` of the history. */
  readonly skusFile: string;
  readonly storesFile: string;
}

/** One dashboard question, asked of both layouts. */
export interface DashboardQuestion {
  readonly name: string;
  /** The dashboard's own statement (dashboard/server/panel-queries.ts) over the LocalEngine's views. */
  readonly ours: RenderedQuery;
  /** The same question over the original layout, read in place with `read_json`. */
  readonly original: RenderedQuery;
}

/** The top-SKUs panel's default length. */
export const TOP_SKUS = 10;

/**
 * The dashboard's questions — sales by store, top SKUs, hourly revenue, KPIs over `range`, and KPIs
 * of one day — as the dashboard asks them of our views, and as the original design would answer them
 * from the raw files. The original SQL repeats the models' logic (dt = date of the datetime, revenue =
 * quantity × DECIMAL price, transactions = distinct ids) so both must give identical rows; the
 * benchmark checks that before it times anything.
 */
export function dashboardQuestions(range: Filters, oneDay: string, sources: OriginalSources): DashboardQuestion[] {
  const day: Filters = { from: oneDay, to: oneDay };
  const original = (select: string, f: Filters): RenderedQuery => ({ sql: `${originalCtes(sources)}\n${select}`, params: [f.from, f.to] });
  const lines = 'FROM lines AS l JOIN skus AS k ON k.sku_id = l.sku_id WHERE l.dt BETWEEN ? AND ?';
  const kpis = 'SELECT sum(l.quantity * k.price) AS revenue, count(DISTINCT l.transaction_id) AS transactions, sum(l.quantity) AS items ' + lines;
  return [
    {
      name: 'sales by store',
      ours: localQuery(salesByStoreQuery(range)),
      original: original(
        'SELECT l.store_id, s.store_name, count(DISTINCT l.transaction_id) AS transactions, sum(l.quantity) AS items, sum(l.quantity * k.price) AS revenue ' +
          'FROM lines AS l JOIN skus AS k ON k.sku_id = l.sku_id LEFT JOIN stores AS s ON s.store_id = l.store_id ' +
          'WHERE l.dt BETWEEN ? AND ? GROUP BY l.store_id, s.store_name ORDER BY l.store_id',
        range,
      ),
    },
    {
      name: `top ${TOP_SKUS} SKUs`,
      ours: localQuery(topSkusQuery(range, TOP_SKUS)),
      original: original(
        `SELECT l.sku_id, k.product_name, sum(l.quantity) AS units, sum(l.quantity * k.price) AS revenue ${lines} ` +
          `GROUP BY l.sku_id, k.product_name ORDER BY sum(l.quantity * k.price) DESC, l.sku_id LIMIT ${TOP_SKUS}`,
        range,
      ),
    },
    {
      name: 'hourly revenue',
      ours: localQuery(hourlyQuery(range)),
      original: original(
        `SELECT date_trunc('hour', l.transaction_datetime) AS hour, count(DISTINCT l.transaction_id) AS transactions, sum(l.quantity * k.price) AS revenue ${lines} ` +
          `GROUP BY date_trunc('hour', l.transaction_datetime) ORDER BY hour`,
        range,
      ),
    },
    { name: 'KPIs', ours: localQuery(kpisQuery(range)), original: original(kpis, range) },
    { name: 'KPIs, one day', ours: localQuery(kpisQuery(day)), original: original(kpis, day) },
  ];
}

/** `tx` (one row per transaction, typed like the `transactions` table), `lines` (one per item), `skus`, `stores`. */
function originalCtes(s: OriginalSources): string {
  return `WITH tx AS (
  SELECT transaction_id, store_id, CAST(transaction_datetime AS TIMESTAMP) AS transaction_datetime, items,
    CAST(CAST(CAST(transaction_datetime AS TIMESTAMP) AS DATE) AS VARCHAR) AS dt
  FROM read_json(${literal(s.transactionsGlob)}, format = 'newline_delimited',
    columns = {'transaction_id': 'VARCHAR', 'store_id': 'VARCHAR', 'transaction_datetime': 'VARCHAR', 'items': 'STRUCT(sku_id VARCHAR, quantity INTEGER)[]'})
),
lines AS (SELECT transaction_id, store_id, transaction_datetime, dt, unnest(items, recursive := true) FROM tx),
skus AS (
  SELECT sku_id, product_name, CAST(price AS DECIMAL(10, 2)) AS price
  FROM read_json(${literal(s.skusFile)}, format = 'newline_delimited', columns = {'sku_id': 'VARCHAR', 'product_name': 'VARCHAR', 'price': 'VARCHAR'})
),
stores AS (
  SELECT store_id, store_name
  FROM read_json(${literal(s.storesFile)}, format = 'newline_delimited', columns = {'store_id': 'VARCHAR', 'store_name': 'VARCHAR', 'store_location': 'VARCHAR'})
)`;
}

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * A row as comparable text: values in column order, numbers canonical. The two layouts type some
 * figures differently (HUGEINT sums of per-day counts vs a BIGINT count; DECIMAL(38,2) either way
 * but `12.50` vs `12.5` once serialized), which is not a different answer.
 */
export function normalizeRow(row: Row): string[] {
  return Object.values(row).map(normalizeCell);
}

function normalizeCell(v: Cell): string {
  if (v === null) return 'NULL';
  const text = String(v);
  if (!/^-?\d+(\.\d+)?$/.test(text)) return text;
  const [whole, fraction] = text.split('.') as [string, string | undefined];
  const trimmed = fraction?.replace(/0+$/, '') ?? '';
  const integer = whole.replace(/^(-?)0+(?=\d)/, '$1');
  return trimmed === '' ? (integer === '-0' ? '0' : integer) : `${integer}.${trimmed}`;
}

/** Thrown when the two layouts disagree: the benchmark must not time different answers. */
export class DifferentAnswersError extends Error {
  constructor(question: string, detail: string) {
    super(`the two layouts answer "${question}" differently: ${detail}`);
    this.name = 'DifferentAnswersError';
  }
}

/**
 * Throws {@link DifferentAnswersError} unless both results have the same rows, in the same order
 * (every question has a total ORDER BY or one row), column for column after {@link normalizeRow}.
 * An empty answer also throws: agreeing on nothing would prove nothing.
 */
export function assertSameAnswers(question: string, ours: readonly Row[], original: readonly Row[]): void {
  if (ours.length === 0) throw new DifferentAnswersError(question, 'our layout returned no rows');
  if (ours.length !== original.length) throw new DifferentAnswersError(question, `${ours.length} rows vs ${original.length}`);
  for (let i = 0; i < ours.length; i++) {
    const a = normalizeRow(ours[i] as Row);
    const b = normalizeRow(original[i] as Row);
    if (a.length !== b.length || a.some((x, j) => x !== b[j])) {
      throw new DifferentAnswersError(question, `row ${i + 1}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    }
  }
  if (ours.length === 1 && normalizeRow(ours[0] as Row).every((x) => x === 'NULL')) {
    throw new DifferentAnswersError(question, 'both returned only NULLs (no data in the range)');
  }
}
