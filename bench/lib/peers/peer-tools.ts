import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { EngineInstaller } from '../../../src/engines/install/engine-installer.js';

/**
 * The peer tools, pinned, each in its own virtualenv under the engines cache (they pin different
 * libraries). DuckDB is pinned to our engine's version (@duckdb/node-api 1.5.6), so all three run
 * the same database engine. dbt-core is 1.11, not 1.12: 1.12 depends on dbt-core-experimental-parser,
 * whose build downloads a wheel from outside PyPI and so cannot install from the registry alone.
 */
export interface PeerTool {
  readonly name: 'dbt' | 'sqlmesh';
  readonly version: string;
  /** `pip install` arguments. */
  readonly requirements: readonly string[];
  /** The tool's command in the venv's `bin/`. */
  readonly command: string;
  /** A Python module whose import is the tool's start-up cost. */
  readonly module: string;
}

export const DUCKDB_PY_VERSION = '1.5.6';
export const PEER_PYTHON = 'python3.11';

export const PEER_TOOLS: readonly PeerTool[] = [
  {
    name: 'dbt',
    version: '1.11.16',
    requirements: ['dbt-core==1.11.16', 'dbt-duckdb==1.11.1', `duckdb==${DUCKDB_PY_VERSION}`],
    command: 'dbt',
    module: 'dbt.cli.main',
  },
  { name: 'sqlmesh', version: '0.236.4', requirements: ['sqlmesh==0.236.4', `duckdb==${DUCKDB_PY_VERSION}`], command: 'sqlmesh', module: 'sqlmesh.cli.main' },
];

/** Written last, so an interrupted install is never mistaken for a finished one. */
const MARKER = '.installed';

export function peerVenvDir(cacheDir: string, tool: PeerTool): string {
  return path.join(cacheDir, `peers-${tool.name}-${tool.version}`);
}

export function peerBin(cacheDir: string, tool: PeerTool, name: string): string {
  return path.join(peerVenvDir(cacheDir, tool), 'bin', name);
}

/**
 * The environment the peers run in: no usage statistics, no version check, nothing that would reach
 * the network (the bench runs offline once installed).
 */
export function peerEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...base,
    DBT_SEND_ANONYMOUS_USAGE_STATS: 'false',
    DBT_VERSION_CHECK: 'false',
    DBT_USE_COLORS: 'false',
    DBT_PRINTER_WIDTH: '120',
    DO_NOT_TRACK: '1',
    SQLMESH__DISABLE_ANONYMIZED_ANALYTICS: '1',
    NO_COLOR: '1',
    PYTHONWARNINGS: 'ignore',
  };
}

/** `npm run bench -- --install peers` installs these; `npm test` never does (≈ 600 MB, only the bench runs them). */
export const PEER_INSTALLERS: readonly EngineInstaller[] = PEER_TOOLS.map((tool) => ({
  name: `peers-${tool.name}`,
  pinned: tool.version,
  async isInstalled(cacheDir: string) {
    const marker = await readFile(path.join(peerVenvDir(cacheDir, tool), MARKER), 'utf8').catch(() => '');
    return marker.trim() === tool.requirements.join(' ') && existsSync(peerBin(cacheDir, tool, tool.command));
  },
  async install(cacheDir: string, onProgress: (message: string) => void) {
    const python = spawnSync(PEER_PYTHON, ['-c', 'import venv'], { encoding: 'utf8' });
    if (python.error || python.status !== 0) {
      throw new Error(
        `the peer benchmark needs Python 3.11 with venv as \`${PEER_PYTHON}\` on PATH (Debian/Ubuntu: \`apt-get install -y python3.11 python3.11-venv\`)`,
      );
    }
    const dir = peerVenvDir(cacheDir, tool);
    await rm(dir, { recursive: true, force: true });
    await mkdir(cacheDir, { recursive: true });
    onProgress(`creating the virtualenv ${dir}`);
    await runStep(PEER_PYTHON, ['-m', 'venv', dir], onProgress);
    onProgress(`pip install ${tool.requirements.join(' ')}`);
    await runStep(peerBin(cacheDir, tool, 'python'), ['-m', 'pip', 'install', '--progress-bar', 'off', ...tool.requirements], onProgress);
    await writeFile(path.join(dir, MARKER), `${tool.requirements.join(' ')}\n`);
  },
}));

export interface PeerRun {
  readonly ms: number;
  readonly output: string;
}

/** Runs a peer command to its end and times it; a failure throws with the end of its output. */
export function runPeer(command: string, args: readonly string[], cwd: string): Promise<PeerRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, env: peerEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', (e) => reject(new Error(`cannot run ${command}: ${e.message}`)));
    child.on('close', (code) => {
      const output = Buffer.concat(chunks).toString('utf8');
      if (code === 0) resolve({ ms: performance.now() - started, output });
      else reject(new Error(`\`${path.basename(command)} ${args.join(' ')}\` (in ${cwd}) exited with ${code}:\n${output.split('\n').slice(-30).join('\n')}`));
    });
  });
}

function runStep(command: string, args: readonly string[], onProgress: (message: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PIP_NO_INPUT: '1' } });
    const tail: string[] = [];
    const onData = (chunk: Buffer) => {
      for (const line of chunk
        .toString('utf8')
        .split(/\r?\n/)
        .filter((l) => l.trim())) {
        tail.push(line);
        if (tail.length > 20) tail.shift();
        if (/^(Successfully|Collecting|ERROR)/.test(line)) onProgress(line.trim());
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (e) => reject(new Error(`cannot run ${command}: ${e.message}`)));
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(
            new Error(
              `\`${command} ${args.join(' ')}\` exited with ${code}:\n${tail.join('\n')}\nCheck access to PyPI and free disk space, then run it again.`,
            ),
          ),
    );
  });
}
