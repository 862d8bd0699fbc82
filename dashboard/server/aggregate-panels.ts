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

/** The aggregates of every day from `from` to `to` (read at once), or undefined if a day has none. */
export async function aggregatesForRange(
  f: Pick<Filters, 'from' | 'to'>,
  read: (day: string) => Promise<DayAggregates | undefined>,
): Promise<DayAggregates[] | undefined> {
  const pending: Promise<DayAggregates | undefined>[] = [];
  for (let day = f.from; day <= f.to; day = addDays(day, 1)) pending.push(read(day));
  const out = await Promise.all(pending);
  return out.every((a) => a !== undefined) ? (out as DayAggregates[]) : undefined;
}

interface Sums {
  transactions: number;
  items: number;
  revenueCents: number;
}

interface SkuSums {
  units: number;
  revenueCents: number;
}

/**
 * A day's sums per store, per store and hour, and per store and SKU: computed once per aggregate
 * object (the reader keeps the object until the day changes), so a panel over a month adds up 30
 * small maps instead of every minute cell of every file again.
 */
interface DaySummary {
  readonly stores: Map<string, Sums>;
  readonly hours: Map<string, Map<number, Sums>>;
  readonly skus: Map<string, Map<string, SkuSums>>;
}

const summaries = new WeakMap<DayAggregates, DaySummary>();

function summary(d: DayAggregates): DaySummary {
  let s = summaries.get(d);
  if (s) return s;
  s = { stores: new Map(), hours: new Map(), skus: new Map() };
  for (const source of Object.values(d.sources)) {
    for (const [key, cell] of Object.entries(source.minutes)) {
      const bar = key.lastIndexOf('|');
      const store = key.slice(0, bar);
      const hour = Math.floor(Number(key.slice(bar + 1)) / 3_600_000) * 3_600_000;
      add(entry(s.stores, store), cell);
      const hours = s.hours.get(store) ?? new Map<number, Sums>();
      s.hours.set(store, hours);
      add(entry(hours, hour), cell);
    }
  }
  for (const [key, cell] of Object.entries(d.skus)) {
    const bar = key.indexOf('|');
    const store = key.slice(0, bar);
    const skus = s.skus.get(store) ?? new Map<string, SkuSums>();
    s.skus.set(store, skus);
    skus.set(key.slice(bar + 1), { units: cell.units, revenueCents: cell.revenueCents });
  }
  summaries.set(d, s);
  return s;
}

function entry<K>(map: Map<K, Sums>, key: K): Sums {
  let e = map.get(key);
  if (!e) map.set(key, (e = { transactions: 0, items: 0, revenueCents: 0 }));
  return e;
}

/** The per-store entries of a summary map, for one store or all. */
function* perStore<V>(map: Map<string, V>, store: string | undefined): Generator<[string, V]> {
  if (store === undefined) yield* map;
  else if (map.has(store)) yield [store, map.get(store)!];
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
  for (const d of days) {
    for (const [, sums] of perStore(summary(d).stores, f.store)) {
      add(total, sums);
      any = true;
    }
  }
  return [
    any ? { revenue: money(total.revenueCents), transactions: total.transactions, items: total.items } : { revenue: null, transactions: null, items: null },
  ];
}

/** Like salesByStoreQuery: per store with sales, in store order. */
export function aggregateSalesByStore(days: readonly DayAggregates[], f: Filters, names: AggregateNames): Row[] {
  const by = new Map<string, Sums>();
  for (const d of days) for (const [store, sums] of perStore(summary(d).stores, f.store)) add(entry(by, store), sums);
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
  for (const d of days) for (const [, hours] of perStore(summary(d).hours, f.store)) for (const [hour, sums] of hours) add(entry(by, hour), sums);
  return [...by.keys()]
    .sort((a, b) => a - b)
    .map((hour) => {
      const s = by.get(hour)!;
      return { hour: new Date(hour).toISOString().slice(0, 19).replace('T', ' '), transactions: s.transactions, revenue: money(s.revenueCents) };
    });
}

/** Like topSkusQuery: best sellers by revenue, ties by sku_id. */
export function aggregateTopSkus(days: readonly DayAggregates[], f: Filters, limit: number, names: AggregateNames): Row[] {
  const by = new Map<string, SkuSums>();
  for (const d of days) {
    for (const [, skus] of perStore(summary(d).skus, f.store)) {
      for (const [sku, cell] of skus) {
        const s = by.get(sku);
        if (s) {
          s.units += cell.units;
          s.revenueCents += cell.revenueCents;
        } else by.set(sku, { units: cell.units, revenueCents: cell.revenueCents });
      }
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
