import path from 'node:path';
import config from '../../dbt-like.config.js';
import type { ProjectConfig } from './define-config.js';

export type { ProjectConfig } from './define-config.js';

/** The project's configuration (`dbt-like.config.ts`). */
export function loadConfig(): ProjectConfig {
  return config;
}

/** The local lake folder: `LAKE_DIR` when set, else the configured default, as an absolute path. */
export function resolveLakeDir(cfg: ProjectConfig = config, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.LAKE_DIR && env.LAKE_DIR.length > 0 ? env.LAKE_DIR : cfg.local.lakeDir);
}
