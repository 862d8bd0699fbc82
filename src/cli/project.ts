import type { ProjectConfig } from '../config/define-config.js';
import { loadConfig } from '../config/load-config.js';
import { readModelFiles } from '../compiler/build-project.js';
import { compileProject } from '../compiler/compile-project.js';
import { ModelCompileError } from '../compiler/model-error.js';
import type { Engine, TargetName } from '../engines/engine.js';
import type { Target } from '../targets/target.js';
import { TARGET_NAMES, TARGETS } from '../targets/targets.js';
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
  if (!(t in TARGETS)) throw new UsageError(`--target must be one of ${TARGET_NAMES.map((n) => `"${n}"`).join(', ')}, not "${t}"`);
  return t as TargetName;
}

/** The target bundle of a validated name. */
export function targetOf(name: TargetName): Target {
  return TARGETS[name];
}

/** A mistake in how a command was called: reported with exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Opens the target's engine; slow start-ups (the Trino server) report progress on stderr. */
export async function openEngine(
  target: TargetName,
  config: ProjectConfig,
  env: NodeJS.ProcessEnv = process.env,
  onProgress: (message: string) => void = (m) => process.stderr.write(`${m}\n`),
): Promise<Engine> {
  return TARGETS[target].openEngine({ config, env, onProgress });
}
