import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LocalObjectStore } from '../../storage/local-object-store.js';
import { runLocalBackfill } from '../../batch/local-backfill.js';
import { resolveLakeDir } from '../../config/load-config.js';
import { LocalEngine } from '../../engines/local/local-engine.js';
import type { ProjectConfig } from '../../config/define-config.js';
import type { Manifest } from '../../manifest/manifest.js';
import type { CliIo } from '../cli-io.js';
import { loadProject, parseTarget, targetOf, UsageError } from '../project.js';
import type { Target } from '../../targets/target.js';
import { contiguousWindows, describeRefreshPlan, parseWindowFlags, planRefresh, saveRefreshState, type RefreshPlan } from '../../batch/refresh-plan.js';
import { daysOf, refreshWindows, type DayWindow } from '../../compiler/refresh-windows.js';
import { manifestOf, SELECTION_HELP, SELECTION_OPTIONS, selectionFromArgs } from '../../selection/selection-options.js';
import {
  assertEnvironmentMigrated,
  describeEnvironment,
  ENV_HELP,
  ENV_OPTIONS,
  environmentFromArgs,
  migratedScope,
} from '../../environments/environment-options.js';
import type { EnvironmentScope } from '../../environments/environment-scope.js';
import { refreshMarts } from '../refresh-marts.js';

const HELP = `Usage: npm run backfill -- [--target local|trino|athena] [--engine duckdb|spark]
                        [--from DAY --to DAY | --full-refresh] [--select SEL] [--exclude SEL] [--state DIR] [--env NAME]

Runs the batch job: every table's declared mapping over the raw logs in raw/, written as
dt-partitioned Parquet under tables/, then the marts.
  local   over LAKE_DIR (default .lake/); a rerun replaces its own batch-* files, never duplicates,
          and never touches streamed files
          --engine duckdb  (default) DuckDB, then the marts
          --engine spark   the rendered Glue job (glue-jobs/backfill_job.py) on local PySpark 3.5.4,
                           as Glue 5.0 runs it (needs Java 17 and Python 3.11; PySpark is installed
                           into the engines cache on first use); tables only, not the marts
  trino   the same local backfill of LAKE_DIR (either engine), then the marts refreshed on the
          local Trino server with the Athena INSERTs (windows of at most 100 partitions)
  athena  starts the Glue job (deployed by \`npm run deploy\`), follows it until it ends, then
          refreshes the marts with Athena INSERTs of at most 100 partitions each

Incremental by default (DuckDB engine): only the partition days whose raw inputs changed since the last
run are rewritten — each raw object is known by its ETag and size in LAKE_DIR/_state/backfill-inputs.json,
and a new or changed object is read once to learn the days it feeds; the run prints which days and why.
A changed dimension input (stores, skus) rebuilds its table, and everything when a mart reads it.
  --from DAY --to DAY  refresh exactly these days (yyyy-MM-dd, inclusive; one alone means that day),
                       changes outside stay pending for the next run
  --full-refresh       every day of every table and mart
On trino the mart refresh follows the same days; on athena the Glue job always runs whole and
--from/--to bound the mart refresh (default: every day with transactions). --engine spark runs whole.
${SELECTION_HELP}
                       backfill then runs the selected tables and marts only
${ENV_HELP}
                       backfill then refreshes the marts the environment holds (every day, or
                       --from/--to), from the main environment's tables (they are shared) and from
                       main's copy of every view the environment does not hold

Bad records are quarantined under rejected/batch/<run>/ with their reasons (the Lambda's rules).
Run \`npm run generate\` first if raw/ is empty, and \`npm run migrate\` to create the tables.`;

export async function backfillCommand(argv: readonly string[], io: CliIo, clock: () => Date = () => new Date()): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      target: { type: 'string' },
      engine: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'full-refresh': { type: 'boolean' },
      ...SELECTION_OPTIONS,
      ...ENV_OPTIONS,
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const target = targetOf(parseTarget(values.target));
  if (target.batchJob === 'glue' && values.engine !== undefined) {
    throw new UsageError(
      `--engine ${values.engine} is for the local lake only: on ${target.name} the batch job is the same rendered script run by Glue 5.0 (Spark), so drop --engine and run \`npm run backfill -- --target ${target.name}\`.`,
    );
  }
  const engineName = values.engine ?? 'duckdb';
  if (target.batchJob === 'local' && engineName !== 'duckdb' && engineName !== 'spark')
    throw new UsageError(`--engine must be "duckdb" or "spark", not "${engineName}"`);
  let window: DayWindow | undefined;
  try {
    window = parseWindowFlags(values.from, values.to);
  } catch (e) {
    throw new UsageError(`--from/--to: ${(e as Error).message}`);
  }
  if (window && values['full-refresh']) throw new UsageError('--full-refresh refreshes every day: give it or --from/--to, not both');
  const { root, config, manifest: all } = await loadProject();
  const selection = await selectionFromArgs(values, all, root);
  const manifest = selection.everything ? all : manifestOf(all, selection.names);
  const scope = environmentFromArgs(values.env, all, config, selection);
  if (scope) return backfillEnvironment(io, target, scope, { manifest: all, config }, window, clock);
  if (target.batchJob === 'glue') {
    const code = await backfillOnGlue(io, config, clock);
    return code === 0 ? refreshMarts(io, target, config, manifest, window ? [window] : undefined) : code;
  }
  if (engineName === 'spark') {
    if (!selection.everything)
      throw new UsageError(
        '--engine spark runs the whole rendered Glue job, as Glue does: drop --select/--exclude, or use the DuckDB engine to backfill a selection',
      );
    const code = await backfillOnSpark(io, root, config, all, clock);
    return code === 0 && target.martRefresh === 'insert' ? refreshMarts(io, target, config, manifest, window ? [window] : undefined) : code;
  }
  const engine = await LocalEngine.open({ lakeDir: resolveLakeDir(config), create: true });
  const store = new LocalObjectStore(engine.lakeDir);
  let plan: RefreshPlan;
  try {
    plan = await planRefresh({ store, manifest, ...(window ? { window } : {}), fullRefresh: Boolean(values['full-refresh']) });
    if (plan.objects === 0) {
      io.stderr(`Nothing to backfill: ${engine.lakeDir}/raw has no .jsonl files. Run \`npm run generate\` first.`);
      return 1;
    }
    if (!plan.full && plan.days.length === 0 && plan.changedSources.size === 0) {
      io.stdout(
        `Nothing changed since the last run (${plan.objects} raw object(s) unchanged): nothing refreshed. --full-refresh or --from/--to refresh anyway.`,
      );
      return 0;
    }
    if (!window) plan = escalateForMarts(plan, manifest);
    for (const line of describeRefreshPlan(plan)) io.stdout(line);
    const dimensions = plan.full ? [] : withoutUnchangedDimensions(manifest, plan).models.filter((m) => m.kind === 'table' && m.partitionedBy.length === 0);
    if (dimensions.length > 0) io.stdout(`  ${dimensions.map((m) => m.name).join(', ')}: input changed, rebuilt whole (unpartitioned)`);
    const started = performance.now();
    const runId = clock().getTime().toString(36);
    const results = await runLocalBackfill(engine, plan.full ? manifest : withoutUnchangedDimensions(manifest, plan), config, {
      runId,
      store,
      ...(plan.full ? {} : { days: plan.days }),
      clock,
      onDuplicates: (n) =>
        n > 0 &&
        io.stdout(`  ${n.toLocaleString('en-US')} record(s) with a transaction_id already landed kept out (first landed wins), quarantined in rejected/`),
      onProgress: (e) => {
        if (e.step === 'done' && e.result) {
          const r = e.result;
          io.stdout(
            `  ${r.table.padEnd(20)} ${r.rows.toLocaleString('en-US').padStart(12)} rows  ${String(r.partitions).padStart(4)} partitions  ${String(r.files).padStart(4)} files  ${(r.ms / 1000).toFixed(2)} s`,
          );
        }
      },
    });
    await saveRefreshState(store, plan.next);
    io.stdout(`Backfill done in ${((performance.now() - started) / 1000).toFixed(2)} s (${engine.lakeDir}).`);
    await reportRejections(io, path.join(engine.lakeDir, config.lake.prefixes.rejected, 'batch', runId));
  } finally {
    await engine.close();
  }
  return target.martRefresh === 'insert' ? refreshMarts(io, target, config, manifest, plan.full ? undefined : contiguousWindows(plan.days)) : 0;
}

/** `--env NAME`: the environment's marts, refilled from the main environment's tables (and the environment's views). */
async function backfillEnvironment(
  io: CliIo,
  target: Target,
  declared: EnvironmentScope,
  main: { readonly manifest: Manifest; readonly config: ProjectConfig },
  window: DayWindow | undefined,
  clock: () => Date,
): Promise<number> {
  if (target.martRefresh === 'insert') {
    // As on local: what the environment holds, so a mart `migrate --env --select` did not copy is read from main, not refreshed.
    return refreshMarts(io, target, declared.config, declared.manifest, window ? [window] : undefined, {
      name: declared.name,
      holding: (present) => {
        const scope = migratedScope(declared, main.manifest, main.config, present);
        io.stdout(describeEnvironment(scope));
        return scope.manifest;
      },
    });
  }
  const engine = await LocalEngine.open({ lakeDir: resolveLakeDir(declared.config), environment: declared.name });
  try {
    const scope = migratedScope(declared, main.manifest, main.config, await assertEnvironmentMigrated(engine, declared.name, target.name));
    io.stdout(describeEnvironment(scope));
    const started = performance.now();
    const results = await runLocalBackfill(engine, scope.manifest, scope.config, {
      runId: `${scope.name}-${clock().getTime().toString(36)}`,
      clock,
      ...(window ? { days: refreshWindows(window.from, window.to, 100).flatMap(daysOf) } : {}),
      onProgress: (e) =>
        e.step === 'done' &&
        e.result &&
        io.stdout(
          `  ${e.result.table.padEnd(20)} ${e.result.rows.toLocaleString('en-US').padStart(12)} rows  ${String(e.result.partitions).padStart(4)} partitions`,
        ),
    });
    io.stdout(`Refreshed ${results.length} mart(s) of environment ${scope.name} in ${((performance.now() - started) / 1000).toFixed(2)} s.`);
    return 0;
  } finally {
    await engine.close();
  }
}

/**
 * A mart reads dimension tables (prices, store names) on every day: when one of those changed,
 * every day of the mart is stale, so the run becomes a full one rather than a wrong partial one.
 */
function escalateForMarts(plan: RefreshPlan, manifest: Manifest): RefreshPlan {
  if (plan.full) return plan;
  const byName = new Map(manifest.models.map((m) => [m.name, m]));
  const upstream = (name: string, seen = new Set<string>()): Set<string> => {
    for (const d of byName.get(name)?.dependsOn ?? []) if (!seen.has(d)) upstream(d, seen.add(d));
    return seen;
  };
  for (const m of manifest.models) {
    if (m.kind !== 'mart') continue;
    const changed = [...upstream(m.name)].filter(
      (n) => plan.changedSources.has(n) && manifest.models.some((t) => t.kind === 'table' && t.partitionedBy.length === 0 && t.dependsOn.includes(n)),
    );
    if (changed.length > 0)
      return { ...plan, full: true, reasons: new Map([['*', [`the input of ${changed.join(', ')} changed and mart ${m.name} reads it on every day`]]]) };
  }
  return plan;
}

/** Unpartitioned tables whose input did not change keep their files. */
function withoutUnchangedDimensions(manifest: Manifest, plan: RefreshPlan): Manifest {
  return {
    ...manifest,
    models: manifest.models.filter((m) => !(m.kind === 'table' && m.partitionedBy.length === 0 && !m.dependsOn.some((d) => plan.changedSources.has(d)))),
  };
}

/** Both batch engines quarantine bad records under rejected/batch/<run>/<source>/ as JSON Lines. */
async function reportRejections(io: CliIo, runDir: string): Promise<void> {
  let total = 0;
  for (const e of await readdir(runDir, { recursive: true, withFileTypes: true }).catch(() => [])) {
    if (e.isFile() && e.name.endsWith('.json')) total += (await readFile(path.join(e.parentPath, e.name), 'utf8')).split('\n').filter(Boolean).length;
  }
  if (total > 0) io.stdout(`${total.toLocaleString('en-US')} record(s) rejected, each with its reason: ${runDir}/`);
}

/** The rendered Glue job on local PySpark; installs PySpark into the engines cache on first use. */
async function backfillOnSpark(io: CliIo, root: string, config: ProjectConfig, manifest: Manifest, clock: () => Date): Promise<number> {
  const { renderGlueJob, glueJobScriptPath } = await import('../../batch/render-glue-job.js');
  const { enginesCacheDir, pysparkInstaller } = await import('../../engines/spark/pyspark-installer.js');
  const { runSparkBackfill, SparkJobFailedError } = await import('../../engines/spark/spark-backfill.js');
  const scriptPath = glueJobScriptPath(config);
  const committed = await readFile(path.join(root, scriptPath), 'utf8').catch(() => '');
  if (committed !== renderGlueJob(manifest, config).get(scriptPath)) {
    io.stderr(`${scriptPath} is not the rendering of the current models: run \`npm run build:models\` first.`);
    return 1;
  }
  const enginesDir = enginesCacheDir();
  if (!(await pysparkInstaller.isInstalled(enginesDir))) {
    io.stdout(`PySpark ${pysparkInstaller.pinned} is not installed yet: installing it into ${enginesDir} (once).`);
    await pysparkInstaller.install(enginesDir, (m) => io.stdout(`  ${m}`));
  }
  const lakeDir = resolveLakeDir(config);
  const started = performance.now();
  const runId = `local-${clock().getTime().toString(36)}`;
  io.stdout(`Running ${scriptPath} on local Spark (run ${runId}) over ${lakeDir}…`);
  try {
    await runSparkBackfill({ projectRoot: root, config, enginesDir, runs: [{ lakeDir, runId }], onProgress: (line) => io.stdout(`  ${line}`) });
  } catch (e) {
    if (e instanceof SparkJobFailedError) {
      io.stderr(e.message);
      return 1;
    }
    throw e;
  }
  io.stdout(`Spark backfill done in ${((performance.now() - started) / 1000).toFixed(1)} s (${lakeDir}).`);
  await reportRejections(io, path.join(lakeDir, config.lake.prefixes.rejected, 'batch', runId));
  return 0;
}

async function backfillOnGlue(io: CliIo, config: ProjectConfig, clock: () => Date): Promise<number> {
  const { GlueClient } = await import('@aws-sdk/client-glue');
  const { runGlueJob, glueJobName, GlueJobFailedError } = await import('../../engines/athena/glue-job-runner.js');
  const glue = new GlueClient({ region: config.athena.region });
  const bucket = `s3://${config.lake.bucket}/`;
  const jobName = glueJobName(config);
  const started = clock().getTime();
  io.stdout(`Starting Glue job ${jobName}…`);
  try {
    const run = await runGlueJob({
      glue,
      jobName,
      arguments: {
        '--RAW_PATH': `${bucket}${config.lake.prefixes.raw}`,
        '--TABLES_PATH': `${bucket}${config.lake.prefixes.tables}`,
        '--REJECTED_PATH': `${bucket}${config.lake.prefixes.rejected}`,
      },
      onState: (state, elapsedMs) => io.stdout(`  ${state.padEnd(10)} after ${(elapsedMs / 1000).toFixed(0)} s`),
    });
    io.stdout(`Glue job run ${run.jobRunId} succeeded in ${((clock().getTime() - started) / 1000).toFixed(0)} s.`);
    return 0;
  } catch (e) {
    if (e instanceof GlueJobFailedError) {
      io.stderr(e.message);
      return 1;
    }
    throw e;
  } finally {
    glue.destroy();
  }
}
