import type { ProjectConfig } from '../config/define-config.js';
import { loadConfig, resolveLakeDir } from '../config/load-config.js';
import { readModelFiles } from '../compiler/build-project.js';
import { compileProject } from '../compiler/compile-project.js';
import { ModelCompileError } from '../compiler/model-error.js';
import type { Engine, TargetName } from '../engines/engine.js';
import { LocalEngine } from '../engines/local/local-engine.js';
import type { Manifest } from '../manifest/manifest.js';

export interface Project {
  readonly root: string;
  readonly config: ProjectConfig;
  readonly manifest: Manifest;
}

/** Compiles the models afresh (pure and fast), so commands never act on a stale manifest. */
export async function loadProject(root = process.cwd()): Promise<Project> {
  const config = loadConfig();
  const { manifest, errors } = compileProject(await readModelFiles(root, config.modelsDir), config);
  if (!manifest) throw new ModelCompileError(errors);
  return { root, config, manifest };
}

export function parseTarget(value: string | undefined): TargetName {
  const t = value ?? 'local';
  if (t !== 'local' && t !== 'athena') throw new UsageError(`--target must be "local" or "athena", not "${t}"`);
  return t;
}

/** A mistake in how a command was called: reported with exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export async function openEngine(target: TargetName, config: ProjectConfig, env: NodeJS.ProcessEnv = process.env): Promise<Engine> {
  if (target === 'local') return LocalEngine.open({ lakeDir: resolveLakeDir(config, env) });
  const { createAthenaEngine } = await import('../engines/athena/athena-engine.js');
  return createAthenaEngine(config);
}
