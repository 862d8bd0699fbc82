import { parseArgs } from 'node:util';
import { checkFreshness, formatAge, formatMinutes, freshnessChecks } from '../../freshness/check-freshness.js';
import { TARGET_CHOICES } from '../../targets/targets.js';
import type { CliIo } from '../cli-io.js';
import { formatRows } from '../format-rows.js';
import { loadProject, openEngine, parseTarget, targetOf, UsageError } from '../project.js';

const HELP = `Usage: npm run freshness -- [--target ${TARGET_CHOICES}] [--format table|json] [--now ISO_TIME]

Reports how old the newest row of each source and table that declares a freshness rule is, and
judges it: older than error_after is "error", older than warn_after "warn", else "ok". A rule is
declared in the model's {{config}}:

  {{config materialized="table" … loaded_at_field="transaction_datetime" freshness_by="store_id"
           warn_after="30 minutes" error_after="2 hours"}}

loaded_at_field is a timestamp column (on a source, a string holding one); freshness_by gives one
verdict per value of that column (here: per store) instead of one for the whole table; thresholds
are "<n> minute(s)|hour(s)|day(s)". A table or store with no rows has the worst state it declares.

  --target   where to look (default local: DuckDB over LAKE_DIR; trino: the local Trino server)
  --format   table (default) or json
  --now      judge against this time instead of the clock (ISO 8601, e.g. 2024-04-10T20:00:00Z)

Exits 1 if any verdict is "error", 0 otherwise (warnings included).`;

export async function freshnessCommand(argv: readonly string[], io: CliIo, clock: () => Date = () => new Date()): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: { target: { type: 'string' }, format: { type: 'string' }, now: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`--format must be "table" or "json", not "${format}"`);
  let now = clock;
  if (values.now !== undefined) {
    const fixed = new Date(values.now);
    if (Number.isNaN(fixed.getTime())) throw new UsageError(`--now must be an ISO 8601 time such as 2024-04-10T20:00:00Z, not "${values.now}"`);
    now = () => fixed;
  }
  const target = parseTarget(values.target);
  const { config, manifest } = await loadProject();
  if (freshnessChecks(manifest).length === 0) {
    io.stdout('No freshness rules: declare loaded_at_field and warn_after / error_after in a source or table {{config}} (see --help).');
    return 0;
  }
  const engine = await openEngine(target, config, process.env, io.stderr);
  let verdicts;
  try {
    const renderer = targetOf(target).renderer(config);
    verdicts = await checkFreshness(
      manifest,
      (q) => {
        const { sql, params } = renderer.renderQuery(q);
        return engine.query(sql, params);
      },
      now,
    );
  } finally {
    await engine.close();
  }
  if (format === 'json') io.stdout(JSON.stringify({ now: now().toISOString(), verdicts }, null, 2));
  else {
    const rows = verdicts.map((v) => ({
      model: v.model,
      group: v.groupBy ? `${v.groupBy}=${v.group ?? 'NULL'}` : '(all rows)',
      newest: v.newest,
      age: formatAge(v.ageSeconds),
      warn_after: formatMinutes(v.warnAfterMinutes),
      error_after: formatMinutes(v.errorAfterMinutes),
      state: v.state,
    }));
    const columns = Object.keys(rows[0] ?? { model: '' }).map((name) => ({ name, type: 'VARCHAR' }));
    io.stdout(formatRows({ columns, rows }, 'table'));
    const count = (s: string) => verdicts.filter((v) => v.state === s).length;
    io.stdout(`${count('ok')} ok, ${count('warn')} warn, ${count('error')} error (at ${now().toISOString()})`);
  }
  return verdicts.some((v) => v.state === 'error') ? 1 : 0;
}
