import { parseArgs } from 'node:util';
import { historyKeys, MAX_SKUS, MAX_STORES } from '../../../producer/history/history-contract.js';
import type { SeededRandom } from '../../../producer/history/seeded-random.js';
import { PRODUCER_MODES } from '../../../producer/live/live-contract.js';
import type { ProducerMode } from '../../../producer/live/live-contract.js';
import { runLiveProducer } from '../../../producer/live/live-producer.js';
import { LIVE_PRODUCER_DEFAULTS, resolveLiveProducerOptions } from '../../../producer/live/live-producer-options.js';
import type { LiveProducerOptions, ProducerStatus, ProducerSummary, ResolvedLiveProducerOptions } from '../../../producer/live/live-producer-options.js';
import { loadConfig } from '../../config/load-config.js';
import type { TargetName } from '../../engines/engine.js';
import type { ObjectStore } from '../../storage/object-store.js';
import { TARGET_NAMES, TARGETS } from '../../targets/targets.js';
import { formatCount } from '../../util/progress.js';
import type { CliIo } from '../cli-io.js';
import { numberFlagReader, parseCommandFlags } from '../command-flags.js';

export { startLiveProducer } from '../../../producer/live/start-live-producer.js';
export type { RunningLiveProducer, StartLiveProducerOptions } from '../../../producer/live/start-live-producer.js';
export type { ProducerSummary } from '../../../producer/live/live-producer-options.js';

const HELP = `Usage: npm run produce -- [options]

Writes live POS transactions (datetime = now, UTC) into the lake's incoming/ prefix, where the
ingest runtime (npm run ingest) or the S3-triggered Lambda picks them up. Runs until --duration
has passed or Ctrl-C / SIGTERM, then flushes and prints a summary.

Ids are LV-<producer id>-<sequence> (history ids are TX…); keys are
  single: incoming/<store_id>/<YYYY-MM-DD>/<HHMMSS>-<producer id>-<sequence>.json    one transaction
  batch:  incoming/<store_id>/<YYYY-MM-DD>/<HHMMSSmmm>-<producer id>-<window>.jsonl  one file per store per window

Options:
  --rate TX_PER_S     transactions per second (decimals allowed)     default ${LIVE_PRODUCER_DEFAULTS.rate}
  --duration S        stop after S seconds                           default: until stopped
  --stores N          stores STORE0001… (1–${formatCount(MAX_STORES)}; ≤ the history's)     default ${LIVE_PRODUCER_DEFAULTS.stores}
  --skus N            SKUs SKU00001… (1–${formatCount(MAX_SKUS)}; ≤ the history's)       default ${formatCount(LIVE_PRODUCER_DEFAULTS.skus)}
  --mode M            single (one file per transaction) or batch     default ${LIVE_PRODUCER_DEFAULTS.mode}
  --window-ms N       batch window in milliseconds (10–3600000)      default ${LIVE_PRODUCER_DEFAULTS.windowMs}
  --target T          local or trino (LAKE_DIR, default .lake/), or athena (the configured S3 bucket)   default local
  --producer-id ID    1–16 of A–Z, 0–9; must be unique per run       default: 8 random base32 characters
  --seed N            the history's seed (same best sellers and busy stores)   default ${LIVE_PRODUCER_DEFAULTS.popularitySeed}
  --max-in-flight N   concurrent puts (1–1024)                       default ${LIVE_PRODUCER_DEFAULTS.maxInFlight}
  -h, --help          this help`;

/** Injected by tests; the CLI uses the real clock, timers and process signals. */
export interface ProduceCommandDeps {
  readonly clock?: () => Date;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Stops the producer like SIGINT does. */
  readonly signal?: AbortSignal;
  readonly random?: SeededRandom;
}

const STATUS_INTERVAL_MS = 5000;

/**
 * `npm run produce`: parses flags, picks the store for the target, and runs {@link runLiveProducer}
 * until `--duration` or SIGINT/SIGTERM. Returns the exit code: 0 done, 1 failed, 2 bad usage.
 */
export async function produceCommand(argv: readonly string[], io: CliIo, env: NodeJS.ProcessEnv = process.env, deps: ProduceCommandDeps = {}): Promise<number> {
  const { values, exitCode } = parseCommandFlags(() => parse(argv), io, HELP, 'produce');
  if (!values) return exitCode;

  const usageErrors: string[] = [];
  const number = numberFlagReader(usageErrors);
  const mode = values.mode;
  if (mode !== undefined && !(PRODUCER_MODES as readonly string[]).includes(mode)) {
    usageErrors.push(`--mode must be "single" or "batch", got "${mode}"`);
  }
  const target = values.target ?? 'local';
  if (!(TARGET_NAMES as readonly string[]).includes(target))
    usageErrors.push(`--target must be one of ${TARGET_NAMES.map((n) => `"${n}"`).join(', ')}, got "${target}"`);
  const config = loadConfig();
  const options: LiveProducerOptions = {
    rate: number('rate', values.rate, 'positive'),
    durationSeconds: number('duration', values.duration, 'positive'),
    stores: number('stores', values.stores),
    skus: number('skus', values.skus),
    mode: mode as ProducerMode | undefined,
    windowMs: number('window-ms', values['window-ms']),
    producerId: values['producer-id'],
    popularitySeed: number('seed', values.seed),
    maxInFlight: number('max-in-flight', values['max-in-flight']),
    incomingPrefix: config.lake.prefixes.incoming,
    statusIntervalMs: STATUS_INTERVAL_MS,
  };
  let resolved: ResolvedLiveProducerOptions | undefined;
  if (usageErrors.length === 0) {
    try {
      resolved = resolveLiveProducerOptions(options);
    } catch (error) {
      usageErrors.push(flagName((error as Error).message));
    }
  }
  if (usageErrors.length > 0 || resolved === undefined) {
    io.stderr(`${usageErrors.map((e) => `error: ${e}`).join('\n')}\nRun \`npm run produce -- --help\` to see the options.`);
    return 2;
  }

  // The target's lake: its folder (local, trino) or its S3 bucket (athena).
  const { store, close } = await TARGETS[target as TargetName].objectStore({ config, env });
  try {
    await warnIfBeyondHistory(store, config.lake.prefixes.raw, resolved, io);
    return await produceInto(store, resolved, io, deps);
  } finally {
    close();
  }
}

async function produceInto(store: ObjectStore, resolved: ResolvedLiveProducerOptions, io: CliIo, deps: ProduceCommandDeps): Promise<number> {
  // SIGINT/SIGTERM stop gracefully once; `once` leaves a second Ctrl-C to Node's default (exit).
  const controller = new AbortController();
  const onSignal = (name: string) => () => {
    io.stderr(`${name}: stopping after the current window…`);
    controller.abort();
  };
  const onSigint = onSignal('SIGINT');
  const onSigterm = onSignal('SIGTERM');
  process.once('SIGINT', onSigint);
  process.once('SIGTERM', onSigterm);
  const external = deps.signal;
  const onExternal = (): void => controller.abort();
  external?.addEventListener('abort', onExternal, { once: true });
  if (external?.aborted) controller.abort();

  io.stdout(
    `Producing ${formatRate(resolved.rate)} tx/s (${resolved.mode} mode${resolved.mode === 'batch' ? `, ${resolved.windowMs} ms windows` : ''}) ` +
      `as producer ${resolved.producerId}, ${resolved.stores} stores, ${formatCount(resolved.skus)} SKUs → ` +
      `${store.description}/${resolved.incomingPrefix}` +
      (resolved.durationSeconds === undefined ? '; Ctrl-C to stop' : ` for ${resolved.durationSeconds} s`),
  );
  let summary: ProducerSummary;
  try {
    summary = await runLiveProducer(
      { ...resolved },
      {
        store,
        clock: deps.clock ?? (() => new Date()),
        ...(deps.sleep === undefined ? {} : { sleep: deps.sleep }),
        ...(deps.random === undefined ? {} : { random: deps.random }),
        signal: controller.signal,
        onStatus: (status) => io.stderr(formatStatus(status)),
      },
    );
  } catch (error) {
    io.stderr(`error: ${(error as Error).message}`);
    return 1;
  } finally {
    process.removeListener('SIGINT', onSigint);
    process.removeListener('SIGTERM', onSigterm);
    external?.removeEventListener('abort', onExternal);
  }
  io.stdout(formatSummary(summary));
  return 0;
}

/** The one-line summary printed at the end. */
export function formatSummary(s: ProducerSummary): string {
  return (
    `Wrote ${formatCount(s.transactions)} transactions (${formatCount(s.items)} items) in ${formatCount(s.files)} files ` +
    `(${formatBytes(s.bytes)}) in ${s.elapsedSeconds.toFixed(1)} s: ${s.achievedRate.toFixed(2)} tx/s achieved` +
    (Number.isFinite(s.targetRate) ? ` of ${formatRate(s.targetRate)} requested` : '') +
    `; put latency p50 ${s.putLatencyMs.p50.toFixed(1)} ms, p99 ${s.putLatencyMs.p99.toFixed(1)} ms; ` +
    `max lag ${Math.round(s.maxLagMs)} ms; stopped by ${s.stoppedBy}; producer ${s.producerId}`
  );
}

function formatStatus(s: ProducerStatus): string {
  return (
    `producer ${s.producerId}: ${formatCount(s.transactions)} tx, ${formatCount(s.files)} files in ${s.elapsedSeconds.toFixed(0)} s ` +
    `(${s.achievedRate.toFixed(1)} tx/s), ${s.inFlight} in flight, lag ${Math.round(s.lagMs)} ms`
  );
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      rate: { type: 'string' },
      duration: { type: 'string' },
      stores: { type: 'string' },
      skus: { type: 'string' },
      mode: { type: 'string' },
      'window-ms': { type: 'string' },
      target: { type: 'string' },
      'producer-id': { type: 'string' },
      seed: { type: 'string' },
      'max-in-flight': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** The library names options in camelCase; users typed flags. */
function flagName(message: string): string {
  return message
    .replace(/^windowMs\b/, '--window-ms')
    .replace(/^producerId\b/, '--producer-id')
    .replace(/^popularitySeed\b/, '--seed')
    .replace(/^maxInFlight\b/, '--max-in-flight')
    .replace(/^(rate|duration|stores|skus|mode)\b/, '--$1');
}

/**
 * Live transactions must reference stores and SKUs that exist, or the models' relationship tests
 * fail: warn (not refuse — the history may be generated later) when the flags exceed the history.
 */
async function warnIfBeyondHistory(store: ObjectStore, rawPrefix: string, o: ResolvedLiveProducerOptions, io: CliIo): Promise<void> {
  const keys = historyKeys(rawPrefix);
  try {
    if ((await store.head(keys.stores)) === undefined) return;
    const stores = await countLines(store, keys.stores);
    const skus = await countLines(store, keys.skus);
    if (o.stores > stores) io.stderr(`warning: --stores ${o.stores} exceeds the history's ${stores} stores; later store ids reference unknown stores`);
    if (o.skus > skus) io.stderr(`warning: --skus ${o.skus} exceeds the history's ${skus} SKUs; later SKU ids reference unknown products`);
  } catch {
    // Only a hint: an unreadable history is the backfill's problem, not the producer's.
  }
}

async function countLines(store: ObjectStore, key: string): Promise<number> {
  const { body } = await store.get(key);
  let lines = 0;
  for (let i = 0; i < body.length; i++) if (body[i] === 10) lines++;
  return lines;
}

function formatRate(rate: number): string {
  return Number.isInteger(rate) ? formatCount(rate) : String(rate);
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}
