import type { Cell, Engine, QueryResult, Row } from '../../src/engines/engine.js';
import type { Manifest } from '../../src/manifest/manifest.js';
import { divideCents, normalizeAmount, toCents } from './decimal-cents.js';
import type { AggregatePanel } from './aggregate-reader.js';
import type { IngestMetrics } from './read-ingest-metrics.js';
import { addDays, formatDay, parseFilters, parseLimit, type Filters } from './parse-filters.js';
import {
  freshnessQuery,
  hourlyQuery,
  kpisQuery,
  martCoverageQuery,
  salesByStoreQuery,
  storesQuery,
  topSkusQuery,
  type DaySplit,
  type PanelQuery,
} from './panel-queries.js';

/** What an endpoint answers: a JSON body, and the same data as a table for `?format=csv`. */
export interface PanelResponse {
  readonly json: unknown;
  readonly table: { readonly columns: readonly string[]; readonly rows: readonly Row[] };
  /** Download name without extension, e.g. `sales-by-store_2024-04-10_2024-04-11`. */
  readonly filename: string;
}

/** What a handler may use: the engine behind the cache, the clock, the ingest metrics. */
export interface PanelContext {
  readonly run: (query: PanelQuery) => Promise<QueryResult>;
  /**
   * The panel's rows from the aggregates (aggregate-reader.ts), or undefined when they do not cover
   * the range (or the server has none): the handler then asks the engine. Absent: always the engine.
   */
  readonly aggregate?: (panel: AggregatePanel, f: Filters, limit?: number) => Promise<readonly Row[] | undefined>;
  readonly clock: () => Date;
  readonly ingestMetrics: () => Promise<IngestMetrics | undefined>;
  /** The compiled models, for the freshness rules they declare (`npm run freshness`); absent: none. */
  readonly manifest?: () => Promise<Manifest | undefined>;
}

export type PanelHandler = (query: URLSearchParams, ctx: PanelContext) => Promise<PanelResponse>;

/** Which read path answered: the incrementally maintained aggregates, or the engine scanning the views. */
export type PanelSource = 'aggregates' | 'scan';

/**
 * The rows of a panel: from the aggregates when they cover the range, else from the engine. Both
 * give the same rows (tests/dashboard/panel-sources.test.ts), so the handler formats either alike.
 */
async function answer(
  ctx: PanelContext,
  panel: AggregatePanel,
  f: Filters,
  scan: () => Promise<PanelQuery>,
  limit?: number,
): Promise<{ rows: readonly Row[]; source: PanelSource }> {
  const rows = ctx.aggregate === undefined ? undefined : await ctx.aggregate(panel, f, limit);
  if (rows !== undefined) return { rows, source: 'aggregates' };
  return { rows: (await ctx.run(await scan())).rows, source: 'scan' };
}

/** How many days back the freshness panel looks first: today and yesterday (by the clock, UTC). */
const FRESHNESS_DAYS = 2;

// One handler per panel; dashboard/server/panels.ts registers each with its route and page.

export const kpisHandler: PanelHandler = async (q, ctx) => {
  const f = parseFilters(q, ctx.clock);
  const { rows, source } = await answer(ctx, 'kpis', f, async () => kpisQuery(f, await splitDays(ctx, f)));
  const row = rows[0] ?? {};
  const cents = toCents(row.revenue);
  const transactions = count(row.transactions);
  const kpis = { revenue: normalizeAmount(row.revenue), transactions, items: count(row.items), averageBasket: divideCents(cents, transactions) };
  return {
    json: { ...echo(f), ...kpis, source },
    table: { columns: ['revenue', 'transactions', 'items', 'average_basket'], rows: [{ ...kpis, average_basket: kpis.averageBasket }] },
    filename: name('kpis', f),
  };
};

export const salesByStoreHandler: PanelHandler = async (q, ctx) => {
  const f = parseFilters(q, ctx.clock);
  const served = await answer(ctx, 'sales-by-store', f, async () => salesByStoreQuery(f, await splitDays(ctx, f)));
  const rows = served.rows.map((r) => ({
    store_id: r.store_id ?? null,
    store_name: r.store_name ?? null,
    transactions: count(r.transactions),
    items: count(r.items),
    revenue: normalizeAmount(r.revenue),
  }));
  return {
    json: { ...echo(f), rows, source: served.source },
    table: { columns: ['store_id', 'store_name', 'transactions', 'items', 'revenue'], rows },
    filename: name('sales-by-store', f),
  };
};

export const topSkusHandler: PanelHandler = async (q, ctx) => {
  const f = parseFilters(q, ctx.clock);
  const limit = parseLimit(q.get('limit'));
  const served = await answer(ctx, 'top-skus', f, async () => topSkusQuery(f, limit), limit);
  const rows = served.rows.map((r) => ({
    sku_id: r.sku_id ?? null,
    product_name: r.product_name ?? null,
    units: count(r.units),
    revenue: normalizeAmount(r.revenue),
  }));
  return {
    json: { ...echo(f), limit, rows, source: served.source },
    table: { columns: ['sku_id', 'product_name', 'units', 'revenue'], rows },
    filename: name('top-skus', f),
  };
};

export const hourlyHandler: PanelHandler = async (q, ctx) => {
  const f = parseFilters(q, ctx.clock);
  const served = await answer(ctx, 'hourly', f, async () => hourlyQuery(f));
  const rows = served.rows.map((r) => ({
    hour: timestamp(r.hour),
    transactions: count(r.transactions),
    revenue: normalizeAmount(r.revenue),
  }));
  return {
    json: { ...echo(f), rows, source: served.source },
    table: { columns: ['hour', 'transactions', 'revenue'], rows },
    filename: name('hourly-revenue', f),
  };
};

export const storesHandler: PanelHandler = async (q, ctx) => {
  const f = parseFilters(q, ctx.clock);
  const range = { from: f.from, to: f.to };
  const served = await answer(ctx, 'stores', range, async () => storesQuery(f, await splitDays(ctx, range)));
  const stores = served.rows.map((r) => ({
    store_id: r.store_id ?? null,
    store_name: r.store_name ?? null,
  }));
  return {
    json: { from: f.from, to: f.to, stores, source: served.source },
    table: { columns: ['store_id', 'store_name'], rows: stores },
    filename: `stores_${f.from}_${f.to}`,
  };
};

export const freshnessHandler: PanelHandler = async (_q, ctx) => {
  const now = ctx.clock();
  const today = formatDay(now.getTime());
  const recent = { from: addDays(today, -(FRESHNESS_DAYS - 1)), to: today };
  let served = await answer(ctx, 'freshness', recent, async () => freshnessQuery(recent.from, recent.to));
  let found = served.rows[0];
  if (found?.newest_transaction == null) {
    // A lake with no recent data (history only, nothing live): look back a year once, so the page
    // can still anchor its default range on the newest day there is. Still partition-bounded.
    const year = { from: addDays(today, -365), to: today };
    served = await answer(ctx, 'freshness', year, async () => freshnessQuery(year.from, year.to));
    found = served.rows[0];
  }
  const newest = found?.newest_transaction == null ? null : timestamp(found.newest_transaction);
  // Never negative: a transaction later today than the clock (producer clock skew) is simply fresh.
  const ageSeconds = newest === null ? null : Math.max(0, Math.floor((now.getTime() - Date.parse(`${newest.replace(' ', 'T')}Z`)) / 1000));
  const ingest = (await ctx.ingestMetrics()) ?? null;
  const body = { now: now.toISOString(), newestTransaction: newest, newestDay: found?.newest_day ?? null, ageSeconds, ingest, source: served.source };
  return {
    json: body,
    table: {
      columns: ['now', 'newest_transaction', 'newest_day', 'age_seconds', 'ingest_p50_ms', 'ingest_p95_ms', 'ingest_count', 'ingest_updated_at'],
      rows: [
        {
          now: body.now,
          newest_transaction: newest,
          newest_day: body.newestDay,
          age_seconds: ageSeconds,
          ingest_p50_ms: ingest?.p50Ms ?? null,
          ingest_p95_ms: ingest?.p95Ms ?? null,
          ingest_count: ingest?.count ?? null,
          ingest_updated_at: ingest?.updatedAt ?? null,
        },
      ],
    },
    filename: `freshness_${today}`,
  };
};

/**
 * Full past days come from the `daily_store_sales` mart when it is current for them, the rest from the
 * view: at 1M transactions a month of the view costs seconds of joins, a month of the mart a few ms.
 * Without a usable mart (not migrated, not yet built) every day comes from the view, as before.
 */
async function splitDays(ctx: PanelContext, f: Filters): Promise<DaySplit | undefined> {
  let rows;
  try {
    rows = (await ctx.run(martCoverageQuery(f))).rows;
  } catch {
    // The mart is an optimization: if it cannot be read, the view still gives the right numbers.
    return undefined;
  }
  const martDays: string[] = [];
  const viewDays: string[] = [];
  for (const r of rows) (Number(r.current) === Number(r.stores) ? martDays : viewDays).push(String(r.dt));
  return { martDays, viewDays };
}

function echo(f: Filters): { from: string; to: string; store: string | null } {
  return { from: f.from, to: f.to, store: f.store ?? null };
}

function name(panel: string, f: Filters): string {
  return [panel, f.from, f.to, ...(f.store ? [f.store] : [])].join('_');
}

/** Counts come back as BIGINT/HUGEINT strings; a dashboard's counts fit a double exactly. */
function count(v: Cell | undefined): number {
  return v === null || v === undefined ? 0 : Number(v);
}

/** `YYYY-MM-DD HH:MM:SS` whatever fractional seconds an engine appends (Athena: `.000`). */
function timestamp(v: Cell | undefined): string | null {
  return v === null || v === undefined ? null : String(v).replace('T', ' ').slice(0, 19);
}
