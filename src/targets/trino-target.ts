import { resolveLakeDir } from '../config/load-config.js';
import { TrinoRenderer } from '../dialects/trino-renderer.js';
import { TrinoEngine } from '../engines/trino/trino-engine.js';
import { TrinoMigrationSql } from '../migrate/trino-migration-sql.js';
import { LocalObjectStore } from '../storage/local-object-store.js';
import { applyMartChange, martCreated } from '../migrate/apply-mart.js';
import { runChangeSql, type Target } from './target.js';

/** `trino`: a local Trino server over LAKE_DIR with a Hive file metastore, created from the Athena rendering. */
export const trinoTarget: Target = {
  name: 'trino',
  description: 'a local Trino server over LAKE_DIR, created from the Athena SQL (npm run engines:install first)',
  batchJob: 'local',
  martRefresh: 'insert',
  dashboardPollMs: 2000,
  openEngine: ({ config, env, onProgress }) => TrinoEngine.open(resolveLakeDir(config, env), config, { env, ...(onProgress ? { onProgress } : {}) }),
  renderer: (config) => new TrinoRenderer(config),
  where: ({ config, env }) => `Trino schema ${config.athena.database} over ${resolveLakeDir(config, env)}`,
  changeSql: (change, config, buildId) => new TrinoMigrationSql(config, buildId).statements(change),
  applyChange(change, engine, config, buildId) {
    const mart = martCreated(change);
    return mart ? applyMartChange(change, mart, trinoTarget, engine, config, buildId) : runChangeSql(trinoTarget, change, engine, config, buildId);
  },
  objectStore: async ({ config, env }) => ({ store: new LocalObjectStore(resolveLakeDir(config, env)), close: () => {} }),
  dropDatabaseSql: (config) => [`DROP SCHEMA IF EXISTS "${config.athena.database}"`],
  lakeDir: ({ config, env }) => resolveLakeDir(config, env),
};
