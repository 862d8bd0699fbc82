import { resolveLakeDir } from '../config/load-config.js';
import { trinoRenderer } from '../dialects/trino/trino-renderer.js';
import { TrinoEngine } from '../engines/trino/trino-engine.js';
import { LocalObjectStore } from '../storage/local-object-store.js';
import { hiveCatalogMigration } from './hive-catalog-migration.js';
import type { Target } from './target.js';

/** `trino`: a local Trino server over LAKE_DIR with a Hive file metastore, created from the Athena rendering. */
export const trinoTarget: Target = {
  name: 'trino',
  description: 'a local Trino server over LAKE_DIR, created from the Athena SQL (npm run engines:install first)',
  batchJob: 'local',
  martRefresh: 'insert',
  dashboardPollMs: 2000,
  openEngine: ({ config, env, onProgress }) => TrinoEngine.open(resolveLakeDir(config, env), config, { env, ...(onProgress ? { onProgress } : {}) }),
  renderer: (config) => trinoRenderer(config),
  where: ({ config, env }) => `Trino schema ${config.athena.database} over ${resolveLakeDir(config, env)}`,
  ...hiveCatalogMigration('recreate'),
  objectStore: async ({ config, env }) => ({ store: new LocalObjectStore(resolveLakeDir(config, env)), close: () => {} }),
  lakeDir: ({ config, env }) => resolveLakeDir(config, env),
};
