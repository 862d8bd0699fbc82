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

const HELP = `Usage: npm run backfill -- [--target local|trino|athena] [--engine duckdb|spark]

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

Bad records are quarantined under rejected/batch/<run>/ with their reasons (the Lambda's rules).
Run \`npm run generate\` first if raw/ is empty, and \`npm run migrate\` to create the tables.`;

export async function backfillCommand(argv: readonly string[], io: CliIo, clock: () => Date = () => new Date()): Promise<number> {
  const { values } = parseArgs({ args: [...argv], options: { target: { type: 'string' }, engine: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const target = targetOf(parseTarget(values.target));
  if (target.batchJob === 'glue' && values.engine !== undefined) {
    throw new UsageError(`--engine ${values.engine} is for the local lake only: on ${target.name} the batch job is the same rendered script run by Glue 5.0 (Spark), so drop --engine and run \`npm run backfill -- --target ${target.name}\`.`);
  }
  const engineName = values.engine ?? 'duckdb';
  if (target.batchJob === 'local' && engineName !== 'duckdb' && engineName !== 'spark') throw new UsageError(`--engine must be "duckdb" or "spark", not "${engineName}"`);
  const { root, config, manifest } = await loadProject();
  if (target.batchJob === 'glue') {
    const code = await backfillOnGlue(io, config, clock);
    return code === 0 ? refreshMarts(io, target, config, manifest) : code;
  }
  if (engineName === 'spark') {
    const code = await backfillOnSpark(io, root, config, manifest, clock);
    return code === 0 && target.martRefresh === 'insert' ? refreshMarts(io, target, config, manifest) : code;
  }
  const engine = await LocalEngine.open({ lakeDir: resolveLakeDir(config), create: true });
  try {
    const started = performance.now();
    const runId = clock().getTime().toString(36);
    const results = await runLocalBackfill(engine, manifest, config, {
      runId,
      store: new LocalObjectStore(engine.lakeDir),
      clock,
      onDuplicates: (n) => n > 0 && io.stdout(`  ${n.toLocaleString('en-US')} record(s) with a transaction_id already landed kept out (first landed wins), quarantined in rejected/`),
      onProgress: (e) => {
        if (e.step === 'done' && e.result) {
          const r = e.result;
          io.stdout(`  ${r.table.padEnd(20)} ${r.rows.toLocaleString('en-US').padStart(12)} rows  ${String(r.partitions).padStart(4)} partitions  ${String(r.files).padStart(4)} files  ${(r.ms / 1000).toFixed(2)} s`);
        }
      },
    });
    const total = results.reduce((a, r) => a + r.rows, 0);
    if (total === 0) {
      io.stderr(`Nothing to backfill: ${engine.lakeDir}/raw has no .jsonl files. Run \`npm run generate\` first.`);
      return 1;
    }
    io.stdout(`Backfill done in ${((performance.now() - started) / 1000).toFixed(2)} s (${engine.lakeDir}).`);
    await reportRejections(io, path.join(engine.lakeDir, config.lake.prefixes.rejected, 'batch', runId));
  } finally {
    await engine.close();
  }
  return target.martRefresh === 'insert' ? refreshMarts(io, target, config, manifest) : 0;
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

/** After the batch job, the marts are refilled by the engine's INSERTs (Athena, Trino) in windows of at most 100 days. */
async function refreshMarts(io: CliIo, target: Target, config: ProjectConfig, manifest: Manifest): Promise<number> {
  const { refreshMartsOnAthena } = await import('../../batch/athena-mart-refresh.js');
  const ctx = { config, env: process.env, onProgress: io.stderr };
  const engine = await target.openEngine(ctx);
  const { store, close } = await target.objectStore(ctx);
  try {
    const range = (await engine.query('SELECT min(dt) AS lo, max(dt) AS hi FROM transactions')).rows[0];
    if (!range?.lo || !range.hi) {
      io.stdout(`No transactions on ${target.name}: no mart to refresh.`);
      return 0;
    }
    const n = await refreshMartsOnAthena(engine, store, manifest, config, {
      from: String(range.lo),
      to: String(range.hi),
      onWindow: (mart, w, i, total) => io.stdout(`  refreshing ${mart} ${w.from} … ${w.to} (${i + 1}/${total})`),
    });
    io.stdout(`Refreshed the marts with ${n} INSERT statement(s).`);
    return 0;
  } finally {
    close();
    await engine.close();
  }
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
