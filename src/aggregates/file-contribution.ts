/**
 * What one Parquet file of `transaction_items` contributes to the dashboard's aggregates: per store
 * and minute (transactions, items, revenue), per store and SKU (units, revenue), and per store (all
 * transactions, the newest one). Pure: rows and prices in, sums out.
 *
 * The sums follow the analyst views exactly (models/views/): `sales_by_store`, `hourly_sales` and
 * `top_skus` inner-join `skus`, so an item whose SKU has no price counts nowhere there;
 * `store_freshness` counts every transaction. Money is in integer cents, so adding and subtracting
 * files never drifts. A transaction's items are written together (one object, one file) and carry
 * one datetime, so distinct counts per file and minute add up to the views' distinct counts.
 */

/** A SKU's price in cents and its name (`skus`). */
export interface SkuInfo {
  readonly cents: number;
  readonly name: string;
}

export interface MinuteCell {
  transactions: number;
  items: number;
  revenueCents: number;
}

export interface SkuCell {
  units: number;
  revenueCents: number;
}

export interface StoreCell {
  transactions: number;
  /** Epoch ms of the newest transaction (UTC, as stored). */
  newestMs: number;
}

export interface FileContribution {
  /** `store_id|minute epoch ms` → sums. */
  readonly minutes: Record<string, MinuteCell>;
  /** `store_id|sku_id` → sums. */
  readonly skus: Record<string, SkuCell>;
  readonly stores: Record<string, StoreCell>;
}

/** One `transaction_items` row as read from Parquet (timestamps as epoch ms). */
export interface ItemRow {
  readonly transaction_id: string;
  readonly sku_id: string;
  readonly quantity: number;
  readonly store_id: string;
  readonly transaction_datetime: number;
}

const MINUTE_MS = 60_000;

export function fileContribution(rows: Iterable<ItemRow>, skus: ReadonlyMap<string, SkuInfo>): FileContribution {
  const minutes: Record<string, MinuteCell> = {};
  const skuCells: Record<string, SkuCell> = {};
  const stores: Record<string, StoreCell> = {};
  const seenAll = new Set<string>();
  const seenPriced = new Set<string>();
  for (const r of rows) {
    const store = (stores[r.store_id] ??= { transactions: 0, newestMs: Number.NEGATIVE_INFINITY });
    if (!seenAll.has(r.transaction_id)) {
      seenAll.add(r.transaction_id);
      store.transactions += 1;
    }
    store.newestMs = Math.max(store.newestMs, r.transaction_datetime);
    const sku = skus.get(r.sku_id);
    if (sku === undefined) continue;
    const revenue = r.quantity * sku.cents;
    const minute = Math.floor(r.transaction_datetime / MINUTE_MS) * MINUTE_MS;
    const m = (minutes[`${r.store_id}|${minute}`] ??= { transactions: 0, items: 0, revenueCents: 0 });
    if (!seenPriced.has(r.transaction_id)) {
      seenPriced.add(r.transaction_id);
      m.transactions += 1;
    }
    m.items += r.quantity;
    m.revenueCents += revenue;
    const s = (skuCells[`${r.store_id}|${r.sku_id}`] ??= { units: 0, revenueCents: 0 });
    s.units += r.quantity;
    s.revenueCents += revenue;
  }
  return { minutes, skus: skuCells, stores };
}

/** Adds (`sign` 1) or removes (`sign` -1) a file's SKU sums from a day's running totals; empty cells go. */
export function applySkus(totals: Record<string, SkuCell>, contribution: FileContribution, sign: 1 | -1): void {
  for (const [key, cell] of Object.entries(contribution.skus)) {
    const t = (totals[key] ??= { units: 0, revenueCents: 0 });
    t.units += sign * cell.units;
    t.revenueCents += sign * cell.revenueCents;
    if (t.units === 0 && t.revenueCents === 0) delete totals[key];
  }
}
