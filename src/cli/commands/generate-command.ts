import { parseArgs } from 'node:util';
import { generateHistory } from '../../../producer/history/generate-history.js';
import { findExistingHistory, GENERATE_DEFAULTS, HistoryExistsError, resolveGenerateOptions } from '../../../producer/history/generate-history-options.js';
import type { GenerateHistoryOptions, GenerateSummary } from '../../../producer/history/generate-history-options.js';
import { MAX_SKUS, MAX_STORES, MAX_TRANSACTIONS } from '../../../producer/history/history-contract.js';
import { loadConfig } from '../../config/load-config.js';
import type { TargetName } from '../../engines/engine.js';
import { TARGET_NAMES, TARGETS } from '../../targets/targets.js';
import { createProgress, formatCount } from '../../util/progress.js';
import type { ProgressStream } from '../../util/progress.js';
import type { CliIo } from '../cli-io.js';
import { numberFlagReader, parseCommandFlags } from '../command-flags.js';

const HELP = `Usage: npm run generate -- [options]

Writes a deterministic, believable history into the lake's raw/ prefix:
  raw/stores/stores.jsonl                 stores (STORE0001…)
  raw/skus/skus.jsonl                     products with decimal prices (SKU00001…)
  raw/transactions/part-NNNNN.jsonl       raw POS transactions (TX000000001…), in time order

Options:
  --stores N          stores (1–${formatCount(MAX_STORES)})                  default ${GENERATE_DEFAULTS.stores}
  --skus N            products (1–${formatCount(MAX_SKUS)})               default ${formatCount(GENERATE_DEFAULTS.skus)}
  --transactions N    exactly N transactions (1–${formatCount(MAX_TRANSACTIONS)}) default ${formatCount(GENERATE_DEFAULTS.transactions)}
  --days N            days of history, ending at --end-date   default ${GENERATE_DEFAULTS.days}
  --seed N            PRNG seed (0–4294967295); same seed, same bytes   default ${GENERATE_DEFAULTS.seed}
  --end-date DATE     last day, YYYY-MM-DD (UTC)              default yesterday
  --chunk-size N      transactions per part file              default ${formatCount(GENERATE_DEFAULTS.transactionsPerChunk)}
  --target T          local or trino (LAKE_DIR, default .lake/), or athena (the configured S3 bucket)   default local
  --force             replace an existing history (its raw/ files are deleted first)
  -h, --help          this help

Note: with the default --end-date, two runs on different days differ; pass --end-date to pin it.`;

/** Where progress goes: tests inject a stream; the CLI uses stderr. */
export interface GenerateCommandIo extends CliIo {
  readonly progress?: ProgressStream;
}

/**
 * `npm run generate`: parses flags, picks the store for the target, and runs {@link generateHistory}.
 * Returns the exit code: 0 done, 1 refused or failed, 2 bad usage.
 */
export async function generateCommand(
  argv: readonly string[],
  io: GenerateCommandIo,
  env: NodeJS.ProcessEnv = process.env,
  clock: () => Date = () => new Date(),
): Promise<number> {
  const { values, exitCode } = parseCommandFlags(() => parse(argv), io, HELP, 'generate');
  if (!values) return exitCode;

  const usageErrors: string[] = [];
  const integer = numberFlagReader(usageErrors);
  const options: GenerateHistoryOptions = {
    stores: integer('stores', values.stores),
    skus: integer('skus', values.skus),
    transactions: integer('transactions', values.transactions),
    days: integer('days', values.days),
    seed: integer('seed', values.seed),
    endDate: values['end-date'],
    transactionsPerChunk: integer('chunk-size', values['chunk-size']),
    force: values.force ?? false,
  };
  const target = values.target ?? 'local';
  if (!(TARGET_NAMES as readonly string[]).includes(target))
    usageErrors.push(`--target must be one of ${TARGET_NAMES.map((n) => `"${n}"`).join(', ')}, got "${target}"`);
  let resolved: Required<GenerateHistoryOptions> | undefined;
  if (usageErrors.length === 0) {
    try {
      resolved = resolveGenerateOptions(options, clock);
    } catch (error) {
      usageErrors.push(flagName((error as Error).message));
    }
  }
  if (usageErrors.length > 0 || resolved === undefined) {
    io.stderr(`${usageErrors.map((e) => `error: ${e}`).join('\n')}\nRun \`npm run generate -- --help\` to see the options.`);
    return 2;
  }

  const config = loadConfig();
  // The target's lake: its folder (local, trino) or its S3 bucket (athena).
  const { store, close } = await TARGETS[target as TargetName].objectStore({ config, env });
  try {
    if (!resolved.force) {
      const existing = await findExistingHistory(store, config.lake.prefixes.raw);
      if (existing.length > 0) {
        io.stderr(`error: ${new HistoryExistsError(existing, store.description).message}`);
        return 1;
      }
    }
    const progress = createProgress({
      label: 'transactions',
      total: resolved.transactions,
      stream: io.progress ?? defaultProgressStream(io),
    });
    io.stdout(
      `Generating ${formatCount(resolved.transactions)} transactions over ${resolved.days} days to ${resolved.endDate}, ` +
        `${resolved.stores} stores, ${formatCount(resolved.skus)} SKUs, seed ${resolved.seed} → ${store.description}`,
    );
    const started = performance.now();
    let summary: GenerateSummary;
    try {
      summary = await generateHistory({ ...resolved, rawPrefix: config.lake.prefixes.raw }, { store, clock, progress });
    } catch (error) {
      if (error instanceof HistoryExistsError) {
        io.stderr(`error: ${error.message}`);
        return 1;
      }
      throw error;
    }
    const seconds = (performance.now() - started) / 1000;
    io.stdout(
      `Wrote ${summary.files} files (${formatBytes(summary.bytes)}) in ${seconds.toFixed(1)} s: ` +
        `${summary.stores} stores, ${formatCount(summary.skus)} SKUs, ${formatCount(summary.transactions)} transactions ` +
        `with ${formatCount(summary.items)} items (${formatCount(summary.units)} units), ` +
        `${summary.firstDatetime ?? '-'} … ${summary.lastDatetime ?? '-'}`,
    );
    return 0;
  } finally {
    close();
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      stores: { type: 'string' },
      skus: { type: 'string' },
      transactions: { type: 'string' },
      days: { type: 'string' },
      seed: { type: 'string' },
      'end-date': { type: 'string' },
      'chunk-size': { type: 'string' },
      target: { type: 'string' },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** The library names options in camelCase; users typed flags. */
function flagName(message: string): string {
  return message
    .replace(/^transactionsPerChunk\b/, '--chunk-size')
    .replace(/^(stores|skus|transactions|days|seed)\b/, '--$1')
    .replace(/^"(.*)" is not a date/, '--end-date "$1" is not a date');
}

/** On a terminal, the redrawn bar on stderr; otherwise 10 % lines through `io.stderr`. */
function defaultProgressStream(io: CliIo): ProgressStream {
  if (process.stderr.isTTY) return process.stderr;
  return { write: (chunk: string) => io.stderr(chunk.replace(/\n$/, '')), isTTY: false };
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}
