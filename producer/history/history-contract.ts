/**
 * What other code (the batch job, backfill, `npm start`, the live producer) may rely on about a
 * generated history: where its files are and how its ids look.
 *
 * Layout under the raw prefix (default `raw/`, `lake.prefixes.raw` in the config):
 * - `stores/stores.jsonl`  — `{"store_id","store_name","store_location"}` per line
 * - `skus/skus.jsonl`      — `{"sku_id","product_name","price"}` per line, `price` a decimal string ("3.49")
 * - `transactions/part-00000.jsonl`, `part-00001.jsonl`, … — raw POS transactions (models/sources/pos_transactions.sql), in
 *   `transaction_datetime` order across the whole history, ids ascending in the same order.
 *
 * The transaction files are written first and `stores/stores.jsonl` last, so the presence of the
 * stores file means a complete history ({@link HISTORY_COMPLETION_MARKER}).
 */

/** History transaction ids are `TX` + 9 digits (`TX000000001`), numbered from 1 in time order. */
export const HISTORY_TRANSACTION_ID_PREFIX = 'TX';
export const HISTORY_TRANSACTION_ID_DIGITS = 9;
/** Matches history transaction ids only; live producers use a different namespace. */
export const HISTORY_TRANSACTION_ID_PATTERN = /^TX\d{9}$/;
/** `STORE` + 4 digits, from `STORE0001`. */
export const STORE_ID_PATTERN = /^STORE\d{4}$/;
/** `SKU` + 5 digits, from `SKU00001`. */
export const SKU_ID_PATTERN = /^SKU\d{5}$/;

export const MAX_STORES = 9_999;
export const MAX_SKUS = 99_999;
export const MAX_TRANSACTIONS = 999_999_999;

export function storeId(n: number): string {
  return `STORE${String(n).padStart(4, '0')}`;
}

export function skuId(n: number): string {
  return `SKU${String(n).padStart(5, '0')}`;
}

/** Object keys of a history under a raw prefix (ending in `/`). */
export interface HistoryKeys {
  readonly storesPrefix: string;
  readonly skusPrefix: string;
  readonly transactionsPrefix: string;
  readonly stores: string;
  readonly skus: string;
  /** Key of the `index`-th (from 0) transaction chunk. */
  transactionChunk(index: number): string;
}

export function historyKeys(rawPrefix = 'raw/'): HistoryKeys {
  if (rawPrefix !== '' && !rawPrefix.endsWith('/')) throw new RangeError(`raw prefix "${rawPrefix}" must end with "/"`);
  const storesPrefix = `${rawPrefix}stores/`;
  const skusPrefix = `${rawPrefix}skus/`;
  const transactionsPrefix = `${rawPrefix}transactions/`;
  return {
    storesPrefix,
    skusPrefix,
    transactionsPrefix,
    stores: `${storesPrefix}stores.jsonl`,
    skus: `${skusPrefix}skus.jsonl`,
    transactionChunk: (index) => `${transactionsPrefix}part-${String(index).padStart(5, '0')}.jsonl`,
  };
}

/** The key whose presence means a complete history: it is written last. */
export function historyCompletionMarker(rawPrefix = 'raw/'): string {
  return historyKeys(rawPrefix).stores;
}
export const HISTORY_COMPLETION_MARKER = historyCompletionMarker();
