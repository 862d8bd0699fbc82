import { randomBytes } from 'node:crypto';
import type { ObjectStore } from '../../src/storage/object-store.js';
import { checkInteger } from '../check-integer.js';
import { GENERATE_DEFAULTS } from '../history/generate-history-options.js';
import { MAX_SKUS, MAX_STORES } from '../history/history-contract.js';
import type { SeededRandom } from '../history/seeded-random.js';
import { PRODUCER_ID_PATTERN, PRODUCER_MODES, producerIdFromBytes } from './live-contract.js';
import type { ProducerMode } from './live-contract.js';

/** The live producer's options, their defaults and checks, and what it reports; `runLiveProducer` (live-producer.ts) produces. */

/** What to produce. Every field has a default. */
export interface LiveProducerOptions {
  /** Transactions per second; `Infinity` produces as fast as storage accepts (benchmarks). @default 5 */
  readonly rate?: number;
  /**
   * Stop once this many seconds have passed by the clock. That is at most ⌈rate × duration⌉
   * transactions (those due before the end), not exactly: when storage cannot keep up, the ones
   * still behind schedule at the end are not produced (`maxLagMs` shows it), an abort stops
   * earlier, and with `rate` Infinity the count is whatever storage accepted. `summary.transactions`
   * is the exact count. @default until aborted
   */
  readonly durationSeconds?: number;
  /** Stores `STORE0001…`; must not exceed the history's store count. @default 5 */
  readonly stores?: number;
  /** SKUs `SKU00001…`; must not exceed the history's SKU count. @default 12000 */
  readonly skus?: number;
  /** @default "single" */
  readonly mode?: ProducerMode;
  /** Batch mode: window length; one file per store per window. @default 1000 */
  readonly windowMs?: number;
  /** The `<producerId>` of ids and keys (live-contract.ts). @default 8 random base32 characters */
  readonly producerId?: string;
  /** The history's seed, so live best sellers and busy stores match the history's. @default 42 */
  readonly popularitySeed?: number;
  /** Where files go; ends with `/`. @default "incoming/" */
  readonly incomingPrefix?: string;
  /**
   * Puts in flight at most. Sustaining a rate needs rate × put latency in flight: 1,000 tx/s in
   * single mode against S3's ~20–50 ms PUTs needs ~50, which is also the SDK's default socket pool.
   * @default 64
   */
  readonly maxInFlight?: number;
  /** How often `deps.onStatus` is called, by the producer's clock. @default 5000 */
  readonly statusIntervalMs?: number;
}

export interface LiveProducerDeps {
  readonly store: ObjectStore;
  /** Wall clock: transaction datetimes, keys and the schedule. Tests inject a fake one. */
  readonly clock: () => Date;
  /** Waits `ms` by `clock`; tests inject one that advances the fake clock. @default a real timer */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Aborting stops production gracefully: the current window is flushed, in-flight puts finish. */
  readonly signal?: AbortSignal;
  /** Stream of basket draws. @default seeded from crypto randomness */
  readonly random?: SeededRandom;
  /** Called every `statusIntervalMs` while producing. */
  readonly onStatus?: (status: ProducerStatus) => void;
}

/** A running producer's counters. */
export interface ProducerStatus {
  readonly producerId: string;
  readonly transactions: number;
  /** Files written (puts that succeeded). */
  readonly files: number;
  readonly bytes: number;
  readonly elapsedSeconds: number;
  /** Transactions per second since the start. */
  readonly achievedRate: number;
  /** How far behind schedule the latest transaction was produced (storage slower than the rate). */
  readonly lagMs: number;
  readonly inFlight: number;
}

export interface ProducerSummary {
  readonly producerId: string;
  readonly mode: ProducerMode;
  /** The requested rate (`Infinity` when unthrottled). */
  readonly targetRate: number;
  readonly transactions: number;
  /** `transaction_items` rows and Σ quantity. */
  readonly items: number;
  readonly units: number;
  readonly files: number;
  readonly bytes: number;
  /** From the start to the moment production stopped (before the last puts drained). */
  readonly elapsedSeconds: number;
  readonly achievedRate: number;
  /** Put latency, wall time per put, in milliseconds. */
  readonly putLatencyMs: { readonly p50: number; readonly p99: number; readonly max: number };
  /** The largest schedule lag seen: 0 when storage kept up with the rate. */
  readonly maxLagMs: number;
  readonly stoppedBy: 'duration' | 'abort';
  /** First and last key written, in production order. */
  readonly firstKey: string | undefined;
  readonly lastKey: string | undefined;
}

export const LIVE_PRODUCER_DEFAULTS = {
  rate: 5,
  stores: GENERATE_DEFAULTS.stores,
  skus: GENERATE_DEFAULTS.skus,
  mode: 'single',
  windowMs: 1000,
  popularitySeed: GENERATE_DEFAULTS.seed,
  incomingPrefix: 'incoming/',
  maxInFlight: 64,
  statusIntervalMs: 5000,
} as const;

export type ResolvedLiveProducerOptions = Required<Omit<LiveProducerOptions, 'durationSeconds'>> & {
  readonly durationSeconds: number | undefined;
};

/** The options with defaults applied and every value checked; throws `RangeError` naming the option. */
export function resolveLiveProducerOptions(options: LiveProducerOptions): ResolvedLiveProducerOptions {
  const o = {
    rate: options.rate ?? LIVE_PRODUCER_DEFAULTS.rate,
    durationSeconds: options.durationSeconds,
    stores: options.stores ?? LIVE_PRODUCER_DEFAULTS.stores,
    skus: options.skus ?? LIVE_PRODUCER_DEFAULTS.skus,
    mode: options.mode ?? LIVE_PRODUCER_DEFAULTS.mode,
    windowMs: options.windowMs ?? LIVE_PRODUCER_DEFAULTS.windowMs,
    producerId: options.producerId ?? producerIdFromBytes(randomBytes(5)),
    popularitySeed: options.popularitySeed ?? LIVE_PRODUCER_DEFAULTS.popularitySeed,
    incomingPrefix: options.incomingPrefix ?? LIVE_PRODUCER_DEFAULTS.incomingPrefix,
    maxInFlight: options.maxInFlight ?? LIVE_PRODUCER_DEFAULTS.maxInFlight,
    statusIntervalMs: options.statusIntervalMs ?? LIVE_PRODUCER_DEFAULTS.statusIntervalMs,
  };
  if (!(o.rate > 0) || Number.isNaN(o.rate)) throw new RangeError(`rate must be a positive number of transactions per second, got ${o.rate}`);
  if (o.durationSeconds !== undefined && !(o.durationSeconds > 0 && Number.isFinite(o.durationSeconds))) {
    throw new RangeError(`duration must be a positive number of seconds, got ${o.durationSeconds}`);
  }
  checkInteger('stores', o.stores, 1, MAX_STORES);
  checkInteger('skus', o.skus, 1, MAX_SKUS);
  if (!PRODUCER_MODES.includes(o.mode)) throw new RangeError(`mode must be "single" or "batch", got "${String(o.mode)}"`);
  checkInteger('windowMs', o.windowMs, 10, 3_600_000);
  if (!PRODUCER_ID_PATTERN.test(o.producerId)) {
    throw new RangeError(`producerId must be 1–16 upper-case letters or digits, got "${o.producerId}"`);
  }
  checkInteger('popularitySeed', o.popularitySeed, 0, 0xffffffff);
  if (!o.incomingPrefix.endsWith('/') || o.incomingPrefix.startsWith('/')) {
    throw new RangeError(`incomingPrefix must be relative and end with "/", got "${o.incomingPrefix}"`);
  }
  checkInteger('maxInFlight', o.maxInFlight, 1, 1024);
  checkInteger('statusIntervalMs', o.statusIntervalMs, 1, 86_400_000);
  return o;
}
