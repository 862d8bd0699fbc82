import { localTarget } from '../../targets/local-target.js';
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateHistory } from '../../../producer/history/generate-history.js';
import { historyCompletionMarker } from '../../../producer/history/history-contract.js';
import { startLiveProducer } from '../../../producer/live/start-live-producer.js';
import { runLocalBackfill } from '../../batch/local-backfill.js';
import { planRefresh, saveRefreshState } from '../../batch/refresh-plan.js';
import { compactTables } from '../../compaction/compact-table.js';
import type { Manifest } from '../../manifest/manifest.js';
import { renderGlueJob } from '../../batch/render-glue-job.js';
import { buildProject } from '../../compiler/build-project.js';
import { formatModelError, ModelCompileError } from '../../compiler/model-error.js';
import { loadConfig, resolveLakeDir } from '../../config/load-config.js';
import { LocalEngine } from '../../engines/local/local-engine.js';
import { applyMigration } from '../../migrate/apply-migration.js';
import { desiredObjects } from '../../migrate/desired-objects.js';
import { describeChange, explainDestructive, isDestructive, planMigration } from '../../migrate/migration-plan.js';
import { LocalObjectStore } from '../../storage/local-object-store.js';
import { startLocalIngest } from '../../streaming/local-ingest-runtime.js';
import { createProgress } from '../../util/progress.js';
import type { CliIo } from '../cli-io.js';
import { UsageError } from '../project.js';
import { startDashboard } from './dashboard-command.js';

const HELP = `Usage: npm start [-- --rate TX_PER_S] [--mode batch|single] [--transactions N]

The whole pipeline on this machine, no AWS account needed:
  1. build the models (sql/, the Glue job, target/manifest.json)
  2. migrate the local lake (LAKE_DIR, default .lake/)
  3. generate the default history if the lake has none (5 stores, 12,000 SKUs, 100,000 transactions)
  4. backfill it into the tables (skipped when raw/ has not changed since the last backfill)
  5. start the ingest runtime and compaction every minute
  6. serve the dashboard on http://localhost:3000 (PORT overrides), then start a live producer (default 5 tx/s, micro-batched)
Ctrl-C stops the producer first, then lands what is on its way and stops the rest; a second start reuses the lake.

  --rate N          live transactions per second (default 5; 0 = no producer)
  --mode M          producer mode: batch (one file per store per second) or single (one file per transaction)
  --transactions N  size of the generated history when there is none (default 100000)`;

export async function startCommand(argv: readonly string[], io: CliIo, root = process.cwd()): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: { rate: { type: 'string' }, mode: { type: 'string' }, transactions: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const rate = Number(values.rate ?? process.env.PRODUCER_RATE ?? 5);
  if (!Number.isFinite(rate) || rate < 0 || rate > 100_000) throw new UsageError('--rate must be a number of transactions per second from 0 to 100000');
  const mode = (values.mode ?? 'batch') as 'batch' | 'single';
  if (mode !== 'batch' && mode !== 'single') throw new UsageError('--mode must be batch or single');
  const transactions = Number(values.transactions ?? 100_000);
  if (!Number.isInteger(transactions) || transactions < 1) throw new UsageError('--transactions must be a positive whole number');
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`PORT must be a port number, not "${process.env.PORT}"`);

  const config = loadConfig();
  const lakeDir = resolveLakeDir(config);
  const step = (n: number, text: string) => io.stdout(`[${n}/6] ${text}`);
  const timed = async <T>(fn: () => Promise<T>): Promise<[T, string]> => {
    const t0 = performance.now();
    const r = await fn();
    return [r, `${((performance.now() - t0) / 1000).toFixed(1)} s`];
  };

  step(1, 'Building models…');
  const [build, buildTime] = await timed(() => buildProject(root, config, (m) => renderGlueJob(m, config)));
  if (!build.manifest) {
    for (const e of build.errors) io.stderr(formatModelError(e));
    throw new ModelCompileError(build.errors);
  }
  const manifest = build.manifest;
  io.stdout(`      ${manifest.models.length} models, ${build.changed.length} file(s) changed (${buildTime})`);

  step(2, `Migrating the local lake ${lakeDir}…`);
  const engine = await LocalEngine.open({ lakeDir, create: true });
  const stops: (() => Promise<unknown>)[] = [() => engine.close()];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((e: Error) => io.stderr(`while stopping: ${e.message}`));
  };
  try {
    const plan = planMigration(desiredObjects(manifest, config), await engine.readCatalog());
    const destructive = plan.changes.filter(isDestructive);
    if (destructive.length > 0) {
      // npm start never takes that decision for the user: the lake was made by other models.
      for (const c of destructive) io.stderr(`      - ${explainDestructive(c)}`);
      throw new UsageError(
        `the lake in ${lakeDir} needs ${destructive.length} destructive change(s) to match the models. Review them with \`npm run migrate -- --dry-run\`, apply them with \`npm run migrate -- --allow-destructive\` (data files are kept), or start on a new lake (LAKE_DIR=…).`,
      );
    }
    await applyMigration(plan, localTarget, engine, config, { allowDestructive: false, buildId: Date.now().toString(36) });
    io.stdout(plan.changes.length === 0 ? '      up to date' : plan.changes.map((c) => `      ${describeChange(c)}`).join('\n'));

    const store = new LocalObjectStore(lakeDir);
    step(3, 'Checking the history…');
    if (!(await store.head(historyCompletionMarker(config.lake.prefixes.raw)))) {
      const progress = createProgress({ label: '      generating transactions', total: transactions, stream: process.stderr, unit: 'tx' });
      const [summary, t] = await timed(() =>
        generateHistory({ transactions, rawPrefix: config.lake.prefixes.raw }, { store, clock: () => new Date(), progress }),
      );
      io.stdout(
        `      generated ${summary.transactions.toLocaleString('en-US')} transactions, ${summary.stores} stores, ${summary.skus.toLocaleString('en-US')} SKUs (${summary.startDate} … ${summary.endDate}) in ${t}`,
      );
    } else io.stdout('      found an existing history in raw/');

    step(4, 'Backfilling…');
    // A changed mapping (e.g. a new column) needs the history re-mapped, as much as changed raw files do.
    const mappings = createHash('sha256')
      .update(JSON.stringify(manifest.models.filter((m) => m.kind === 'table').map((m) => m.kind === 'table' && m.mapping)))
      .digest('hex');
    const fingerprint = `${await rawFingerprint(store, config.lake.prefixes.raw)}:${mappings}`;
    const stateFile = path.join(lakeDir, '_state', 'backfill.json');
    const previous = await readFile(stateFile, 'utf8')
      .then((t) => (JSON.parse(t) as { fingerprint: string }).fingerprint)
      .catch(() => undefined);
    if (previous === fingerprint) io.stdout('      raw/ and the table mappings unchanged since the last backfill: skipped');
    else {
      const inputs = await planRefresh({ store, manifest, fullRefresh: true });
      const [results, t] = await timed(() => runLocalBackfill(engine, manifest, config, { runId: Date.now().toString(36), store }));
      // So that a later `npm run backfill` refreshes only what changes after this one.
      await saveRefreshState(store, inputs.next);
      for (const r of results) io.stdout(`      ${r.table.padEnd(20)} ${r.rows.toLocaleString('en-US').padStart(10)} rows in ${r.partitions} partition(s)`);
      await mkdir(path.dirname(stateFile), { recursive: true });
      await writeFile(stateFile, JSON.stringify({ fingerprint, at: new Date().toISOString() }));
      io.stdout(`      done in ${t}`);
    }

    step(5, 'Starting the ingest runtime and compaction…');
    const ingest = await startLocalIngest({ lakeDir, config, manifest, log: (e) => e.level === 'error' && io.stderr(JSON.stringify(e)) });
    stops.push(() => ingest.stop());
    await ingest.ready;
    io.stdout(`      backlog of incoming/ handled: ${ingest.stats().files} file(s)`);
    stops.push(startPeriodicCompaction(store, manifest, io));

    step(6, 'Serving the dashboard…');
    const dashboard = await startDashboard({
      engine,
      port,
      lakeDir,
      manifest: async () => manifest,
      io: { stdout: () => {}, stderr: io.stderr },
      aggregates: { store, tablesPrefix: config.lake.prefixes.tables },
      renderer: localTarget.renderer(config),
    });
    stops.push(() => dashboard.close());
    io.stdout(`\nReady: open ${dashboard.url}  (Ctrl-C to stop)`);
    if (rate > 0) {
      // Started last so that it stops first (stops run in reverse): Ctrl-C ends the stream before
      // waiting for a compaction run or the runtime's last invocations, which then land everything.
      io.stdout(`Live producer: ${rate} tx/s, ${mode === 'single' ? 'one file per transaction' : 'one file per store per second'}`);
      const producer = startLiveProducer({ lakeDir, rate, mode, io });
      stops.push(() => producer.stop());
    }

    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    io.stdout('\nStopping…');
    await stopAll();
    const s = ingest.stats();
    io.stdout(`Stopped. This run landed ${s.landed.toLocaleString('en-US')} live transaction(s) (${s.rejected} rejected).`);
    return 0;
  } catch (e) {
    await stopAll();
    throw e;
  }
}

/**
 * Merges the live stream's small files every minute (files older than 30 s), one run at a time, so
 * a long `npm start` keeps its partitions few-filed. Returns the stop function.
 */
function startPeriodicCompaction(store: LocalObjectStore, manifest: Manifest, io: CliIo): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() =>
      compactTables(store, manifest, { olderThanMs: 30_000, graceMs: 120_000 }).catch((e: Error) =>
        io.stderr(`compaction: ${e.message} (retried in a minute)`),
      ),
    );
  }, 60_000);
  return async () => {
    clearInterval(timer);
    await running;
  };
}

/** Names, sizes and times of the raw files: a new or changed file means the tables are stale. */
async function rawFingerprint(store: LocalObjectStore, prefix: string): Promise<string> {
  const h = createHash('sha256');
  for await (const o of store.list(prefix)) h.update(`${o.key}\u0000${o.size}\u0000${o.lastModified.getTime()}\n`);
  return h.digest('hex');
}
