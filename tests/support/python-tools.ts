import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Python tools the tests run for real, each pinned and installed from PyPI into its own virtualenv
 * under the engines cache (outside the repository, shared by every checkout): cfn-lint checks the
 * synthesized CloudFormation, moto's server stands in for S3, Glue Data Catalog and SQS.
 */
export const PYTHON_TOOLS = {
  'cfn-lint': { version: '1.58.0', requirement: 'cfn-lint==1.58.0' },
  moto: { version: '5.2.5', requirement: 'moto[server]==5.2.5' },
} as const;

export type PythonToolName = keyof typeof PYTHON_TOOLS;

/** `LAKEHOUSE_ENGINES_CACHE` or ~/.cache/lakehouse-engines. */
export function enginesCacheDir(): string {
  return process.env['LAKEHOUSE_ENGINES_CACHE'] ?? path.join(homedir(), '.cache', 'lakehouse-engines');
}

/** The virtualenv of a tool, e.g. ~/.cache/lakehouse-engines/cfn-lint-1.58.0. */
export function pythonToolDir(name: PythonToolName): string {
  return path.join(enginesCacheDir(), `${name}-${PYTHON_TOOLS[name].version}`);
}

/** The virtualenv's interpreter; throws (never skips) when the test setup has not installed the tool. */
export function pythonToolPython(name: PythonToolName): string {
  const python = path.join(pythonToolDir(name), 'bin', 'python');
  if (!existsSync(python)) throw new Error(`${name} is not installed at ${pythonToolDir(name)}; the test setup (tests/global-setup.ts) installs it`);
  return python;
}

/**
 * Installs the tool when its virtualenv is missing: into a private directory first, renamed into
 * place once complete, so a crashed or concurrent install never leaves a half-filled one behind.
 * Tools are run as `python -m …`/`python -c …`, which keeps working after the rename (the entry
 * scripts' shebangs would not). Returns what it did, for the setup's log.
 */
export async function ensurePythonTool(name: PythonToolName, python = process.env['PYTHON'] ?? 'python3'): Promise<string> {
  const dir = pythonToolDir(name);
  if (existsSync(path.join(dir, 'bin', 'python'))) return `${name} ${PYTHON_TOOLS[name].version}: cached`;
  await mkdir(path.dirname(dir), { recursive: true });
  const partial = `${dir}.partial-${process.pid}`;
  await rm(partial, { recursive: true, force: true });
  const started = performance.now();
  try {
    await run(python, ['-m', 'venv', partial]);
    await run(path.join(partial, 'bin', 'python'), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', PYTHON_TOOLS[name].requirement], {
      maxBuffer: 16 * 1024 * 1024,
    });
    await writeFile(path.join(partial, 'INSTALLED'), `${PYTHON_TOOLS[name].requirement}\n`);
    if (existsSync(dir)) await rm(partial, { recursive: true, force: true });
    else await rename(partial, dir);
  } catch (e) {
    await rm(partial, { recursive: true, force: true });
    throw new Error(`installing ${PYTHON_TOOLS[name].requirement} into ${dir} failed: ${(e as Error).message}`, { cause: e });
  }
  return `${name} ${PYTHON_TOOLS[name].version}: installed in ${((performance.now() - started) / 1000).toFixed(0)} s`;
}
