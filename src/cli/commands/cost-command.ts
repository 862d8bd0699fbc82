import { parseArgs } from 'node:util';
import priceFile from '../../cost/aws-prices.json' with { type: 'json' };
import { DEFAULT_INPUTS, PRODUCER_SHAPES, type ProducerShape } from '../../cost/cost-inputs.js';
import type { CostInputs } from '../../cost/cost-inputs.js';
import { estimateCost } from '../../cost/cost-model.js';
import { pricesFromFile } from '../../cost/prices-from-file.js';
import { formatCostReport } from '../../cost/format-cost-report.js';
import type { CostReportFormat } from '../../cost/format-cost-report.js';

/** Where the command writes; each call receives a complete chunk ending with a newline. */
export interface CostCommandIo {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
}

const USAGE = `Usage: npm run cost -- [options]

Estimated monthly AWS cost (30-day month, us-east-1), itemized, for our design
(micro-batching, S3 → SQS → Lambda batches, Parquet, ledger, compaction, dashboard
aggregates) and the original design (one JSON file and one Lambda invocation per
transaction, JSON queried in place by QuickSight on Athena). Prints a headline per
million transactions for the pipeline alone and for the dashboard alone, the dashboard
options (ours with aggregates or scanning; QuickSight SPICE or direct query) at the
same freshness, a table of them at 30 s / 15 min / 1 h / 1 d, and every assumption.

Options:
  --stores N               stores, one micro-batch file each per window   (default ${DEFAULT_INPUTS.stores})
  --producer micro-batch|single
                           what lands in incoming/ for our design: a file
                           per store per window, or one file per
                           transaction (the seed's tills)                  (default ${DEFAULT_INPUTS.producer})
  --tx-per-second R        transactions per second, whole chain, 24 h      (default ${DEFAULT_INPUTS.txPerSecond})
  --items-per-tx K         mean line items per transaction                 (default ${DEFAULT_INPUTS.itemsPerTx})
  --dashboard-viewers V    viewers during business hours (0 = no queries)  (default ${DEFAULT_INPUTS.dashboardViewers})
  --refresh-s S            dashboard freshness: seconds between refreshes,
                           the same for every option (SPICE needs ≥ 900)  (default ${DEFAULT_INPUTS.refreshS})
  --format table|json      markdown table, or JSON for scripts            (default table)
  -h, --help               show this help

Every other assumption is printed with the result; prices and their sources are in
src/cost/aws-prices.json.
`;

type NumericFlag = 'stores' | 'tx-per-second' | 'items-per-tx' | 'dashboard-viewers' | 'refresh-s';

type NumericField = Exclude<keyof CostInputs, 'producer'>;

/** What each numeric flag accepts, and the input field it sets. */
const NUMERIC_FLAGS: readonly { flag: NumericFlag; field: NumericField; kind: 'positive-integer' | 'positive' | 'non-negative-integer' }[] = [
  { flag: 'stores', field: 'stores', kind: 'positive-integer' },
  { flag: 'tx-per-second', field: 'txPerSecond', kind: 'positive' },
  { flag: 'items-per-tx', field: 'itemsPerTx', kind: 'positive' },
  { flag: 'dashboard-viewers', field: 'dashboardViewers', kind: 'non-negative-integer' },
  { flag: 'refresh-s', field: 'refreshS', kind: 'positive' },
];

const KIND_TEXT = {
  'positive-integer': 'a whole number of at least 1',
  positive: 'a number greater than 0',
  'non-negative-integer': 'a whole number of at least 0',
} as const;

/**
 * `npm run cost`: parses the flags, estimates both designs and prints the report.
 * Returns the exit code (0 ok, 2 usage error) and never exits the process itself.
 */
export async function costCommand(argv: readonly string[], io: CostCommandIo): Promise<number> {
  const fail = (message: string): number => {
    io.stderr(`cost: ${message}\nRun \`npm run cost -- --help\` for the options.\n`);
    return 2;
  };

  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        stores: { type: 'string' },
        producer: { type: 'string' },
        'tx-per-second': { type: 'string' },
        'items-per-tx': { type: 'string' },
        'dashboard-viewers': { type: 'string' },
        'refresh-s': { type: 'string' },
        format: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }

  if (values['help'] === true) {
    io.stdout(USAGE);
    return 0;
  }

  const format = values['format'] ?? 'table';
  if (format !== 'table' && format !== 'json') {
    return fail(`--format must be "table" or "json" (got "${String(format)}")`);
  }

  const producer = values['producer'] ?? DEFAULT_INPUTS.producer;
  if (!PRODUCER_SHAPES.includes(producer as ProducerShape)) {
    return fail(`--producer must be ${PRODUCER_SHAPES.map((s) => `"${s}"`).join(' or ')} (got "${String(producer)}")`);
  }
  const numbers: Record<NumericField, number> = { ...DEFAULT_INPUTS };
  for (const { flag, field, kind } of NUMERIC_FLAGS) {
    const raw = values[flag];
    if (typeof raw !== 'string') continue;
    const n = parseNumber(raw, kind);
    if (n === undefined) return fail(`--${flag} must be ${KIND_TEXT[kind]} (got "${raw}")`);
    numbers[field] = n;
  }

  const estimate = estimateCost({ ...numbers, producer: producer as ProducerShape }, pricesFromFile(priceFile));
  io.stdout(formatCostReport(estimate, format satisfies CostReportFormat, { region: priceFile.region, note: priceFile.note }));
  return 0;
}

function parseNumber(raw: string, kind: keyof typeof KIND_TEXT): number | undefined {
  // Number('') is 0 and Number('1e3') is 1000: reject blanks, accept plain and exponent notation.
  if (raw.trim() === '') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) return undefined;
  switch (kind) {
    case 'positive-integer':
      return Number.isInteger(n) && n >= 1 ? n : undefined;
    case 'positive':
      return n > 0 ? n : undefined;
    case 'non-negative-integer':
      return Number.isInteger(n) && n >= 0 ? n : undefined;
  }
}
