import { parseArgs } from 'node:util';
import { LocalObjectStore } from '../../storage/local-object-store.js';
import { runLocalBackfill } from '../../batch/local-backfill.js';
import { resolveLakeDir } from '../../config/load-config.js';
import { LocalEngine } from '../../engines/local/local-engine.js';
import type { ProjectConfig } from '../../config/define-config.js';
import type { Manifest } from '../../manifest/manifest.js';
import type { CliIo } from '../cli-io.js';
import { loadProject, parseTarget } from '../project.js';

const HELP = `Usage: npm run backfill -- [--target local|athena]

Runs the batch job: every table's declared mapping over the raw logs in raw/, written as
dt-partitioned Parquet under tables/, then the marts.
  local   DuckDB over LAKE_DIR (default .lake/); a rerun replaces its own files, never duplicates
  athena  starts the Glue job (deployed by \`npm run deploy\`), follows it until it ends, then
          refreshes the marts with Athena INSERTs of at most 100 partitions each

Run \`npm run generate\` first if raw/ is empty, and \`npm run migrate\` to create the tables.`;

export async function backfillCommand(argv: readonly string[], io: CliIo, clock: () => Date = () => new Date()): Promise<number> {
  const { values } = parseArgs({ args: [...argv], options: { target: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const target = parseTarget(values.target);
  const { config, manifest } = await loadProject();
  if (target === 'athena') {
    const code = await backfillOnGlue(io, config, clock);
    return code === 0 ? refreshMarts(io, config, manifest) : code;
  }
  const engine = await LocalEngine.open({ lakeDir: resolveLakeDir(config), create: true });
  try {
    const started = performance.now();
    const results = await runLocalBackfill(engine, manifest, config, {
      runId: clock().getTime().toString(36),
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
    return 0;
  } finally {
    await engine.close();
  }
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
