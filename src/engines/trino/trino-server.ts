import { spawn } from 'node:child_process';
import { mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { enginesCacheDir, exists } from '../install/engine-installer.js';
import { findTrinoJava } from './java-home.js';
import { TRINO_VERSION, trinoHome, trinoInstaller } from './trino-installer.js';

/** The Hive catalog's name: Athena's catalog is `AwsDataCatalog`, so `awsdatacatalog.db.t` works on both. */
export const TRINO_CATALOG = 'awsdatacatalog';

/** What a running server for a lake is; kept in `<lake>/_trino/server.json` so any process can reuse it. */
export interface TrinoServerState {
  readonly pid: number;
  readonly port: number;
  readonly version: string;
  readonly lakeDir: string;
}

export interface TrinoServer extends TrinoServerState {
  readonly url: string;
}

/** Everything the server owns lives here, beside the data it serves: config, metastore, logs, state. */
function trinoDir(lakeDir: string): string {
  return path.join(lakeDir, '_trino');
}

function stateFile(lakeDir: string): string {
  return path.join(trinoDir(lakeDir), 'server.json');
}

export function serverLog(lakeDir: string): string {
  return path.join(trinoDir(lakeDir), 'server.log');
}

export interface StartOptions {
  /** Progress lines while the server starts (it takes tens of seconds on 2 cores). */
  readonly onProgress?: (message: string) => void;
  readonly env?: NodeJS.ProcessEnv;
  /** @default 180 s: on a busy 2-core machine the JVM needs long to load 300 plugin jars. */
  readonly timeoutMs?: number;
}

/** The running server for `lakeDir`, or undefined when none answers. */
export async function runningTrinoServer(lakeDir: string): Promise<TrinoServer | undefined> {
  const state = await readState(lakeDir);
  if (!state || !isAlive(state.pid)) return undefined;
  const url = `http://127.0.0.1:${state.port}`;
  const info = await serverInfo(url);
  return info && !info.starting ? { ...state, url } : undefined;
}

/**
 * Returns the Trino server serving `lakeDir`, starting one when none is up. The server keeps
 * running after this process exits (so the next command is instant); `stopTrinoServer` ends it.
 */
export async function ensureTrinoServer(lakeDir: string, options: StartOptions = {}): Promise<TrinoServer> {
  const log = options.onProgress ?? (() => {});
  const env = options.env ?? process.env;
  lakeDir = path.resolve(lakeDir);
  const state = await readState(lakeDir);
  if (state && isAlive(state.pid)) {
    // Up already, or still starting (another command launched it): wait for it rather than start a second one.
    return waitUntilReady({ ...state, url: `http://127.0.0.1:${state.port}` }, options.timeoutMs ?? 180_000, log, lakeDir);
  }
  const cacheDir = enginesCacheDir(env);
  if (!(await trinoInstaller.isInstalled(cacheDir))) {
    throw new Error(`Trino ${TRINO_VERSION} is not installed in ${cacheDir}; run \`npm run engines:install\` first`);
  }
  const javaHome = await findTrinoJava(env);
  const port = await freePort();
  await writeServerConfig(lakeDir, port, cacheDir);
  const dir = trinoDir(lakeDir);
  const out = await open(serverLog(lakeDir), 'w');
  const home = trinoHome(cacheDir);
  const child = spawn(
    path.join(javaHome, 'bin', 'java'),
    [
      ...JVM_OPTIONS,
      `-Dconfig=${path.join(dir, 'etc', 'config.properties')}`,
      '-Dnode.environment=lakehouse',
      `-Dnode.id=lakehouse-${port}`,
      `-Dnode.data-dir=${path.join(dir, 'data')}`,
      '-cp',
      `${path.join(home, 'lib')}/*`,
      'io.trino.server.TrinoServer',
    ],
    { cwd: dir, detached: true, stdio: ['ignore', out.fd, out.fd] },
  );
  await out.close();
  if (child.pid === undefined) throw new Error(`cannot start ${path.join(javaHome, 'bin', 'java')}`);
  child.unref();
  const started: TrinoServerState = { pid: child.pid, port, version: TRINO_VERSION, lakeDir };
  await writeFile(stateFile(lakeDir), `${JSON.stringify(started, null, 2)}\n`);
  log(`starting Trino ${TRINO_VERSION} for ${lakeDir} on port ${port} (log: ${serverLog(lakeDir)})`);
  return waitUntilReady({ ...started, url: `http://127.0.0.1:${port}` }, options.timeoutMs ?? 180_000, log, lakeDir);
}

/** Stops the lake's server (SIGTERM, then SIGKILL after 30 s); true when one was running. */
export async function stopTrinoServer(lakeDir: string): Promise<boolean> {
  lakeDir = path.resolve(lakeDir);
  const state = await readState(lakeDir);
  await rm(stateFile(lakeDir), { force: true });
  if (!state || !isAlive(state.pid)) return false;
  signal(state.pid, 'SIGTERM');
  const deadline = Date.now() + 30_000;
  while (isAlive(state.pid) && Date.now() < deadline) await sleep(200);
  if (isAlive(state.pid)) signal(state.pid, 'SIGKILL');
  return true;
}

/**
 * Sized for a shared 2-core, 24 GiB machine: a 2 GB heap, small query memory, two threads per task.
 * The flags are those Trino's launcher documents as its defaults, minus the heap percentage.
 */
const JVM_OPTIONS = [
  '-Xmx2G',
  '-XX:+UseG1GC',
  '-XX:G1HeapRegionSize=32M',
  '-XX:+ExplicitGCInvokesConcurrent',
  '-XX:+ExitOnOutOfMemoryError',
  '-XX:-OmitStackTraceInFastThrow',
  '-XX:ReservedCodeCacheSize=256M',
  '-XX:PerMethodRecompilationCutoff=10000',
  '-XX:PerBytecodeRecompilationCutoff=10000',
  '-XX:+EnableDynamicAgentLoading',
  '-XX:TieredStopAtLevel=1',
  '-Djdk.attach.allowAttachSelf=true',
  '-Djdk.nio.maxCachedBufferSize=2000000',
  '-Dfile.encoding=UTF-8',
  '--enable-native-access=ALL-UNNAMED',
];

async function writeServerConfig(lakeDir: string, port: number, cacheDir: string): Promise<void> {
  const dir = trinoDir(lakeDir);
  await mkdir(path.join(dir, 'etc', 'catalog'), { recursive: true });
  await mkdir(path.join(dir, 'metastore'), { recursive: true });
  await mkdir(path.join(dir, 'data'), { recursive: true });
  await writeProperties(path.join(dir, 'etc', 'config.properties'), {
    coordinator: 'true',
    'node-scheduler.include-coordinator': 'true',
    'http-server.http.port': String(port),
    'discovery.uri': `http://127.0.0.1:${port}`,
    'node.internal-address': '127.0.0.1',
    'catalog.config-dir': path.join(dir, 'etc', 'catalog'),
    'plugin.dir': path.join(trinoHome(cacheDir), 'plugin'),
    'query.max-memory': '1GB',
    'query.max-memory-per-node': '1GB',
    'task.concurrency': '2',
    'task.max-worker-threads': '4',
    'web-ui.enabled': 'false',
    'log.path': serverLog(lakeDir),
  });
  await writeProperties(path.join(dir, 'etc', 'catalog', `${TRINO_CATALOG}.properties`), {
    'connector.name': 'hive',
    // The file metastore stands in for the Glue Data Catalog: one JSON entry per table, under the lake.
    'hive.metastore': 'file',
    'hive.metastore.catalog.dir': `local:///${path.relative(lakeDir, path.join(dir, 'metastore'))}`,
    // `local:///tables/x/` is `<lake>/tables/x/`: the lake folder plays the bucket (see trinoLocation).
    'fs.native-local.enabled': 'true',
    'local.location': lakeDir,
    // Athena's projection.* and storage.location.template table parameters, honoured as Athena does.
    'hive.partition-projection-enabled': 'true',
    // Athena reads a projected partition whose folder does not exist as empty; Trino fails unless told.
    'hive.ignore-absent-partitions': 'true',
    // The mart is an external table filled by INSERT (as on Athena); Trino refuses that by default.
    'hive.non-managed-table-writes-enabled': 'true',
    'hive.non-managed-table-creates-enabled': 'true',
    // Athena reads every file below a table's LOCATION, sub-folders included; Trino only when told to.
    'hive.recursive-directories': 'true',
  });
}

async function writeProperties(file: string, props: Record<string, string>): Promise<void> {
  await writeFile(
    file,
    `${Object.entries(props)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n')}\n`,
  );
}

async function waitUntilReady(server: TrinoServer, timeoutMs: number, log: (m: string) => void, lakeDir: string): Promise<TrinoServer> {
  const started = Date.now();
  let lastReport = started;
  for (;;) {
    const info = await serverInfo(server.url);
    if (info && !info.starting) {
      const s = ((Date.now() - started) / 1000).toFixed(1);
      if (Date.now() - started > 1000) log(`Trino ${server.version} is up on ${server.url} (${s} s)`);
      return server;
    }
    if (!isAlive(server.pid)) {
      await rm(stateFile(lakeDir), { force: true });
      throw new Error(`Trino exited while starting; the end of ${serverLog(lakeDir)}:\n${await tail(serverLog(lakeDir), 30)}`);
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(
        `Trino did not start within ${timeoutMs / 1000} s (pid ${server.pid}); see ${serverLog(lakeDir)}, or stop it with \`npm run trino -- stop\``,
      );
    }
    if (Date.now() - lastReport >= 5000) {
      lastReport = Date.now();
      log(`  waiting for Trino… ${Math.round((Date.now() - started) / 1000)} s`);
    }
    await sleep(500);
  }
}

async function serverInfo(url: string): Promise<{ starting: boolean } | undefined> {
  try {
    const res = await fetch(`${url}/v1/info`, { signal: AbortSignal.timeout(2000) });
    return res.ok ? ((await res.json()) as { starting: boolean }) : undefined;
  } catch {
    return undefined;
  }
}

async function readState(lakeDir: string): Promise<TrinoServerState | undefined> {
  if (!(await exists(stateFile(lakeDir)))) return undefined;
  try {
    return JSON.parse(await readFile(stateFile(lakeDir), 'utf8')) as TrinoServerState;
  } catch {
    return undefined;
  }
}

async function tail(file: string, lines: number): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').slice(-lines).join('\n');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone.
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
