import { randomInt } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { SeededRandom } from '../history/seeded-random.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';
import { LatencyReservoir } from './latency-reservoir.js';
import { LiveBasketSampler } from './live-basket-sampler.js';
import {
  batchWindowKey,
  formatTransactionDatetime,
  liveTransactionId,
  PRODUCER_ID_PATTERN,
  PRODUCER_MODES,
  producerIdFromBytes,
  singleTransactionKey,
} from './live-contract.js';
import type { LiveItem } from './live-basket-sampler.js';
import { resolveLiveProducerOptions } from './live-producer-options.js';
import type { LiveProducerDeps, LiveProducerOptions, ProducerStatus, ProducerSummary } from './live-producer-options.js';

/** Generation yields to the event loop after this many transactions in a row (unthrottled runs, catch-up bursts). */
const SLICE = 512;

/**
 * Writes live transactions (datetime = now, UTC) into `incoming/` through `deps.store` at `rate`
 * per second until `durationSeconds` have passed or `deps.signal` aborts, then resolves with a
 * summary once every put has finished. Ids and keys follow live-contract.ts.
 *
 * Scheduling is by absolute time: transaction `i` is due at `start + i / rate`, so timer jitter and
 * slow puts never accumulate into drift — a late producer catches up in a burst. Puts run
 * concurrently (at most `maxInFlight`), so storage latency does not cap the rate.
 *
 * In batch mode, windows are aligned to the start (`start + k × windowMs`); at each window's end, each
 * store that had transactions gets one JSON Lines file. Stopping flushes the partial window.
 *
 * A failed put stops production; the returned promise rejects with that error after the other
 * in-flight puts have settled (the SDK has already retried transient S3 errors by then).
 */
export async function runLiveProducer(options: LiveProducerOptions, deps: LiveProducerDeps): Promise<ProducerSummary> {
  const o = resolveLiveProducerOptions(options);
  const { store, clock, signal } = deps;
  const sleep = deps.sleep ?? ((ms: number) => delay(ms, undefined, signal ? { signal } : {}).catch(() => undefined));
  const random = deps.random ?? new SeededRandom(randomInt(0, 0x100000000), 'live');
  const sampler = new LiveBasketSampler(o.stores, o.skus, o.popularitySeed, random);
  const limiter = new ConcurrencyLimiter(o.maxInFlight);
  const latencies = new LatencyReservoir();
  const now = (): number => clock().getTime();

  // Abort wakes a sleeping producer at once, whatever sleep was injected.
  let aborted = signal?.aborted ?? false;
  let wake: () => void = () => {};
  const onAbort = (): void => {
    aborted = true;
    wake();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  const sleepUntil = async (at: number): Promise<void> => {
    // An abort or failure that came in while producing must not wait out a whole sleep.
    if (aborted || failure !== undefined) return;
    const ms = Math.max(1, Math.ceil(at - now()));
    await Promise.race([sleep(ms), new Promise<void>((resolve) => (wake = resolve))]);
  };

  const startMs = now();
  const total = o.durationSeconds === undefined || o.rate === Infinity ? Infinity : Math.ceil(o.rate * o.durationSeconds - 1e-9);
  const endMs = o.durationSeconds === undefined ? Infinity : startMs + o.durationSeconds * 1000;
  const dueAt = (i: number): number => (o.rate === Infinity ? startMs : startMs + (i * 1000) / o.rate);

  let produced = 0;
  let items = 0;
  let units = 0;
  let files = 0;
  let bytes = 0;
  let lagMs = 0;
  let maxLagMs = 0;
  let firstKey: string | undefined;
  let lastKey: string | undefined;
  let failure: { error: unknown } | undefined;
  let windowSeq = 0;
  let windowIndex = 0;
  const windowStart = (k: number): number => startMs + k * o.windowMs;
  const windowLines: string[][] = Array.from({ length: o.stores }, () => []);
  let windowHasLines = false;

  const put = async (key: string, text: string, contentType: string): Promise<void> => {
    await limiter.acquire();
    firstKey ??= key;
    lastKey = key;
    const body = Buffer.from(text, 'utf8');
    const started = performance.now();
    // Not awaited: the schedule goes on while the put is in flight; the limiter bounds how many.
    store.put(key, body, { contentType }).then(
      () => {
        latencies.record(performance.now() - started);
        files++;
        bytes += body.byteLength;
        limiter.release();
      },
      (error: unknown) => {
        failure ??= { error };
        limiter.release();
        wake();
      },
    );
  };

  const flushWindow = async (): Promise<void> => {
    if (!windowHasLines) return;
    windowSeq++;
    const at = new Date(windowStart(windowIndex));
    for (let s = 0; s < windowLines.length; s++) {
      const lines = windowLines[s] as string[];
      if (lines.length === 0) continue;
      const key = batchWindowKey(o.incomingPrefix, sampler.storeIdOf(s), at, o.producerId, windowSeq);
      await put(key, `${lines.join('\n')}\n`, 'application/x-ndjson');
      windowLines[s] = [];
    }
    windowHasLines = false;
  };

  const produceOne = async (due: number): Promise<void> => {
    const at = clock();
    // Unthrottled runs have no schedule to lag behind.
    const lag = o.rate === Infinity ? 0 : at.getTime() - due;
    lagMs = lag > 0 ? lag : 0;
    if (lagMs > maxLagMs) maxLagMs = lagMs;
    const seq = ++produced;
    const storeIndex = sampler.nextStoreIndex();
    const basket: LiveItem[] = sampler.nextItems();
    items += basket.length;
    for (const item of basket) units += item.quantity;
    // Key order is the contract's (models/sources/pos_transactions.sql).
    const line = JSON.stringify({
      transaction_id: liveTransactionId(o.producerId, seq),
      store_id: sampler.storeIdOf(storeIndex),
      transaction_datetime: formatTransactionDatetime(at),
      items: basket,
    });
    if (o.mode === 'single') {
      await put(singleTransactionKey(o.incomingPrefix, sampler.storeIdOf(storeIndex), at, o.producerId, seq), `${line}\n`, 'application/json');
    } else {
      (windowLines[storeIndex] as string[]).push(line);
      windowHasLines = true;
    }
  };

  const status = (t: number): ProducerStatus => {
    const elapsedSeconds = (t - startMs) / 1000;
    return {
      producerId: o.producerId,
      transactions: produced,
      files,
      bytes,
      elapsedSeconds,
      achievedRate: elapsedSeconds > 0 ? produced / elapsedSeconds : 0,
      lagMs,
      inFlight: limiter.inFlight,
    };
  };

  let nextStatusMs = startMs + o.statusIntervalMs;
  let stoppedBy: ProducerSummary['stoppedBy'] = 'abort';
  let stopMs = startMs;
  try {
    for (;;) {
      if (aborted || failure !== undefined) break;
      const t = now();
      if (o.mode === 'batch' && t >= windowStart(windowIndex + 1)) {
        await flushWindow();
        windowIndex = Math.floor((t - startMs) / o.windowMs);
      }
      if (t >= endMs) {
        stoppedBy = 'duration';
        break;
      }
      let burst = 0;
      while (produced < total && burst < SLICE && !aborted && failure === undefined) {
        const due = dueAt(produced);
        if (due > t) break;
        // A batch window that ends during a burst is flushed first, so its file holds only its own transactions.
        if (o.mode === 'batch' && now() >= windowStart(windowIndex + 1)) break;
        await produceOne(due);
        burst++;
      }
      if (deps.onStatus !== undefined && t >= nextStatusMs) {
        deps.onStatus(status(t));
        nextStatusMs = t + o.statusIntervalMs;
      }
      if (burst === SLICE || (o.rate === Infinity && burst > 0)) {
        // More may be due: let put callbacks and the abort signal run, then go on without sleeping.
        await new Promise<void>((resolve) => setImmediate(resolve));
        continue;
      }
      let next = Math.min(endMs, produced < total ? dueAt(produced) : Infinity);
      if (o.mode === 'batch') next = Math.min(next, windowStart(windowIndex + 1));
      if (next === Infinity) break;
      if (next > now()) await sleepUntil(next);
    }
    stopMs = now();
    if (o.mode === 'batch' && failure === undefined) await flushWindow();
  } finally {
    await limiter.idle();
    signal?.removeEventListener('abort', onAbort);
  }
  if (failure !== undefined) throw failure.error;

  const elapsedSeconds = (stopMs - startMs) / 1000;
  return {
    producerId: o.producerId,
    mode: o.mode,
    targetRate: o.rate,
    transactions: produced,
    items,
    units,
    files,
    bytes,
    elapsedSeconds,
    achievedRate: elapsedSeconds > 0 ? produced / elapsedSeconds : 0,
    putLatencyMs: { p50: latencies.percentile(50), p99: latencies.percentile(99), max: latencies.max },
    maxLagMs,
    stoppedBy,
    firstKey,
    lastKey,
  };
}
