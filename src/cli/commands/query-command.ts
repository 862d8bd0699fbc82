import { parseArgs } from 'node:util';
import type { CliIo } from '../cli-io.js';
import { formatRows, type RowFormat } from '../format-rows.js';
import { openEngine, parseTarget, UsageError } from '../project.js';
import { loadConfig } from '../../config/load-config.js';
import { TARGET_CHOICES, TARGET_NAMES, TARGETS } from '../../targets/targets.js';

const HELP = `Usage: npm run query -- "SQL" [--format table|csv|json] [--target ${TARGET_CHOICES}]

Runs one statement on the target's engine and prints the rows.
Write Athena (Trino) SQL: the local engine understands it too, and --target trino runs it on a
real Trino server over the same lake (started on first use; npm run engines:install first).
${TARGET_NAMES.map((n) => `  ${n.padEnd(7)} ${TARGETS[n].description}`).join('\n')}
Example: npm run query -- "SELECT store_id, sum(revenue) AS revenue FROM sales_by_store GROUP BY 1 ORDER BY 2 DESC"`;

export async function queryCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: { format: { type: 'string' }, target: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`expected one SQL statement in quotes, got ${positionals.length} argument(s)`);
  const format = (values.format ?? 'table') as RowFormat;
  if (!['table', 'csv', 'json'].includes(format)) throw new UsageError(`--format must be table, csv or json, not "${format}"`);
  const engine = await openEngine(parseTarget(values.target), loadConfig(), process.env, io.stderr);
  try {
    io.stdout(formatRows(await engine.query(positionals[0]!), format));
    return 0;
  } finally {
    await engine.close();
  }
}
