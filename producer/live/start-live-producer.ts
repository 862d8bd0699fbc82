import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config/load-config.js';
import type { CliIo } from '../../src/cli/cli-io.js';
import { LocalObjectStore } from '../../src/storage/local-object-store.js';
import { formatCount } from '../../src/util/progress.js';
import { runLiveProducer } from './live-producer.js';
import type { LiveProducerOptions, ProducerSummary } from './live-producer-options.js';
import { producerIdFromBytes } from './live-contract.js';
import type { ProducerMode } from './live-contract.js';

export interface StartLiveProducerOptions {
  /** The local lake folder; files go to its incoming prefix (from the config). */
  readonly lakeDir: string;
  readonly rate: number;
  readonly mode: ProducerMode;
  /** Where a status line goes every 10 s, and a failure as soon as it happens. @default silent */
  readonly io?: CliIo;
  /** Anything else of {@link runLiveProducer}'s options (stores, skus, producer id, …). */
  readonly options?: Omit<LiveProducerOptions, 'rate' | 'mode' | 'durationSeconds'>;
}

/** A producer running in the background. */
export interface RunningLiveProducer {
  /** Its id (live-contract.ts), known before the first transaction. */
  readonly producerId: string;
  /** Stops gracefully (flushes the current window, waits for in-flight puts) and returns the summary. */
  stop(): Promise<ProducerSummary>;
}

/**
 * Starts the live producer into a local lake without blocking, for `npm start` to run beside the
 * ingest runtime and the dashboard. A failure is reported through `io` when it happens, and again
 * by `stop()`, which rejects with it.
 */
export function startLiveProducer(opts: StartLiveProducerOptions): RunningLiveProducer {
  const config = loadConfig();
  const controller = new AbortController();
  const io = opts.io;
  const producerId = opts.options?.producerId ?? producerIdFromBytes(randomBytes(5));
  const run = runLiveProducer(
    {
      statusIntervalMs: 10_000,
      incomingPrefix: config.lake.prefixes.incoming,
      ...opts.options,
      producerId,
      rate: opts.rate,
      mode: opts.mode,
    },
    {
      store: new LocalObjectStore(opts.lakeDir),
      clock: () => new Date(),
      signal: controller.signal,
      onStatus: (s) => io?.stderr(`producer: ${formatCount(s.transactions)} tx, ${s.achievedRate.toFixed(1)} tx/s`),
    },
  );
  // Observed at once, so a failure is neither an unhandled rejection nor noticed only at stop().
  run.catch((error: unknown) => io?.stderr(`producer stopped: ${(error as Error).message}`));
  return {
    producerId,
    async stop() {
      controller.abort();
      return run;
    },
  };
}
