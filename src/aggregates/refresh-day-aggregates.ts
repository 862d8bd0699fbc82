/**
 * Keeps one day's dashboard aggregates current, incrementally: each run reads only the
 * `transaction_items` files that became visible since the last run (and, to subtract them, those
 * that stopped being visible), then replaces the day's aggregate object in one atomic PUT.
 *
 * Consistent with what every query sees: the visible files are exactly those the
 * `transaction_items` view reads — the partition's Parquet files minus its hidden list
 * (docs/compaction.md) — read hidden list first, then the listing, as the engines do. Ingest is
 * exactly-once per file (a file is named after its object version), so the aggregates are too: a
 * file is counted while it is visible and never twice. When a file to subtract can no longer be
 * read as it was counted (deleted, or a batch file replaced by name), or the prices changed, the
 * day is rebuilt from its visible files.
 *
 * Cost per run: one GET of the hidden list, one LIST page per 1,000 files, one GET and one PUT of
 * the aggregate object when something changed, and at most two GETs per data file over its life.
 */
import { createHash } from 'node:crypto';
import { parquetReadObjects } from 'hyparquet';
import { readHiddenList } from '../compaction/hidden-list.js';
import type { ObjectInfo, ObjectStore } from '../storage/object-store.js';
import { applySkus, fileContribution } from './file-contribution.js';
import type { FileContribution, ItemRow, MinuteCell, SkuCell, SkuInfo, StoreCell } from './file-contribution.js';

const AGGREGATES_VERSION = 1;

/** One source file as counted: its identity and its per-minute and per-store sums. */
export interface CountedSource {
  readonly etag: string;
  readonly size: number;
  readonly minutes: Record<string, MinuteCell>;
  readonly stores: Record<string, StoreCell>;
}

/** The object `tables/_aggregates/dashboard/dt=<day>/aggregates.json`. */
export interface DayAggregates {
  readonly version: typeof AGGREGATES_VERSION;
  readonly day: string;
  readonly refreshedAt: string;
  /** Fingerprint of the SKU prices the sums were computed with. */
  readonly pricesHash: string;
  readonly sources: Record<string, CountedSource>;
  /** Running totals per `store_id|sku_id` over the visible sources. */
  readonly skus: Record<string, SkuCell>;
}

export interface RefreshOptions {
  readonly store: ObjectStore;
  /** `tables/` (config.lake.prefixes.tables). */
  readonly tablesPrefix: string;
  /** `YYYY-MM-DD`. */
  readonly day: string;
  readonly skus: ReadonlyMap<string, SkuInfo>;
  readonly clock?: () => Date;
  /**
   * The day's aggregates as this process last refreshed them, to start from instead of reading the
   * object back (a GET and a parse of every counted file's sums, per day and request). Any earlier
   * exact state will do: the run diffs its sources against the visible files, whoever wrote since.
   * It is consumed: its SKU totals become the result's, updated in place — use the result after.
   */
  readonly previous?: DayAggregates;
  /**
   * Whether to PUT the aggregate object when the sums changed. A reader refreshing every second can
   * write it less often and keep the sums in memory meanwhile (with thousands of uncompacted files
   * the object is megabytes): the next run, here or after a restart, diffs from whatever exact
   * state was last written. @default true
   */
  readonly write?: boolean;
}

export interface RefreshResult {
  readonly aggregates: DayAggregates;
  readonly added: number;
  readonly removed: number;
  readonly rebuilt: boolean;
  /** Whether the aggregate object was written (nothing changed: no PUT). */
  readonly written: boolean;
}

const TABLE = 'transaction_items';

function dayAggregatesKey(tablesPrefix: string, day: string): string {
  return `${tablesPrefix}_aggregates/dashboard/dt=${day}/aggregates.json`;
}

/** The day's aggregates as last written, or undefined when there are none (or of another format version). */
export async function readDayAggregates(store: ObjectStore, tablesPrefix: string, day: string): Promise<DayAggregates | undefined> {
  const key = dayAggregatesKey(tablesPrefix, day);
  if (!(await store.head(key))) return undefined;
  const parsed = JSON.parse(new TextDecoder().decode((await store.get(key)).body)) as DayAggregates;
  return parsed.version === AGGREGATES_VERSION && parsed.day === day ? parsed : undefined;
}

export async function refreshDayAggregates(options: RefreshOptions): Promise<RefreshResult> {
  const { store, tablesPrefix, day, skus } = options;
  const clock = options.clock ?? (() => new Date());
  const pricesHash = hashPrices(skus);
  const partition = `${tablesPrefix}${TABLE}/dt=${day}/`;
  // Hidden list first, then the listing: a merged file written after the list was read is still
  // listed as pending in it (compaction announces before it writes, and waits in between).
  const hidden = new Set((await readHiddenList(store, `${tablesPrefix}_hidden/${TABLE}/dt=${day}/hidden.jsonl`)).map((e) => e.file));
  const visible = new Map<string, ObjectInfo>();
  for await (const o of store.list(partition)) {
    const rest = o.key.slice(partition.length);
    if (rest.includes('/') || !rest.endsWith('.parquet') || rest.startsWith('.')) continue;
    if (!hidden.has(o.key)) visible.set(o.key, o);
  }

  const previous = options.previous?.day === day ? options.previous : await readDayAggregates(store, tablesPrefix, day);
  if (previous !== undefined && previous.pricesHash === pricesHash && unchanged(previous, visible)) {
    // The common case of a poll: nothing landed or went. No copy of the sums, no write.
    return { aggregates: previous, added: 0, removed: 0, rebuilt: false, written: false };
  }
  let sources: Record<string, CountedSource> = {};
  let rebuilt = previous === undefined || previous.pricesHash !== pricesHash;
  // Every read comes first and the SKU totals change last, in one synchronous step: the totals are
  // the previous run's object, updated in place (copying 60,000 store × SKU cells took 70 ms a
  // run), so nothing may fail once it starts.
  const subtract: FileContribution[] = [];
  if (!rebuilt) {
    sources = { ...previous!.sources };
    for (const [key, counted] of Object.entries(previous!.sources)) {
      const now = visible.get(key);
      if (now && sameVersion(now, counted)) continue;
      const contribution = await readAsCounted(store, key, counted, skus);
      if (contribution === undefined) {
        rebuilt = true;
        break;
      }
      subtract.push(contribution);
      delete sources[key];
    }
    if (rebuilt) {
      sources = {};
      subtract.length = 0;
    }
  }
  const add: FileContribution[] = [];
  for (const [key, info] of visible) {
    if (sources[key]) continue;
    const got = await store.get(key);
    const contribution = fileContribution(await readItemRows(got.body), skus);
    add.push(contribution);
    sources[key] = { etag: got.etag, size: info.size, minutes: contribution.minutes, stores: contribution.stores };
  }
  const skuTotals: Record<string, SkuCell> = rebuilt ? {} : previous!.skus;
  for (const c of subtract) applySkus(skuTotals, c, -1);
  for (const c of add) applySkus(skuTotals, c, 1);
  const aggregates: DayAggregates = { version: AGGREGATES_VERSION, day, refreshedAt: clock().toISOString(), pricesHash, sources, skus: skuTotals };
  const changed = rebuilt || add.length > 0 || subtract.length > 0;
  const write = changed && (options.write ?? true);
  if (write) await store.put(dayAggregatesKey(tablesPrefix, day), JSON.stringify(aggregates), { contentType: 'application/json' });
  return {
    aggregates: changed ? aggregates : previous!,
    added: add.length,
    removed: subtract.length,
    rebuilt: rebuilt && previous !== undefined,
    written: write,
  };
}

/** Whether the visible files are exactly those counted, each in the version counted. */
function unchanged(previous: DayAggregates, visible: ReadonlyMap<string, ObjectInfo>): boolean {
  const counted = Object.entries(previous.sources);
  if (counted.length !== visible.size) return false;
  return counted.every(([key, c]) => {
    const now = visible.get(key);
    return now !== undefined && sameVersion(now, c);
  });
}

/** A listing may carry no ETag (the local store); the size then stands in, and a GET confirms. */
function sameVersion(info: ObjectInfo, counted: CountedSource): boolean {
  return info.size === counted.size && (info.etag === undefined || info.etag === counted.etag);
}

/** The file's contribution, if it can still be read exactly as it was counted. */
async function readAsCounted(
  store: ObjectStore,
  key: string,
  counted: CountedSource,
  skus: ReadonlyMap<string, SkuInfo>,
): Promise<FileContribution | undefined> {
  const info = await store.head(key);
  if (!info || !sameVersion(info, counted)) return undefined;
  const got = await store.get(key);
  if (got.etag !== counted.etag) return undefined;
  return fileContribution(await readItemRows(got.body), skus);
}

const COLUMNS = ['transaction_id', 'sku_id', 'quantity', 'store_id', 'transaction_datetime'];

export async function readItemRows(body: Uint8Array): Promise<ItemRow[]> {
  const file = body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer;
  const rows = (await parquetReadObjects({ file, columns: COLUMNS })) as Record<string, unknown>[];
  return rows.map((r) => ({
    transaction_id: String(r['transaction_id']),
    sku_id: String(r['sku_id']),
    quantity: Number(r['quantity']),
    store_id: String(r['store_id']),
    transaction_datetime: r['transaction_datetime'] instanceof Date ? r['transaction_datetime'].getTime() : Number(r['transaction_datetime']),
  }));
}

/** Per price map: a reader refreshes many days with one map, and hashing 12,000 SKUs takes milliseconds. */
const priceHashes = new WeakMap<ReadonlyMap<string, SkuInfo>, string>();

function hashPrices(skus: ReadonlyMap<string, SkuInfo>): string {
  const known = priceHashes.get(skus);
  if (known !== undefined) return known;
  const h = createHash('sha256');
  for (const [id, s] of [...skus].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) h.update(`${id}\t${s.cents}\t${s.name}\n`);
  const hash = h.digest('hex').slice(0, 16);
  priceHashes.set(skus, hash);
  return hash;
}
