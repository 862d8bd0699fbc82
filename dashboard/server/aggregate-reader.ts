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
import { addDays, formatDay, type Filters } from './parse-filters.js';
import { skuPricesQuery, storeNamesQuery, type PanelQuery } from './panel-queries.js';
import type { QueryRenderer } from '../../src/dialects/query-sql.js';

/** The panels the aggregates answer, by endpoint name. */
export type AggregatePanel = 'kpis' | 'sales-by-store' | 'stores' | 'hourly' | 'top-skus' | 'freshness';

export interface AggregateReaderOptions {
  readonly store: ObjectStore;
  /** `tables/` (config.lake.prefixes.tables). */
  readonly tablesPrefix: string;
  /** Reads the dimensions (prices and names): two small queries, the only ones it sends. */
  readonly engine: Engine;
  /** Renders those queries in the engine's dialect. */
  readonly renderer: QueryRenderer;
  /**
   * Days ending today (by the clock) the aggregates cover: a range with any day before them goes to
   * the engine. 31 covers the page's default week and a month back; longer ranges are ad-hoc, and
   * reading every file of them once would cost more than a scan of the `daily_store_sales` mart.
   * @default 31
   */
  readonly windowDays?: number;
  /** How often the dimensions are read again, so a price or name change reaches the aggregates. @default 900000 (15 min) */
  readonly dimensionsMs?: number;
  /**
   * How often at most a changing day's aggregate object is written back; between writes the
   * refreshed sums live in memory. While files land every second the object changes on every poll,
   * and with thousands of uncompacted files it is megabytes (10 MB for 10,000 files): writing it
   * each time cost more than the refresh. A restart starts from the last written state and reads
   * the files landed since. @default 30000
   */
  readonly writeEveryMs?: number;
  readonly clock?: () => Date;
}

/**
 * The dashboard's read path over the aggregates: answers a panel for a range by refreshing each
 * day of it incrementally (src/aggregates/refresh-day-aggregates.ts) and summing, instead of
 * querying the engine. One instance per server; concurrent requests share a day's refresh.
 *
 * Where the refresh happens, and why here: lazily, on request, by comparing the day's visible file
 * list with the files already counted. The dashboard server is the only reader, it runs apart from
 * ingest (`npm run dashboard` against a lake that the Lambda, the local runtime or a Glue job
 * writes, and compaction rewrites) and on every target (the lake is a folder or a bucket): a refresh
 * after landing would need a hook in each writer and would still miss compaction's swaps. Comparing
 * listings catches every writer at the cost of one LIST and two small GETs per day and refresh.
 */
export class AggregateReader {
  private dims: { at: number; value: Promise<{ skus: Map<string, SkuInfo>; names: AggregateNames }> } | undefined;
  private readonly days = new Map<string, { at: number; value: Promise<DayAggregates> }>();
  /** When each day's object was last written (wall ms). */
  private readonly written = new Map<string, number>();
  private readonly clock: () => Date;

  constructor(private readonly options: AggregateReaderOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** Whether every day of the range is one the aggregates keep (the window ending today). */
  covers(f: Pick<Filters, 'from' | 'to'>): boolean {
    const first = this.firstDay();
    // Days that left the window are never read again: a server running for months keeps 31 days.
    for (const day of this.days.keys()) if (day < first) this.days.delete(day);
    for (const day of this.written.keys()) if (day < first) this.written.delete(day);
    return f.from >= first && f.to <= formatDay(this.clock().getTime());
  }

  private firstDay(): string {
    return addDays(formatDay(this.clock().getTime()), -((this.options.windowDays ?? 31) - 1));
  }

  /**
   * The panel's rows, as the engine's query returns them, or undefined when the range is not
   * covered. Each day is refreshed unless its last refresh started less than `maxAgeMs` ago (0: the
   * files visible now; the server passes its poll interval while its poller refreshes them anyway).
   */
  async rows(panel: AggregatePanel, f: Filters, options: { limit?: number; maxAgeMs?: number } = {}): Promise<Row[] | undefined> {
    if (!this.covers(f)) return undefined;
    const { names } = await this.dimensions();
    const days = await aggregatesForRange(f, (day) => this.day(day, options.maxAgeMs ?? 0));
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
        return aggregateTopSkus(days, f, options.limit ?? 10, names);
      case 'freshness':
        return aggregateFreshness(days);
    }
  }

  /**
   * Refreshes the days now and returns what changes when their visible files change: the change
   * feed's fingerprint, with no engine query (Athena would bill each poll).
   */
  async fingerprint(days: readonly string[]): Promise<string> {
    const { skus } = await this.dimensions();
    const parts: string[] = [];
    for (const day of days) {
      const a = await this.day(day, 0);
      parts.push(
        `${day}:${a.pricesHash}:${Object.entries(a.sources)
          .map(([key, s]) => `${key}@${s.etag}`)
          .sort()
          .join(',')}`,
      );
    }
    return `${skus.size}|${parts.join('|')}`;
  }

  private day(day: string, maxAgeMs: number): Promise<DayAggregates> {
    const now = this.clockMs();
    const cached = this.days.get(day);
    if (cached && now - cached.at <= maxAgeMs) return cached.value;
    // Chained after a refresh in flight: two refreshes of one day never write its object at once;
    // and started from its result, so the day's object is read back only on the first refresh.
    const previous = cached?.value.catch(() => undefined) ?? Promise.resolve(undefined);
    const value = previous.then((last) =>
      this.dimensions().then(({ skus }) =>
        refreshDayAggregates({
          store: this.options.store,
          tablesPrefix: this.options.tablesPrefix,
          day,
          skus,
          clock: this.clock,
          ...(last ? { previous: last } : {}),
          write: now - (this.written.get(day) ?? Number.NEGATIVE_INFINITY) >= (this.options.writeEveryMs ?? 30_000),
        }).then((r) => {
          if (r.written) this.written.set(day, now);
          return r.aggregates;
        }),
      ),
    );
    value.catch(() => {
      if (this.days.get(day)?.value === value) this.days.delete(day);
    });
    this.days.set(day, { at: now, value });
    return value;
  }

  private dimensions(): Promise<{ skus: Map<string, SkuInfo>; names: AggregateNames }> {
    const now = this.clockMs();
    if (this.dims === undefined || now - this.dims.at > (this.options.dimensionsMs ?? 900_000)) {
      const value = loadDimensions(this.options.engine, this.options.renderer);
      const entry = { at: now, value };
      value.catch(() => {
        if (this.dims === entry) this.dims = undefined;
      });
      this.dims = entry;
    }
    return this.dims.value;
  }

  /** Wall time for the refresh ages (the injected clock may stand still in tests). */
  private clockMs(): number {
    return Date.now();
  }
}

/** SKU prices in cents and names, and store names: what the aggregates need besides the files. */
export async function loadDimensions(engine: Engine, renderer: QueryRenderer): Promise<{ skus: Map<string, SkuInfo>; names: AggregateNames }> {
  const run = async (s: PanelQuery) => {
    const q = renderer.renderQuery(s);
    return (await engine.query(q.sql, q.params)).rows;
  };
  const skuRows = await run(skuPricesQuery());
  const storeRows = await run(storeNamesQuery());
  const skus = new Map(skuRows.map((r) => [String(r.sku_id), { cents: Number(r.cents), name: String(r.product_name) }]));
  return {
    skus,
    names: { stores: new Map(storeRows.map((r) => [String(r.store_id), String(r.store_name)])), skus: new Map([...skus].map(([id, s]) => [id, s.name])) },
  };
}
