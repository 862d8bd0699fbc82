import { parseArgs } from 'node:util';
import { createDashboardServer, type DashboardServerOptions } from '../../../dashboard/server/create-dashboard-server.js';
import { readIngestMetrics } from '../../../dashboard/server/read-ingest-metrics.js';
import { loadConfig } from '../../config/load-config.js';
import { TARGET_CHOICES, TARGET_NAMES, TARGETS } from '../../targets/targets.js';
import type { Engine } from '../../engines/engine.js';
import type { ObjectStore } from '../../storage/object-store.js';
import type { Manifest } from '../../manifest/manifest.js';
import type { CliIo } from '../cli-io.js';
import { loadProject, parseTarget, targetOf, UsageError } from '../project.js';
import { waitForSignal } from '../wait-for-signal.js';
import { assertEnvironmentMigrated, ENV_OPTIONS } from '../../environments/environment-options.js';
import { parseEnvironmentName } from '../../environments/environment-name.js';
import { environmentConfig } from '../../environments/environment-scope.js';

const DEFAULT_PORT = 3000;
const DEFAULT_MAX_STREAMS = 100;

const HELP = `Usage: npm run dashboard -- [--target ${TARGET_CHOICES}] [--port N] [--host H] [--poll-ms N] [--max-streams N] [--allowed-host NAME:PORT …] [--env NAME]

Serves the live dashboard: KPIs, sales by store, top SKUs, revenue per hour, freshness, with a date
range and a store filter and a CSV download per panel. Open pages update by themselves when new
transactions land (server-sent events; one shared poll of the lake, whatever the number of viewers).
Ranges within the last 31 days are answered from per-store, per-minute aggregates kept current from
the lake's visible files (no engine query; over a local lake refreshed every 5 s even with no page
open); older ranges are scanned by the engine. Each answer
says which in its "source" field, and the page shows it.
  --target T     default local; one of:
${TARGET_NAMES.map((n) => `                   ${n.padEnd(7)} ${TARGETS[n].description}`).join('\n')}
  --port N       port to listen on; the PORT environment variable sets the default   default ${DEFAULT_PORT}
  --host H       interface to listen on (0.0.0.0 to serve other machines)       default 127.0.0.1
  --poll-ms N    how often to check for new data (Athena bills each poll)   default ${TARGET_NAMES.map((n) => `${TARGETS[n].dashboardPollMs} (${n})`).join(', ')}
  --max-streams N  open pages receiving live updates at once; more get 503     default ${DEFAULT_MAX_STREAMS}
  --allowed-host NAME:PORT  with --host other than loopback: a Host the server answers (repeatable);
                 on loopback only localhost, 127.0.0.1 and [::1] with the port are answered
  --env NAME     the panels read the development environment NAME (migrate --env NAME): its own views
                 and marts, the main environment's for the rest (locally; on athena and trino the
                 panels run in database <db>_NAME)
  -h, --help     this help

Ctrl-C stops the server. Run \`npm run backfill\` first if the lake has no tables yet.`;

/** What the command needs from its process; injected so tests neither bind signals nor read the real env. */
export interface DashboardCommandDeps {
  readonly env?: NodeJS.ProcessEnv;
  /** Resolves when the server should stop. @default the first SIGINT or SIGTERM */
  readonly waitForStop?: () => Promise<void>;
}

/**
 * `npm run dashboard`: opens the target's engine, serves the dashboard, prints the URL, and returns 0
 * once stopped (Ctrl-C), after closing the server and the engine.
 */
export async function dashboardCommand(argv: readonly string[], io: CliIo, deps: DashboardCommandDeps = {}): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      target: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      'poll-ms': { type: 'string' },
      'max-streams': { type: 'string' },
      'allowed-host': { type: 'string', multiple: true },
      ...ENV_OPTIONS,
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const env = deps.env ?? process.env;
  const target = parseTarget(values.target);
  const port = parsePort(
    values.port ?? env.PORT ?? String(DEFAULT_PORT),
    values.port !== undefined ? '--port' : env.PORT !== undefined ? 'PORT' : 'the default port',
  );
  const pollMs = values['poll-ms'] === undefined ? targetOf(target).dashboardPollMs : parsePollMs(values['poll-ms']);
  const maxStreams = values['max-streams'] === undefined ? DEFAULT_MAX_STREAMS : parseMaxStreams(values['max-streams']);
  const allowedHosts = values['allowed-host'];
  const environment = values.env === undefined ? undefined : parseEnvironmentName(values.env);
  const config = environment === undefined ? loadConfig() : environmentConfig(loadConfig(), environment);
  // Registered before the engine opens, so a Ctrl-C during a slow Athena start still stops cleanly.
  const stopped = (deps.waitForStop ?? waitForSignal)();
  const engine = await targetOf(target).openEngine({ config, env, onProgress: io.stderr, ...(environment !== undefined ? { environment } : {}) });
  let lake: { store: ObjectStore; close(): void } | undefined;
  try {
    if (environment !== undefined) await assertEnvironmentMigrated(engine, environment, target);
    const lakeDir = targetOf(target).lakeDir({ config, env });
    lake = await targetOf(target).objectStore({ config, env });
    // Only for the freshness thresholds, compiled once on first use so the page is up at once;
    // a model error must not keep the dashboard down.
    let compiled: Promise<Manifest | undefined> | undefined;
    const manifest = () =>
      (compiled ??= loadProject().then(
        (p) => p.manifest,
        (e: Error) => void io.stderr(`Freshness thresholds not shown: ${e.message}`),
      ));
    const dashboard = await startDashboard({
      engine,
      port,
      io,
      pollMs,
      maxEventClients: maxStreams,
      ...(allowedHosts ? { allowedHosts } : {}),
      ...(values.host ? { host: values.host } : {}),
      ...(lakeDir ? { lakeDir } : {}),
      aggregates: { store: lake.store, tablesPrefix: config.lake.prefixes.tables },
      renderer: targetOf(target).renderer(config),
      manifest,
    });
    io.stdout(`Press Ctrl-C to stop.`);
    await stopped;
    io.stdout('Stopping the dashboard…');
    await dashboard.close();
    return 0;
  } finally {
    lake?.close();
    await engine.close();
  }
}

/** Options of {@link startDashboard}. */
export interface StartDashboardOptions {
  /** The engine to query; the caller keeps it and closes it after `close()`. */
  readonly engine: Engine;
  /** 0 picks a free port. */
  readonly port: number;
  /** The local lake, whose ingest runtime reports the ingest delay (`_metrics/ingest.json`); absent on Athena. */
  readonly lakeDir?: string;
  /** The compiled models: the dashboard shows the state of their freshness rules. */
  readonly manifest?: () => Promise<Manifest | undefined>;
  readonly io: CliIo;
  /** @default "127.0.0.1" */
  readonly host?: string;
  /** @default 1000 */
  readonly pollMs?: number;
  /** @default () => new Date() */
  readonly clock?: () => Date;
  /** Live-update streams served at once. @default 100 */
  readonly maxEventClients?: number;
  /** Host header values answered on a non-loopback interface. @default any */
  readonly allowedHosts?: readonly string[];
  /** The lake's objects: recent ranges are then answered from the aggregates (aggregate-reader.ts). @default every panel scans */
  readonly aggregates?: DashboardServerOptions['aggregates'];
  /** @default the engine's target's renderer with the default config */
  readonly renderer?: DashboardServerOptions['renderer'];
  /** See DashboardServerOptions.keepWarmMs. @default 5000 with aggregates over a local lake (`lakeDir`), off otherwise */
  readonly keepWarmMs?: number;
}

/**
 * Starts the dashboard server and prints its URL: the library entry point for `npm start`, which
 * embeds the dashboard next to the ingest runtime and the producer. `close()` stops the server only.
 */
export async function startDashboard(opts: StartDashboardOptions): Promise<{ url: string; close(): Promise<void> }> {
  const { lakeDir } = opts;
  // A local lake's refresh costs CPU only: keep it current for the first viewer.
  const keepWarmMs = opts.keepWarmMs ?? (lakeDir !== undefined ? 5_000 : undefined);
  const server = createDashboardServer({
    engine: opts.engine,
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.pollMs !== undefined ? { pollMs: opts.pollMs } : {}),
    ...(opts.maxEventClients !== undefined ? { maxEventClients: opts.maxEventClients } : {}),
    ...(opts.allowedHosts !== undefined ? { allowedHosts: opts.allowedHosts } : {}),
    ...(lakeDir !== undefined ? { freshness: () => readIngestMetrics(lakeDir) } : {}),
    ...(opts.aggregates !== undefined ? { aggregates: opts.aggregates, warn: opts.io.stderr } : {}),
    ...(opts.renderer !== undefined ? { renderer: opts.renderer } : {}),
    ...(opts.manifest ? { manifest: opts.manifest } : {}),
    ...(opts.aggregates !== undefined && keepWarmMs !== undefined ? { keepWarmMs } : {}),
  });
  let url: string;
  try {
    ({ url } = await server.listen(opts.port, opts.host ?? '127.0.0.1'));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') throw new UsageError(`port ${opts.port} is already in use: pass --port N (or set PORT) to pick another`);
    if (err.code === 'EACCES') throw new UsageError(`not allowed to listen on port ${opts.port}: pick a port above 1023 with --port N`);
    throw e;
  }
  // A browser reaches 127.0.0.1 as localhost too, and that is the friendlier URL to click.
  const shown = url.replace('://127.0.0.1:', '://localhost:');
  opts.io.stdout(`Dashboard (${opts.engine.target}) on ${shown}`);
  return { url: shown, close: () => server.close() };
}

function parsePort(raw: string, source: string): number {
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535) throw new UsageError(`${source} must be a port number from 0 to 65535, not "${raw}"`);
  return Number(raw);
}

function parsePollMs(raw: string): number {
  if (!/^\d+$/.test(raw) || Number(raw) < 100 || Number(raw) > 3_600_000)
    throw new UsageError(`--poll-ms must be a whole number of milliseconds from 100 to 3600000, not "${raw}"`);
  return Number(raw);
}

function parseMaxStreams(raw: string): number {
  if (!/^\d{1,6}$/.test(raw) || Number(raw) < 1) throw new UsageError(`--max-streams must be a whole number from 1 to 999999, not "${raw}"`);
  return Number(raw);
}
