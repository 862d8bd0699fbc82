import { parseArgs } from 'node:util';
import { buildProject, readModelFiles } from '../../compiler/build-project.js';
import { compileProject } from '../../compiler/compile-project.js';
import type { ProjectConfig } from '../../config/define-config.js';
import { formatModelError } from '../../compiler/model-error.js';
import { loadConfig } from '../../config/load-config.js';
import { renderGlueJob } from '../../batch/render-glue-job.js';
import type { CliIo } from '../cli-io.js';
import { planStatements } from '../../compiler/statement.js';
import { SELECTION_HELP, SELECTION_OPTIONS, selectionFromArgs, type SelectionValues } from '../../selection/selection-options.js';
import { selectedArtifact } from '../../selection/statement-model.js';

const HELP = `Usage: npm run build:models [-- --quiet] [--select SEL] [--exclude SEL] [--state DIR]

Compiles models/ into:
  sql/athena/…   Athena DDL (Hive) and views, CTAS, INSERTs (Trino)
  sql/duckdb/…   the same for the local DuckDB engine
  sql/spark/…    the raw→table transforms the Glue job runs
  glue-jobs/backfill_job.py  the rendered Glue job
  target/manifest.json       the compiled manifest (read by migrate, the Lambda, the Glue job), with
                             each view's columns, inferred on DuckDB (QuickSight datasets need them)

Exits 1 and prints file:line: message for every model error (every model is compiled, so
an error anywhere is reported whatever the selection).

${SELECTION_HELP}
                       build:models then rewrites only the selected models' sql/ files (and the
                       manifest) and removes no stale file; the Glue job is rendered by a full build.`;

export async function buildCommand(argv: readonly string[], io: CliIo, root = process.cwd()): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: { ...SELECTION_OPTIONS, help: { type: 'boolean', short: 'h' }, quiet: { type: 'boolean', short: 'q' } },
    strict: true,
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const config = loadConfig();
  const started = performance.now();
  const names = await selectedNames(values, root, config);
  const result = names
    ? await buildProject(root, config, undefined, (m) => selectedArtifact(planStatements(m), names))
    : await buildProject(root, config, (m) => renderGlueJob(m, config));
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
          ? `\n${result.changed
              .map((c) => `  wrote   ${c}`)
              .concat(result.removed.map((r) => `  removed ${r}`))
              .join('\n')}`
          : '; everything was up to date'),
    );
  }
  return 0;
}

/** The selected model names, resolved on the pure compile (cheap); undefined without a selection or when models have errors (the build reports them). */
async function selectedNames(values: SelectionValues, root: string, config: ProjectConfig): Promise<ReadonlySet<string> | undefined> {
  if (values.select === undefined && values.exclude === undefined) return undefined;
  const { manifest } = compileProject(await readModelFiles(root, config.modelsDir), config);
  return manifest ? (await selectionFromArgs(values, manifest, root)).names : undefined;
}
