import type { SkuInfo } from '../../src/aggregates/file-contribution.js';
import { refreshDayAggregates, type DayAggregates } from '../../src/aggregates/refresh-day-aggregates.js';
import type { Engine, Row } from '../../src/engines/engine.js';
import type { ObjectStore } from '../../src/storage/object-store.js';
import {
  aggregateFreshness,
  aggregateHourly,
  aggregateKpis,
  aggregateSalesByStore,
  aggregateStores,
  aggregateTopSkus,
  aggregatesForRange,
  type AggregateNames,
} from './aggregate-panels.js';
import type { Filters } from './parse-filters.js';

/** The panels the aggregates answer, by endpoint name. */
export type AggregatePanel = 'kpis' | 'sales-by-store' | 'stores' | 'hourly' | 'top-skus' | 'freshness';

export interface AggregateReaderOptions {
  readonly store: ObjectStore;
  /** `tables/` (config.lake.prefixes.tables). */
  readonly tablesPrefix: string;
  /** Reads the dimensions once (prices and names): two small queries, the only ones it sends. */
  readonly engine: Engine;
  /** A day's aggregates are refreshed at most this often (the dashboard's freshness). */
  readonly refreshMs: number;
  readonly clock?: () => Date;
}

/**
 * The dashboard's read path over the aggregates: answers a panel for a range by refreshing each
 * day of it (incrementally, at most once per `refreshMs`) and summing, instead of querying the
 * engine. One instance per server; concurrent requests share a day's refresh.
 *
 * Hook (panel-handlers.ts, per panel): `(await aggregates?.rows('kpis', f)) ?? (await ctx.run(kpisQuery(f, split))).rows`.
 * `rows` answers undefined when the range is longer than `maxDays`: Athena stays the tool for
 * ad-hoc ranges, where reading every file of every day once would cost more than a scan.
 */
export class AggregateReader {
  private dims: Promise<{ skus: Map<string, SkuInfo>; names: AggregateNames }> | undefined;
  private readonly days = new Map<string, { at: number; value: Promise<DayAggregates> }>();

  constructor(
    private readonly options: AggregateReaderOptions,
    private readonly maxDays = 31,
  ) {}

  async rows(panel: AggregatePanel, f: Filters, limit = 10): Promise<Row[] | undefined> {
    if (dayCount(f) > this.maxDays) return undefined;
    const { names } = await this.dimensions();
    const days = await aggregatesForRange(f, (day) => this.day(day));
    if (days === undefined) return undefined;
    switch (panel) {
      case 'kpis':
        return aggregateKpis(days, f);
      case 'sales-by-store':
        return aggregateSalesByStore(days, f, names);
      case 'stores':
        return aggregateStores(days, f, names);
      case 'hourly':
        return aggregateHourly(days, f);
      case 'top-skus':
        return aggregateTopSkus(days, f, limit, names);
      case 'freshness':
        return aggregateFreshness(days);
    }
  }

  private day(day: string): Promise<DayAggregates> {
    const now = (this.options.clock ?? (() => new Date()))().getTime();
    const cached = this.days.get(day);
    if (cached && now - cached.at < this.options.refreshMs) return cached.value;
    const value = this.dimensions().then(({ skus }) =>
      refreshDayAggregates({ store: this.options.store, tablesPrefix: this.options.tablesPrefix, day, skus, ...(this.options.clock ? { clock: this.options.clock } : {}) }).then((r) => r.aggregates),
    );
    value.catch(() => {
      if (this.days.get(day)?.value === value) this.days.delete(day);
    });
    this.days.set(day, { at: now, value });
    return value;
  }

  private dimensions(): Promise<{ skus: Map<string, SkuInfo>; names: AggregateNames }> {
    this.dims ??= loadDimensions(this.options.engine);
    this.dims.catch(() => (this.dims = undefined));
    return this.dims;
  }
}

/** SKU prices in cents and names, and store names: what the aggregates need besides the files. */
export async function loadDimensions(engine: Engine): Promise<{ skus: Map<string, SkuInfo>; names: AggregateNames }> {
  const skuRows = (await engine.query('SELECT sku_id, product_name, CAST(price * 100 AS bigint) AS cents FROM skus')).rows;
  const storeRows = (await engine.query('SELECT store_id, store_name FROM supermarkets')).rows;
  const skus = new Map(skuRows.map((r) => [String(r.sku_id), { cents: Number(r.cents), name: String(r.product_name) }]));
  return {
    skus,
    names: { stores: new Map(storeRows.map((r) => [String(r.store_id), String(r.store_name)])), skus: new Map([...skus].map(([id, s]) => [id, s.name])) },
  };
}

function dayCount(f: Filters): number {
  return Math.round((Date.parse(`${f.to}T00:00:00Z`) - Date.parse(`${f.from}T00:00:00Z`)) / 86_400_000) + 1;
}
