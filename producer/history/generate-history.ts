import { ChunkedJsonlWriter, encodeAscii } from './chunked-jsonl-writer.js';
import { generateSkus } from './generate-skus.js';
import { generateStores } from './generate-stores.js';
import { HISTORY_TRANSACTION_ID_DIGITS, HISTORY_TRANSACTION_ID_PREFIX, historyKeys, storeId } from './history-contract.js';
import type { HistoryKeys } from './history-contract.js';
import { findExistingHistory, HistoryExistsError, resolveGenerateOptions } from './generate-history-options.js';
import type { GenerateHistoryDeps, GenerateHistoryOptions, GenerateSummary } from './generate-history-options.js';
import { SeededRandom } from './seeded-random.js';
import { addDays, formatDate, parseDate } from './utc-days.js';
import {
  BASKET_SIZE_WEIGHTS,
  DAILY_NOISE,
  DAY_OF_WEEK_WEIGHTS,
  OPENING_HOURS,
  QUANTITY_WEIGHTS,
  SKU_ZIPF_EXPONENT,
  STORE_TRAFFIC_RANGE,
  WEEKDAY_HOUR_WEIGHTS,
  WEEKEND_HOUR_WEIGHTS,
} from './shopping-profile.js';
import { WeightedSampler } from './weighted-sampler.js';

/**
 * Writes a believable, deterministic history through `deps.store`: stores, SKUs, and exactly
 * `transactions` raw POS transactions in datetime order, chunked as JSON Lines (see
 * history-contract.ts for the layout). Memory is bounded by one day's timestamps plus one chunk.
 *
 * The bytes depend only on the resolved options; the clock only supplies the default end date, and
 * the chunk size only moves the file boundaries (the concatenated lines stay the same).
 */
export async function generateHistory(options: GenerateHistoryOptions, deps: GenerateHistoryDeps): Promise<GenerateSummary> {
  const o = resolveGenerateOptions(options, deps.clock);
  const keys = historyKeys(o.rawPrefix);
  const existing = await findExistingHistory(deps.store, o.rawPrefix);
  if (existing.length > 0) {
    if (!o.force) throw new HistoryExistsError(existing, deps.store.description);
    // Delete first: a shorter history must not leave the old part-000NN files for backfill to read.
    for (const key of existing) await deps.store.delete(key);
  }

  const stores = generateStores(o.stores, o.seed);
  const skus = generateSkus(o.skus, o.seed);
  const result = await writeTransactions(o, keys, deps);

  // Dimensions last: stores.jsonl is the completion marker (history-contract.ts).
  const skuBody = Buffer.from(skus.map((s) => JSON.stringify(s)).join('\n') + '\n', 'utf8');
  await deps.store.put(keys.skus, skuBody, { contentType: 'application/x-ndjson' });
  const storeBody = Buffer.from(stores.map((s) => JSON.stringify(s)).join('\n') + '\n', 'utf8');
  await deps.store.put(keys.stores, storeBody, { contentType: 'application/x-ndjson' });

  return {
    stores: stores.length,
    skus: skus.length,
    transactions: result.transactions,
    items: result.items,
    units: result.units,
    files: result.keys.length + 2,
    bytes: result.bytes + skuBody.byteLength + storeBody.byteLength,
    transactionBytes: result.bytes,
    startDate: formatDate(addDays(parseDate(o.endDate), -(o.days - 1))),
    endDate: o.endDate,
    firstDatetime: result.firstDatetime,
    lastDatetime: result.lastDatetime,
    keys: [...result.keys, keys.skus, keys.stores],
  };
}

interface TransactionsResult {
  transactions: number;
  items: number;
  units: number;
  bytes: number;
  keys: string[];
  firstDatetime: string | undefined;
  lastDatetime: string | undefined;
}

const PROGRESS_STEP = 10_000;

async function writeTransactions(o: Required<GenerateHistoryOptions>, keys: HistoryKeys, deps: GenerateHistoryDeps): Promise<TransactionsResult> {
  // Separate streams: the day split, the store mix and the SKU ranking stay put when, say, only
  // --transactions changes, so two histories of one seed look like the same shops.
  const dayRandom = new SeededRandom(o.seed, 'days');
  const popularityRandom = new SeededRandom(o.seed, 'popularity');
  const random = new SeededRandom(o.seed, 'transactions');

  const storeSampler = new WeightedSampler(
    Array.from({ length: o.stores }, () => STORE_TRAFFIC_RANGE.min + popularityRandom.next() * (STORE_TRAFFIC_RANGE.max - STORE_TRAFFIC_RANGE.min)),
  );
  // Zipf over a random ranking, so best sellers are spread over the catalogue, not SKU00001…
  const rankToSku = popularityRandom.shuffle(Array.from({ length: o.skus }, (_, i) => i));
  const zipfWeights = new Float64Array(o.skus);
  for (let rank = 0; rank < o.skus; rank++) zipfWeights[rankToSku[rank] as number] = 1 / (rank + 1) ** SKU_ZIPF_EXPONENT;
  const skuSampler = new WeightedSampler(zipfWeights);
  const basketSampler = new WeightedSampler(BASKET_SIZE_WEIGHTS);
  const quantitySampler = new WeightedSampler(QUANTITY_WEIGHTS);
  const weekdayHours = new WeightedSampler(WEEKDAY_HOUR_WEIGHTS);
  const weekendHours = new WeightedSampler(WEEKEND_HOUR_WEIGHTS);

  // Pre-encoded JSON fragments: the hot loop only copies bytes and writes digits. The line is
  // exactly JSON.stringify of {transaction_id, store_id, transaction_datetime, items:[{sku_id, quantity}]}.
  const idOpen = encodeAscii(`{"transaction_id":"${HISTORY_TRANSACTION_ID_PREFIX}`);
  const storeFragments = Array.from({ length: o.stores }, (_, i) => encodeAscii(`","store_id":"${storeId(i + 1)}","transaction_datetime":"`));
  const itemsOpen = encodeAscii('","items":[');
  const skuOpen = encodeAscii('{"sku_id":"SKU');
  const quantityOpen = encodeAscii('","quantity":');
  const colon = encodeAscii(':');
  const itemClose = encodeAscii('}');
  const comma = encodeAscii(',');
  const lineClose = encodeAscii(']}');

  const start = addDays(parseDate(o.endDate), -(o.days - 1));
  const dayWeights = Array.from({ length: o.days }, (_, d) => {
    const dow = addDays(start, d).getUTCDay();
    return (DAY_OF_WEEK_WEIGHTS[dow] as number) * (1 - DAILY_NOISE + dayRandom.next() * 2 * DAILY_NOISE);
  });
  const dailyCounts = allocate(o.transactions, dayWeights);

  const writer = new ChunkedJsonlWriter(deps.store, keys.transactionChunk, o.transactionsPerChunk);
  const progress = deps.progress;
  const basket = new Int32Array(12);
  const maxBasket = Math.min(12, o.skus);
  let sequence = 0;
  let items = 0;
  let units = 0;
  let sinceTick = 0;
  let firstDatetime: string | undefined;
  let lastDatetime: string | undefined;

  for (let d = 0; d < o.days; d++) {
    const count = dailyCounts[d] as number;
    if (count === 0) continue;
    const day = addDays(start, d);
    const dow = day.getUTCDay();
    const hours = dow === 0 || dow === 6 ? weekendHours : weekdayHours;
    // One day's seconds-since-midnight, sorted: the only per-day memory (4 bytes a transaction).
    const times = new Uint32Array(count);
    for (let i = 0; i < count; i++) {
      times[i] = (OPENING_HOURS.openHour + hours.sample(random)) * 3600 + random.int(3600);
    }
    times.sort();
    const dayString = formatDate(day);
    const datePrefix = encodeAscii(`${dayString} `);

    for (let i = 0; i < count; i++) {
      sequence++;
      const second = times[i] as number;
      writer.beginLine();
      writer.ascii(idOpen);
      writer.digits(sequence, HISTORY_TRANSACTION_ID_DIGITS);
      writer.ascii(storeFragments[storeSampler.sample(random)] as Uint8Array);
      writer.ascii(datePrefix);
      writer.digits(Math.floor(second / 3600), 2);
      writer.ascii(colon);
      writer.digits(Math.floor(second / 60) % 60, 2);
      writer.ascii(colon);
      writer.digits(second % 60, 2);
      writer.ascii(itemsOpen);
      const size = Math.min(maxBasket, basketSampler.sample(random) + 1);
      for (let k = 0; k < size; k++) {
        const sku = drawDistinctSku(skuSampler, random, basket, k);
        basket[k] = sku;
        const quantity = quantitySampler.sample(random) + 1;
        if (k > 0) writer.ascii(comma);
        writer.ascii(skuOpen);
        writer.digits(sku + 1, 5);
        writer.ascii(quantityOpen);
        writer.digits(quantity, 1);
        writer.ascii(itemClose);
        units += quantity;
      }
      writer.ascii(lineClose);
      writer.endLine();
      items += size;
      if (writer.full) await writer.flush();
      if (++sinceTick === PROGRESS_STEP) {
        progress?.tick(sinceTick);
        sinceTick = 0;
      }
    }
    firstDatetime ??= `${dayString} ${formatTime(times[0] as number)}`;
    lastDatetime = `${dayString} ${formatTime(times[count - 1] as number)}`;
  }
  await writer.flush();
  if (sinceTick > 0) progress?.tick(sinceTick);
  progress?.done();
  return { transactions: sequence, items, units, bytes: writer.bytes, keys: writer.keys, firstDatetime, lastDatetime };
}

/** A SKU not among `basket[0..filled)`; popular SKUs collide often, so redraw, then fall back to a scan. */
function drawDistinctSku(sampler: WeightedSampler, random: SeededRandom, basket: Int32Array, filled: number): number {
  for (let attempt = 0; attempt < 64; attempt++) {
    const sku = sampler.sample(random);
    if (!contains(basket, filled, sku)) return sku;
  }
  // Only reachable with tiny catalogues (a handful of SKUs): take the first unused one.
  for (let sku = 0; sku < sampler.size; sku++) if (!contains(basket, filled, sku)) return sku;
  throw new RangeError('basket larger than the catalogue');
}

function contains(basket: Int32Array, filled: number, sku: number): boolean {
  for (let j = 0; j < filled; j++) if (basket[j] === sku) return true;
  return false;
}

/** Splits `total` into integers proportional to `weights` that sum to exactly `total` (largest remainder). */
function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / sum) * total);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left === 0) break;
    counts[i] = (counts[i] as number) + 1;
    left--;
  }
  return counts;
}

/** Seconds since midnight as `HH:MM:SS`. */
function formatTime(second: number): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(Math.floor(second / 3600))}:${two(Math.floor(second / 60) % 60)}:${two(second % 60)}`;
}
