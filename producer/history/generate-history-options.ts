import type { ObjectStore } from '../../src/storage/object-store.js';
import type { Progress } from '../../src/util/progress.js';
import { checkInteger } from '../check-integer.js';
import { historyKeys, MAX_SKUS, MAX_STORES, MAX_TRANSACTIONS } from './history-contract.js';
import { parseDate, yesterdayUtc } from './utc-days.js';

/** The history generator's options, defaults and checks, and its summary; `generateHistory` (generate-history.ts) writes. */

/** What to generate. Every field has a default (the figures). */
export interface GenerateHistoryOptions {
  /** @default 5 */
  readonly stores?: number;
  /** @default 12000 */
  readonly skus?: number;
  /** Exactly this many transactions. @default 100000 */
  readonly transactions?: number;
  /** Days of history, ending at `endDate` inclusive. @default 30 */
  readonly days?: number;
  /** @default 42 */
  readonly seed?: number;
  /** Last day of history, `YYYY-MM-DD` (UTC). @default yesterday, by the injected clock */
  readonly endDate?: string;
  /** Transactions per `part-NNNNN.jsonl` file. @default 100000 */
  readonly transactionsPerChunk?: number;
  /** Where the history goes, ending in `/`. @default "raw/" */
  readonly rawPrefix?: string;
  /** Replace an existing history (its files are deleted first). @default false */
  readonly force?: boolean;
}

export interface GenerateHistoryDeps {
  readonly store: ObjectStore;
  /** Decides the default end date (yesterday, UTC); injected so tests are byte-identical. */
  readonly clock: () => Date;
  /** Ticked as transactions are produced (total = `transactions`); `done()` is called at the end. */
  readonly progress?: Progress;
}

export interface GenerateSummary {
  readonly stores: number;
  readonly skus: number;
  readonly transactions: number;
  /** Transaction lines (`transaction_items` rows). */
  readonly items: number;
  /** Σ quantity over all items. */
  readonly units: number;
  /** Objects written (stores, skus, transaction chunks). */
  readonly files: number;
  /** Bytes written over all files. */
  readonly bytes: number;
  /** Bytes of the transaction chunks alone. */
  readonly transactionBytes: number;
  readonly startDate: string;
  readonly endDate: string;
  /** Earliest and latest `transaction_datetime`; `undefined` only when there are no transactions. */
  readonly firstDatetime: string | undefined;
  readonly lastDatetime: string | undefined;
  readonly keys: readonly string[];
}

export const GENERATE_DEFAULTS = {
  stores: 5,
  skus: 12_000,
  transactions: 100_000,
  days: 30,
  seed: 42,
  transactionsPerChunk: 100_000,
  rawPrefix: 'raw/',
} as const;

/** Thrown when a history exists and `force` is not set. */
export class HistoryExistsError extends Error {
  constructor(
    readonly existingKeys: readonly string[],
    where: string,
  ) {
    super(
      `a history already exists in ${where} (${existingKeys.length} file${existingKeys.length === 1 ? '' : 's'}, e.g. ${existingKeys[0] ?? '?'}); ` +
        'regenerating it with other settings would silently change what backfill reads — pass --force to replace it',
    );
    this.name = 'HistoryExistsError';
  }
}

/** Objects of an existing (possibly partial) history under the raw prefix. */
export async function findExistingHistory(store: ObjectStore, rawPrefix: string = GENERATE_DEFAULTS.rawPrefix): Promise<string[]> {
  const keys = historyKeys(rawPrefix);
  const found: string[] = [];
  for (const prefix of [keys.storesPrefix, keys.skusPrefix, keys.transactionsPrefix]) {
    for await (const object of store.list(prefix)) found.push(object.key);
  }
  return found;
}

/** The options with defaults applied and every value checked; throws `RangeError` naming the problem. */
export function resolveGenerateOptions(options: GenerateHistoryOptions, clock: () => Date): Required<GenerateHistoryOptions> {
  const o = {
    stores: options.stores ?? GENERATE_DEFAULTS.stores,
    skus: options.skus ?? GENERATE_DEFAULTS.skus,
    transactions: options.transactions ?? GENERATE_DEFAULTS.transactions,
    days: options.days ?? GENERATE_DEFAULTS.days,
    seed: options.seed ?? GENERATE_DEFAULTS.seed,
    endDate: options.endDate ?? yesterdayUtc(clock()),
    transactionsPerChunk: options.transactionsPerChunk ?? GENERATE_DEFAULTS.transactionsPerChunk,
    rawPrefix: options.rawPrefix ?? GENERATE_DEFAULTS.rawPrefix,
    force: options.force ?? false,
  };
  checkInteger('stores', o.stores, 1, MAX_STORES);
  checkInteger('skus', o.skus, 1, MAX_SKUS);
  checkInteger('transactions', o.transactions, 1, MAX_TRANSACTIONS);
  checkInteger('days', o.days, 1, 3660);
  checkInteger('seed', o.seed, 0, 0xffffffff);
  checkInteger('transactionsPerChunk', o.transactionsPerChunk, 1, 10_000_000);
  if (parseDate(o.endDate).getTime() - (o.days - 1) * 86_400_000 < 0) {
    throw new RangeError(`days: ${o.days} days ending ${o.endDate} would start before 1970-01-01`);
  }
  return o;
}
