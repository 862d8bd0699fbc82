import { parseArgs } from 'node:util';
import { resolveLakeDir } from '../../config/load-config.js';
import { ingestConfigSchema } from '../../config/project-config-schema.js';
import { DEFAULT_INGEST_CONCURRENCY, startLocalIngest } from '../../streaming/local-ingest-runtime.js';
import type { CliIo } from '../cli-io.js';
import { loadProject, UsageError } from '../project.js';

const DEFAULTS = ingestConfigSchema.parse({});

const HELP = `Usage: npm run ingest -- [--concurrency N] [--quiet]

The local Lambda runtime: watches LAKE_DIR/incoming/ (default .lake/incoming/), handles the
backlog present at start, then turns every new file into an S3 ObjectCreated event for the
ingest handler, which appends the transactions to the tables (bad ones go to rejected/).
Write each file under a dot name in its folder, then rename it into place: it is handled at once.
Any other file (written in place, moved from another folder) is handled once its size and mtime
stayed unchanged for ingest.settleMs (${DEFAULTS.settleMs} ms by default; dbt-like.config.ts).
Files ready within ingest.batchingWindowMs (${DEFAULTS.batchingWindowMs} ms by default) of each other are handled in one
invocation, as the SQS mapping's batching window does on AWS; --concurrency invocations run at
once (default ${DEFAULT_INGEST_CONCURRENCY}).
Stops cleanly on Ctrl-C; a restart never lands a file twice.`;

export async function ingestCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: { concurrency: { type: 'string' }, quiet: { type: 'boolean', short: 'q' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const concurrency = values.concurrency === undefined ? DEFAULT_INGEST_CONCURRENCY : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new UsageError('--concurrency must be a whole number from 1 to 64');
  const { config, manifest } = await loadProject();
  const lakeDir = resolveLakeDir(config);
  const runtime = await startLocalIngest({
    lakeDir,
    config,
    manifest,
    concurrency,
    log: (e) => {
      if (!values.quiet || e.level !== 'info') io.stdout(JSON.stringify({ time: new Date().toISOString(), ...e }));
    },
  });
  io.stdout(`Watching ${lakeDir}/${config.lake.prefixes.incoming} (Ctrl-C to stop)…`);
  await runtime.ready;
  const s = runtime.stats();
  io.stdout(`Backlog done: ${s.files} file(s), ${s.landed} transaction(s) landed, ${s.rejected} rejected.`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await runtime.stop();
  const t = runtime.stats();
  io.stdout(
    `Stopped: ${t.files} file(s), ${t.landed} landed, ${t.rejected} rejected, ${t.duplicates} duplicate deliveries skipped, ${t.failed} failed (retried at next start).`,
  );
  return t.failed > 0 ? 1 : 0;
}
