import { parseArgs } from 'node:util';
import type { CliIo } from '../cli-io.js';
import { formatRows, type RowFormat } from '../format-rows.js';
import { openEngine, parseTarget, UsageError } from '../project.js';
import { loadConfig } from '../../config/load-config.js';
import { QueryFailedError } from '../../engines/engine.js';
import { assertReadOnlyStatement, READ_ONLY_KEYWORDS } from '../../engines/read-only-statement.js';
import { TARGET_CHOICES, TARGET_NAMES, TARGETS } from '../../targets/targets.js';
import { assertEnvironmentMigrated, ENV_OPTIONS } from '../../environments/environment-options.js';
import { parseEnvironmentName } from '../../environments/environment-name.js';
import { environmentConfig } from '../../environments/environment-scope.js';

const HELP = `Usage: npm run query -- "SQL" [--format table|csv|json] [--target ${TARGET_CHOICES}] [--env NAME]

Runs one read-only statement on the target's engine and prints the rows.
Write Athena (Trino) SQL: the local engine understands it too, and --target trino runs it on a
real Trino server over the same lake (started on first use; npm run engines:install first).
${TARGET_NAMES.map((n) => `  ${n.padEnd(7)} ${TARGETS[n].description}`).join('\n')}
  --env NAME  read the development environment NAME (created by migrate --env NAME): locally a name
              resolves to the environment's own view or mart, else to the main one; on athena and trino
              the query runs in database <db>_NAME and names outside it are written "<db>"."name"
Example: npm run query -- "SELECT store_id, sum(revenue) AS revenue FROM sales_by_store GROUP BY 1 ORDER BY 2 DESC"

Read-only, for analysts:
  - exactly one statement: ${READ_ONLY_KEYWORDS.join(', ')} (EXPLAIN of a query only);
    COPY, INSERT, CREATE, ATTACH, INSTALL, LOAD, SET, PRAGMA … and several statements in one call are refused
  - local: DuckDB reads files inside the lake folder (LAKE_DIR) only, cannot write any file, install
    or load an extension, and cannot change these settings (enable_external_access=false,
    allowed_directories=[LAKE_DIR], lock_configuration=true)
  - objects are created by \`npm run migrate\`, data by backfill and ingest, never by this command`;

export async function queryCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: { format: { type: 'string' }, target: { type: 'string' }, ...ENV_OPTIONS, help: { type: 'boolean', short: 'h' } },
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
  const sql = positionals[0]!;
  // Before opening anything: a refused statement costs nothing and says why.
  assertReadOnlyStatement(sql);
  const target = parseTarget(values.target);
  const environment = values.env === undefined ? undefined : parseEnvironmentName(values.env);
  const config = environment === undefined ? loadConfig() : environmentConfig(loadConfig(), environment);
  const engine = await TARGETS[target].openEngine({
    config,
    env: process.env,
    onProgress: io.stderr,
    readOnly: true,
    ...(environment !== undefined ? { environment } : {}),
  });
  try {
    if (environment !== undefined) await assertEnvironmentMigrated(engine, environment, target);
    io.stdout(formatRows(await engine.query(sql), format));
    return 0;
  } catch (e) {
    if (e instanceof QueryFailedError && /Permission Error/.test(e.message)) {
      throw new Error(
        `${e.message}\nThe query command reads only the lake (${TARGETS[target].lakeDir({ config, env: process.env }) ?? 'its tables'}): files elsewhere, extensions and settings are off limits.`,
      );
    }
    throw e;
  } finally {
    await engine.close();
  }
}
