import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { EngineInstaller } from '../install/engine-installer.js';

export { enginesCacheDir } from '../install/engine-installer.js';

/** Glue 5.0 runs Spark 3.5.4 on Python 3.11 and Java 17: the local job runs on exactly that. */
export const PYSPARK_VERSION = '3.5.4';
export const PYSPARK_PYTHON = 'python3.11';
const JAVA_17_HOME = '/usr/lib/jvm/java-17-openjdk-amd64';
/** Written last, so an interrupted install is never mistaken for a finished one. */
const MARKER = '.installed';

/** The project-owned virtualenv holding the pinned PySpark. */
function pysparkVenvDir(cacheDir: string): string {
  return path.join(cacheDir, `pyspark-${PYSPARK_VERSION}`);
}

export function pysparkPython(cacheDir: string): string {
  return path.join(pysparkVenvDir(cacheDir), 'bin', 'python');
}

export class MissingPrerequisiteError extends Error {
  override name = 'MissingPrerequisiteError';
}

/**
 * The Java 17 home Spark runs on: `SPARK_JAVA_HOME` when set, else the Debian/Ubuntu OpenJDK 17
 * location. Spark 3.5 does not support the machine's newer JDKs, so JAVA_HOME alone is not trusted.
 */
export function java17Home(env: NodeJS.ProcessEnv = process.env): string {
  const home = env.SPARK_JAVA_HOME && env.SPARK_JAVA_HOME.length > 0 ? env.SPARK_JAVA_HOME : JAVA_17_HOME;
  const java = path.join(home, 'bin', 'java');
  if (!existsSync(java)) {
    throw new MissingPrerequisiteError(
      `Spark ${PYSPARK_VERSION} needs Java 17, not found at ${java}. Install it (Debian/Ubuntu: \`apt-get install -y openjdk-17-jdk-headless\`) or set SPARK_JAVA_HOME to a Java 17 home.`,
    );
  }
  const version = spawnSync(java, ['-version'], { encoding: 'utf8' });
  if (!/version "17[."]/.test(`${version.stderr}${version.stdout}`)) {
    throw new MissingPrerequisiteError(
      `${java} is not Java 17 (${(version.stderr || version.stdout).split('\n')[0]}). Install openjdk-17-jdk-headless or point SPARK_JAVA_HOME at a Java 17 home.`,
    );
  }
  return home;
}

function checkPython(): void {
  const r = spawnSync(PYSPARK_PYTHON, ['-c', 'import sys, venv; print(sys.version)'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new MissingPrerequisiteError(
      `PySpark ${PYSPARK_VERSION} (as on Glue 5.0) needs Python 3.11 with venv as \`${PYSPARK_PYTHON}\` on PATH, which ${r.error ? 'was not found' : `failed: ${r.stderr.trim()}`}. Install it (Debian/Ubuntu: \`apt-get install -y python3.11 python3.11-venv\`, or \`pyenv install 3.11\`).`,
    );
  }
}

/** PySpark pinned as on Glue 5.0, in its own virtualenv under the engines cache. */
export const pysparkInstaller: EngineInstaller = {
  name: 'pyspark',
  pinned: PYSPARK_VERSION,

  async isInstalled(cacheDir) {
    try {
      return (await readFile(path.join(pysparkVenvDir(cacheDir), MARKER), 'utf8')).trim() === PYSPARK_VERSION && existsSync(pysparkPython(cacheDir));
    } catch {
      return false;
    }
  },

  async install(cacheDir, onProgress) {
    checkPython();
    java17Home();
    const dir = pysparkVenvDir(cacheDir);
    // A half-finished venv (no marker) is not repaired but rebuilt: pip leaves no state worth keeping.
    await rm(dir, { recursive: true, force: true });
    await mkdir(cacheDir, { recursive: true });
    onProgress(`creating the virtualenv ${dir} (${PYSPARK_PYTHON})`);
    await run(PYSPARK_PYTHON, ['-m', 'venv', dir], onProgress);
    onProgress(`pip install pyspark==${PYSPARK_VERSION} (about 320 MB, once)`);
    const python = pysparkPython(cacheDir);
    await run(python, ['-m', 'pip', 'install', '--progress-bar', 'off', `pyspark==${PYSPARK_VERSION}`], onProgress);
    await run(python, ['-c', `import pyspark; assert pyspark.__version__ == "${PYSPARK_VERSION}", pyspark.__version__`], onProgress);
    await writeFile(path.join(dir, MARKER), `${PYSPARK_VERSION}\n`);
    onProgress(`pyspark ${PYSPARK_VERSION} installed in ${dir}`);
  },
};

/** Runs an install step, passing its output lines on as progress and a heartbeat while it is silent (pip builds the wheel quietly). */
function run(command: string, args: readonly string[], onProgress: (message: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PIP_NO_INPUT: '1' } });
    const started = Date.now();
    let last = started;
    const tail: string[] = [];
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split(/[\r\n]+/)) {
        const text = line.trim();
        if (!text) continue;
        tail.push(text);
        if (tail.length > 20) tail.shift();
        last = Date.now();
        onProgress(text);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const heartbeat = setInterval(() => {
      if (Date.now() - last >= 15_000) onProgress(`  … still working (${Math.round((Date.now() - started) / 1000)} s)`);
    }, 15_000);
    child.on('error', (e) => {
      clearInterval(heartbeat);
      reject(new Error(`cannot run ${command}: ${e.message}`));
    });
    child.on('close', (code) => {
      clearInterval(heartbeat);
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `\`${command} ${args.join(' ')}\` exited with ${code}:\n${tail.join('\n')}\nCheck network access to PyPI and free disk space, then run it again.`,
          ),
        );
    });
  });
}
