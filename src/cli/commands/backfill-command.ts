import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runLocalBackfill } from '../../batch/local-backfill.js';
import { resolveLakeDir } from '../../config/load-config.js';
import { LocalEngine } from '../../engines/local/local-engine.js';
import type { ProjectConfig } from '../../config/define-config.js';
import type { Manifest } from '../../manifest/manifest.js';
import type { CliIo } from '../cli-io.js';
import { loadProject, parseTarget, UsageError } from '../project.js';

const HELP = `Usage: npm run backfill -- [--target local|athena] [--engine duckdb|spark]

Runs the batch job: every table's declared mapping over the raw logs in raw/, written as
dt-partitioned Parquet under tables/, then the marts.
  local   over LAKE_DIR (default .lake/); a rerun replaces its own batch-* files, never duplicates,
          and never touches streamed files
          --engine duckdb  (default) DuckDB, then the marts
          --engine spark   the rendered Glue job (glue-jobs/backfill_job.py) on local PySpark 3.5.4,
                           as Glue 5.0 runs it (needs Java 17 and Python 3.11; PySpark is installed
                           into the engines cache on first use); tables only, not the marts
  athena  starts the Glue job (deployed by \`npm run deploy\`), follows it until it ends, then
          refreshes the marts with Athena INSERTs of at most 100 partitions each

Run \`npm run generate\` first if raw/ is empty, and \`npm run migrate\` to create the tables.`;

export async function backfillCommand(argv: readonly string[], io: CliIo, clock: () => Date = () => new Date()): Promise<number> {
  const { values } = parseArgs({ args: [...argv], options: { target: { type: 'string' }, engine: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const target = parseTarget(values.target);
  const engineName = values.engine ?? (target === 'athena' ? 'glue' : 'duckdb');
  if (target === 'athena' && values.engine !== undefined) {
    throw new UsageError(`--engine ${values.engine} is for the local target only: on athena the batch job is the same rendered script run by Glue 5.0 (Spark), so drop --engine and run \`npm run backfill -- --target athena\`.`);
  }
  if (target === 'local' && engineName !== 'duckdb' && engineName !== 'spark') throw new UsageError(`--engine must be "duckdb" or "spark", not "${engineName}"`);
  const { root, config, manifest } = await loadProject();
  if (engineName === 'spark') return backfillOnSpark(io, root, config, manifest, clock);
  if (target === 'athena') {
    const code = await backfillOnGlue(io, config, clock);
    return code === 0 ? refreshMarts(io, config, manifest) : code;
  }
  const engine = await LocalEngine.open({ lakeDir: resolveLakeDir(config), create: true });
  try {
    const started = performance.now();
    const runId = clock().getTime().toString(36);
    const results = await runLocalBackfill(engine, manifest, config, {
      runId,
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
    return 0;
  } finally {
    await engine.close();
  }
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
  const { runSparkBackfill } = await import('../../engines/spark/spark-backfill.js');
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
    if (e instanceof Error && e.name === 'SparkJobFailedError') {
      io.stderr(e.message);
      return 1;
    }
    throw e;
  }
  io.stdout(`Spark backfill done in ${((performance.now() - started) / 1000).toFixed(1)} s (${lakeDir}).`);
  await reportRejections(io, path.join(lakeDir, config.lake.prefixes.rejected, 'batch', runId));
  return 0;
}

/** After the Glue job, the marts are refilled by Athena INSERTs in windows of at most 100 days. */
async function refreshMarts(io: CliIo, config: ProjectConfig, manifest: Manifest): Promise<number> {
  const { createAthenaEngine } = await import('../../engines/athena/athena-engine.js');
  const { S3Client } = await import('@aws-sdk/client-s3');
  const { S3ObjectStore } = await import('../../storage/s3-object-store.js');
  const { refreshMartsOnAthena } = await import('../../batch/athena-mart-refresh.js');
  const engine = createAthenaEngine(config);
  const s3 = new S3Client({ region: config.athena.region });
  try {
    const range = (await engine.query('SELECT min(dt) AS lo, max(dt) AS hi FROM transactions')).rows[0];
    if (!range?.lo || !range.hi) {
      io.stdout('No transactions on Athena: no mart to refresh.');
      return 0;
    }
    const n = await refreshMartsOnAthena(engine, new S3ObjectStore(s3, config.lake.bucket), manifest, config, {
      from: String(range.lo),
      to: String(range.hi),
      onWindow: (mart, w, i, total) => io.stdout(`  refreshing ${mart} ${w.from} … ${w.to} (${i + 1}/${total})`),
    });
    io.stdout(`Refreshed the marts with ${n} INSERT statement(s).`);
    return 0;
  } finally {
    s3.destroy();
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
