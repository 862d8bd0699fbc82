import type { DayAggregates } from '../../src/aggregates/refresh-day-aggregates.js';
import type { Row } from '../../src/engines/engine.js';
import { formatCents } from './decimal-cents.js';
import { addDays, type Filters } from './parse-filters.js';

/**
 * The panels answered from the days' aggregates (src/aggregates/) instead of scanning the lake:
 * the same rows, column names and order as the queries of panel-queries.ts return, so a handler
 * can take either. Revenue is a decimal string (as the engines return DECIMAL), counts are numbers.
 *
 * Only for a range whose every day has aggregates ({@link aggregatesForRange}); any other range
 * goes to the engine (Athena stays the tool for ad-hoc ranges).
 */
export interface AggregateNames {
  /** `supermarkets`: store_id → store_name (the views LEFT JOIN it). */
  readonly stores: ReadonlyMap<string, string>;
  /** `skus`: sku_id → product_name. */
  readonly skus: ReadonlyMap<string, string>;
}

/** The aggregates of every day from `from` to `to`, or undefined if a day has none. */
export async function aggregatesForRange(
  f: Pick<Filters, 'from' | 'to'>,
  read: (day: string) => Promise<DayAggregates | undefined>,
): Promise<DayAggregates[] | undefined> {
  const out: DayAggregates[] = [];
  for (let day = f.from; day <= f.to; day = addDays(day, 1)) {
    const a = await read(day);
    if (a === undefined) return undefined;
    out.push(a);
  }
  return out;
}

interface Sums {
  transactions: number;
  items: number;
  revenueCents: number;
}

/** Every (store, minute) cell of the visible sources, filtered by store. */
function* minuteCells(days: readonly DayAggregates[], store: string | undefined): Generator<{ store: string; minuteMs: number; cell: Sums }> {
  for (const d of days) {
    for (const source of Object.values(d.sources)) {
      for (const [key, cell] of Object.entries(source.minutes)) {
        const bar = key.lastIndexOf('|');
        const s = key.slice(0, bar);
        if (store === undefined || s === store) yield { store: s, minuteMs: Number(key.slice(bar + 1)), cell };
      }
    }
  }
}

function add(into: Sums, cell: Sums): void {
  into.transactions += cell.transactions;
  into.items += cell.items;
  into.revenueCents += cell.revenueCents;
}

const money = (cents: number): string => formatCents(BigInt(cents));

/** Like kpisQuery: one row; sums are NULL when there is no data. */
export function aggregateKpis(days: readonly DayAggregates[], f: Filters): Row[] {
  const total: Sums = { transactions: 0, items: 0, revenueCents: 0 };
  let any = false;
  for (const { cell } of minuteCells(days, f.store)) {
    add(total, cell);
    any = true;
  }
  return [any ? { revenue: money(total.revenueCents), transactions: total.transactions, items: total.items } : { revenue: null, transactions: null, items: null }];
}

/** Like salesByStoreQuery: per store with sales, in store order. */
export function aggregateSalesByStore(days: readonly DayAggregates[], f: Filters, names: AggregateNames): Row[] {
  const by = new Map<string, Sums>();
  for (const { store, cell } of minuteCells(days, f.store)) {
    const s = by.get(store) ?? { transactions: 0, items: 0, revenueCents: 0 };
    add(s, cell);
    by.set(store, s);
  }
  return [...by.keys()].sort(compare).map((store) => {
    const s = by.get(store)!;
    return { store_id: store, store_name: names.stores.get(store) ?? null, transactions: s.transactions, items: s.items, revenue: money(s.revenueCents) };
  });
}

/** Like storesQuery: stores with sales in the range (no store filter). */
export function aggregateStores(days: readonly DayAggregates[], f: Filters, names: AggregateNames): Row[] {
  return aggregateSalesByStore(days, { from: f.from, to: f.to }, names).map((r) => ({ store_id: r.store_id!, store_name: r.store_name ?? null }));
}

/** Like hourlyQuery: per hour (`YYYY-MM-DD HH:00:00`), in order. */
export function aggregateHourly(days: readonly DayAggregates[], f: Filters): Row[] {
  const by = new Map<number, Sums>();
  for (const { minuteMs, cell } of minuteCells(days, f.store)) {
    const hour = Math.floor(minuteMs / 3_600_000) * 3_600_000;
    const s = by.get(hour) ?? { transactions: 0, items: 0, revenueCents: 0 };
    add(s, cell);
    by.set(hour, s);
  }
  return [...by.keys()].sort((a, b) => a - b).map((hour) => {
    const s = by.get(hour)!;
    return { hour: new Date(hour).toISOString().slice(0, 19).replace('T', ' '), transactions: s.transactions, revenue: money(s.revenueCents) };
  });
}

/** Like topSkusQuery: best sellers by revenue, ties by sku_id. */
export function aggregateTopSkus(days: readonly DayAggregates[], f: Filters, limit: number, names: AggregateNames): Row[] {
  const by = new Map<string, { units: number; revenueCents: number }>();
  for (const d of days) {
    for (const [key, cell] of Object.entries(d.skus)) {
      const bar = key.indexOf('|');
      if (f.store !== undefined && key.slice(0, bar) !== f.store) continue;
      const sku = key.slice(bar + 1);
      const s = by.get(sku) ?? { units: 0, revenueCents: 0 };
      s.units += cell.units;
      s.revenueCents += cell.revenueCents;
      by.set(sku, s);
    }
  }
  return [...by.entries()]
    .sort(([a, x], [b, y]) => y.revenueCents - x.revenueCents || compare(a, b))
    .slice(0, limit)
    .map(([sku, s]) => ({ sku_id: sku, product_name: names.skus.get(sku) ?? null, units: s.units, revenue: money(s.revenueCents) }));
}

/** Like freshnessQuery: the newest transaction of the days and the day it fell on. */
export function aggregateFreshness(days: readonly DayAggregates[]): Row[] {
  let newest = Number.NEGATIVE_INFINITY;
  let newestDay: string | null = null;
  for (const d of days) {
    for (const source of Object.values(d.sources)) {
      for (const cell of Object.values(source.stores)) {
        if (cell.newestMs > newest) {
          newest = cell.newestMs;
          newestDay = d.day;
        }
      }
    }
  }
  return [{ newest_transaction: newestDay === null ? null : new Date(newest).toISOString().slice(0, 19).replace('T', ' '), newest_day: newestDay }];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
