import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { resolveLakeDir } from '../config/load-config.js';
import { duckdbRenderer } from '../dialects/duckdb/duckdb-renderer.js';
import { localCatalogPath, readLocalCatalog } from '../engines/local/local-catalog.js';
import { LocalEngine } from '../engines/local/local-engine.js';
import { localCatalogEntry } from '../migrate/local-catalog-entries.js';
import { LocalObjectStore } from '../storage/local-object-store.js';
import { removeIfEmpty } from '../storage/remove-empty-dirs.js';
import { assertUnreachable } from '../util/assert-unreachable.js';
import type { Change } from '../migrate/migration-plan.js';
import type { ProjectConfig } from '../config/define-config.js';
import type { Target } from './target.js';

/** `local`: DuckDB in memory over LAKE_DIR; the catalog is a JSON file in the lake. */
export const localTarget: Target = {
  name: 'local',
  description: 'DuckDB over LAKE_DIR (default .lake/)',
  batchJob: 'local',
  martRefresh: 'backfill',
  dashboardPollMs: 1000,
  openEngine: ({ config, env, readOnly, environment }) =>
    LocalEngine.open({ lakeDir: resolveLakeDir(config, env), ...(readOnly ? { readOnly } : {}), ...(environment !== undefined ? { environment } : {}) }),
  renderer: (config) => duckdbRenderer(config),
  where: ({ config, env, environment }) => `local lake ${resolveLakeDir(config, env)}${environment !== undefined ? `, environment ${environment}` : ''}`,
  changeSql: (change, config) => localSql(change, config),
  async applyChange(change, engine, config) {
    if (!(engine instanceof LocalEngine)) throw new Error(`the local target applies changes through a LocalEngine, not the ${engine.target} engine`);
    if (change.kind === 'create_database') return;
    if (change.kind === 'drop') return engine.dropObject(change.name);
    await engine.putObject(localCatalogEntry(change.desired, config));
  },
  objectStore: async ({ config, env }) => ({ store: new LocalObjectStore(resolveLakeDir(config, env)), close: () => {} }),
  async repairCatalog({ config, env }, now) {
    const lakeDir = resolveLakeDir(config, env);
    const file = localCatalogPath(lakeDir);
    try {
      await readLocalCatalog(lakeDir);
      return `The local catalog ${file} is readable; nothing to repair.`;
    } catch (e) {
      const aside = `${file}.corrupt-${now.toISOString().replace(/[-:.]/g, '')}`;
      await rename(file, aside);
      return `Moved the unusable catalog aside to ${aside} (${(e as Error).message.split('. Rebuild')[0]}); rebuilding it from the models.`;
    }
  },
  // The environment's catalog file is its database: removed with the environment (below).
  async dropEnvironmentCatalog({ config, env }, name) {
    const folder = path.dirname(localCatalogPath(resolveLakeDir(config, env), name));
    await rm(folder, { recursive: true, force: true });
    await removeIfEmpty(path.dirname(folder));
  },
  lakeDir: ({ config, env }) => resolveLakeDir(config, env),
};

function localSql(c: Change, config: ProjectConfig): string[] {
  switch (c.kind) {
    case 'create_database':
      return [];
    case 'drop':
      return [duckdbRenderer(config).render({ kind: 'drop_object', object: c.name, objectKind: c.objectKind })!];
    case 'create':
    case 'replace_view':
    case 'add_columns':
    case 'set_properties':
    case 'rebuild_mart':
    case 'replace_columns':
    case 'recreate_table':
      return [localCatalogEntry(c.desired, config).createSql];
    default:
      return assertUnreachable(c);
  }
}
