import { parseArgs } from 'node:util';
import { buildProject } from '../../compiler/build-project.js';
import { formatModelError } from '../../compiler/model-error.js';
import { loadConfig } from '../../config/load-config.js';
import { renderGlueJob } from '../../batch/render-glue-job.js';
import type { CliIo } from '../cli-io.js';

const HELP = `Usage: npm run build:models [-- --quiet]

Compiles models/ into:
  sql/athena/…   Athena DDL (Hive) and views, CTAS, INSERTs (Trino)
  sql/duckdb/…   the same for the local DuckDB engine
  sql/spark/…    the raw→table transforms the Glue job runs
  glue-jobs/backfill_job.py  the rendered Glue job
  target/manifest.json       the compiled manifest (read by migrate, the Lambda, the Glue job), with
                             each view's columns, inferred on DuckDB (QuickSight datasets need them)

Exits 1 and prints file:line: message for every model error.`;

export async function buildCommand(argv: readonly string[], io: CliIo, root = process.cwd()): Promise<number> {
  const { values } = parseArgs({ args: [...argv], options: { help: { type: 'boolean', short: 'h' }, quiet: { type: 'boolean', short: 'q' } }, strict: true });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const config = loadConfig();
  const started = performance.now();
  const result = await buildProject(root, config, (m) => renderGlueJob(m, config));
  if (result.errors.length > 0) {
    for (const e of result.errors) io.stderr(formatModelError(e));
    io.stderr(`\n${result.errors.length} error(s); nothing was written. Fix the models above and run \`npm run build:models\` again.`);
    return 1;
  }
  const ms = Math.round(performance.now() - started);
  if (!values.quiet) {
    const models = result.manifest!.models;
    const count = (k: string) => models.filter((m) => m.kind === k).length;
    io.stdout(
      `Compiled ${models.length} models (${count('source')} sources, ${count('table')} tables, ${count('view')} views, ${count('mart')} marts) into ${result.fileCount} files in ${ms} ms` +
        (result.changed.length + result.removed.length > 0
          ? `\n${result.changed.map((c) => `  wrote   ${c}`).concat(result.removed.map((r) => `  removed ${r}`)).join('\n')}`
          : '; everything was up to date'),
    );
  }
  return 0;
}
