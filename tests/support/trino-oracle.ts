/**
 * A real Trino server to check the Trino-compatibility library against: Trino is the oracle, not its
 * documentation. Deliberately small and isolated — it only needs function evaluation, which works on
 * server-core with no catalog — so that it can later be re-pointed at the project's own Trino
 * lifecycle (`src/engines/trino/…`) without touching the tests that use it.
 *
 * One server per test process: `trinoOracle()` starts it on first use (extracting the pinned tarball
 * into the engines cache once), later calls share it; `close()` stops it when the last user is done.
 */
import { spawn, spawnSync, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface TrinoOracleResult {
  readonly columns: { name: string; type: string }[];
  readonly rows: Record<string, string | number | boolean | null>[];
}

export interface TrinoOracle {
  query(sql: string): Promise<TrinoOracleResult>;
  close(): Promise<void>;
}

const TRINO_VERSION = '476';
const INSTALL_HINT = `run \`npm run engines:install\` (needs Java 25: Trino ${TRINO_VERSION} requires Java 24 or newer, e.g. /usr/lib/jvm/temurin-25-jdk-amd64)`;

const enginesDir = (): string => process.env['LAKEHOUSE_ENGINES_DIR'] ?? path.join(os.homedir(), '.cache', 'lakehouse-engines');

/** A JDK whose `java -version` is 24 or newer: JAVA_HOME first, then the JDKs under /usr/lib/jvm. */
function findJavaHome(): string {
  const candidates = [process.env['TRINO_JAVA_HOME'], process.env['JAVA_HOME']].filter((x): x is string => !!x);
  if (existsSync('/usr/lib/jvm'))
    candidates.push(
      ...readdirSync('/usr/lib/jvm')
        .sort()
        .reverse()
        .map((d) => path.join('/usr/lib/jvm', d)),
    );
  for (const home of candidates) {
    const java = path.join(home, 'bin', 'java');
    if (!existsSync(java)) continue;
    // `-version` and the properties go to stderr.
    const { stderr } = spawnSync(java, ['-XshowSettings:properties', '-version'], { encoding: 'utf8' });
    const major = /java\.specification\.version = (\d+)/.exec(stderr ?? '')?.[1];
    if (major && Number(major) >= 24) return home;
  }
  throw new Error(`Trino oracle: no Java 24+ found (JAVA_HOME, /usr/lib/jvm/*); ${INSTALL_HINT}`);
}

/** The server-core tree, extracted once into the engines cache (atomically, so a crash leaves no half tree). */
async function installedServer(): Promise<string> {
  const home = path.join(enginesDir(), `trino-oracle-${TRINO_VERSION}`);
  const marker = path.join(home, 'lib');
  if (existsSync(marker)) return home;
  const tarball = path.join(enginesDir(), 'downloads', `trino-server-core-${TRINO_VERSION}.tar.gz`);
  if (!existsSync(tarball)) throw new Error(`Trino oracle: ${tarball} is missing; ${INSTALL_HINT}`);
  const tmp = await mkdtemp(path.join(enginesDir(), `.trino-oracle-${TRINO_VERSION}-`));
  try {
    execFileSync('tar', ['xzf', tarball, '-C', tmp, '--strip-components=1']);
    await rename(tmp, home).catch(async (e: NodeJS.ErrnoException) => {
      // Another test process won the race: its tree is as good as ours.
      if (!existsSync(marker)) throw e;
      await rm(tmp, { recursive: true, force: true });
    });
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  return home;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

interface Running {
  readonly child: ChildProcess;
  readonly baseUrl: string;
  readonly runDir: string;
  readonly logFile: string;
  exited: boolean;
}

async function start(): Promise<Running> {
  const home = await installedServer();
  const javaHome = findJavaHome();
  const port = await freePort();
  const runDir = await mkdtemp(path.join(os.tmpdir(), 'trino-oracle-'));
  const etc = path.join(runDir, 'etc');
  await mkdir(path.join(etc, 'catalog'), { recursive: true });
  await writeFile(path.join(etc, 'node.properties'), `node.environment=test\nnode.id=trino-oracle\nnode.data-dir=${path.join(runDir, 'data')}\n`);
  // Sized for a shared 2-core machine: the oracle evaluates small constant queries only.
  await writeFile(
    path.join(etc, 'jvm.config'),
    [
      '-server',
      '-Xmx1G',
      '-XX:+UseSerialGC',
      '-XX:+ExitOnOutOfMemoryError',
      '-Djdk.attach.allowAttachSelf=true',
      '-XX:TieredStopAtLevel=1',
      '-Xshare:auto',
    ].join('\n') + '\n',
  );
  await writeFile(
    path.join(etc, 'config.properties'),
    [
      'coordinator=true',
      'node-scheduler.include-coordinator=true',
      `http-server.http.port=${port}`,
      `discovery.uri=http://127.0.0.1:${port}`,
      'query.max-memory=512MB',
      'query.max-memory-per-node=512MB',
      'task.concurrency=2',
      'catalog.management=static',
    ].join('\n') + '\n',
  );
  await writeFile(path.join(etc, 'log.properties'), 'io.trino=WARN\n');
  const logFile = path.join(runDir, 'server.log');
  const log = await open(logFile, 'w');
  const child = spawn(path.join(home, 'bin', 'launcher'), ['run', `--etc-dir=${etc}`, `--data-dir=${path.join(runDir, 'data')}`], {
    env: { ...process.env, JAVA_HOME: javaHome, PATH: `${path.join(javaHome, 'bin')}:${process.env['PATH'] ?? ''}` },
    stdio: ['ignore', log.fd, log.fd],
  });
  await log.close();
  const running: Running = { child, baseUrl: `http://127.0.0.1:${port}`, runDir, logFile, exited: false };
  // A test process that dies without close() must not leave a 1 GB JVM behind.
  const killOnExit = (): void => {
    if (!running.exited) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  child.once('exit', () => {
    running.exited = true;
    process.off('exit', killOnExit);
  });
  await waitReady(running);
  return running;
}

async function tail(file: string): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').slice(-30).join('\n');
}

/** Polls /v1/info until the server says it has finished starting (bounded: 3 minutes). */
async function waitReady(r: Running): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (r.exited) throw new Error(`Trino oracle: the server exited during start-up; ${INSTALL_HINT}\n${await tail(r.logFile)}`);
    try {
      const res = await fetch(`${r.baseUrl}/v1/info`);
      if (res.ok && ((await res.json()) as { starting: boolean }).starting === false) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  r.child.kill('SIGKILL');
  throw new Error(`Trino oracle: not ready after 3 minutes\n${await tail(r.logFile)}`);
}

interface StatementResponse {
  nextUri?: string;
  columns?: { name: string; type: string }[];
  data?: unknown[][];
  error?: { message: string; errorName?: string };
}

/** The HTTP protocol: POST the statement, then follow nextUri until it is gone, collecting data. */
async function runQuery(baseUrl: string, sql: string): Promise<TrinoOracleResult> {
  const headers = { 'X-Trino-User': 'oracle', 'X-Trino-Time-Zone': 'UTC' };
  let res = await fetch(`${baseUrl}/v1/statement`, { method: 'POST', headers, body: sql });
  if (!res.ok) throw new Error(`Trino oracle: HTTP ${res.status} ${await res.text()}`);
  let page = parseExact(await res.text()) as StatementResponse;
  let columns: { name: string; type: string }[] | undefined;
  const data: unknown[][] = [];
  for (;;) {
    if (page.error) throw new Error(`Trino: ${page.error.errorName ?? ''}: ${page.error.message}`);
    columns ??= page.columns;
    if (page.data) data.push(...page.data);
    if (!page.nextUri) break;
    res = await fetch(page.nextUri, { headers });
    if (res.status === 503) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      continue;
    }
    if (!res.ok) throw new Error(`Trino oracle: HTTP ${res.status} ${await res.text()}`);
    page = parseExact(await res.text()) as StatementResponse;
  }
  const cols = (columns ?? []).map((c) => ({ name: c.name, type: c.type }));
  return {
    columns: cols,
    rows: data.map((row) => Object.fromEntries(cols.map((c, i) => [c.name, toCell(row[i])]))),
  };
}

/**
 * JSON.parse, except that integers too long for a double (bigint, decimal-free) stay exact: they are
 * quoted before parsing. Walks the text so that digits inside strings are left alone.
 */
function parseExact(text: string): unknown {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (ch === '-' || (ch >= '0' && ch <= '9')) {
      const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400))!;
      const num = m[0];
      out += !m[1] && !m[2] && !Number.isSafeInteger(Number(num)) ? `"${num}"` : num;
      i += num.length;
    } else {
      out += ch;
      i++;
    }
  }
  return JSON.parse(out);
}

// Arrays, maps and rows arrive as JSON; the contract is flat cells, so they are kept as JSON text.
const toCell = (v: unknown): string | number | boolean | null =>
  v === null || v === undefined ? null : typeof v === 'object' ? JSON.stringify(v) : (v as string | number | boolean);

let shared: Promise<Running> | undefined;
let users = 0;

export async function trinoOracle(): Promise<TrinoOracle> {
  shared ??= start();
  const running = await shared.catch((e: unknown) => {
    shared = undefined;
    throw e;
  });
  users++;
  let closed = false;
  return {
    query: (sql) => runQuery(running.baseUrl, sql),
    async close() {
      if (closed) return;
      closed = true;
      if (--users > 0) return;
      shared = undefined;
      if (!running.exited) {
        const exited = new Promise((resolve) => running.child.once('exit', resolve));
        running.child.kill('SIGTERM');
        const timer = setTimeout(() => running.child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      await rm(running.runDir, { recursive: true, force: true });
    },
  };
}
