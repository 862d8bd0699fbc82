import path from 'node:path';
import type { ProjectConfig } from '../config/define-config.js';
import type { Engine } from '../engines/engine.js';
import { applyMigration } from '../migrate/apply-migration.js';
import { planMigration, type Change, type MigrationPlan } from '../migrate/migration-plan.js';
import type { Target, TargetContext } from '../targets/target.js';
import { removeEmptyDirs, removeIfEmpty } from '../storage/remove-empty-dirs.js';
import { environmentPrefix } from './environment-name.js';
import type { EnvironmentScope } from './environment-scope.js';

/** Every object of the environment's catalog, as drops (views first): nothing of the main environment is in it. */
export async function planEnvironmentDrop(engine: Engine): Promise<MigrationPlan> {
  const catalog = await engine.readCatalog();
  return { changes: planMigration([], { ...catalog, databaseExists: true }).changes.filter((c) => c.kind === 'drop') };
}

/** What removes the environment's database (Athena, Trino); nothing where the dialect has none (local: a catalog file). */
export function dropDatabaseSql(target: Target, config: ProjectConfig): string[] {
  const sql = target.renderer(config).render({ kind: 'drop_database' });
  return sql === undefined ? [] : [sql];
}

/**
 * `migrate --env NAME --drop`: drops the environment's objects, then its database (Athena, Trino)
 * or catalog file (local), then its marts' files under `envs/NAME/`. The engine must be opened in
 * the environment, so its catalog — the only thing planned from — is the environment's.
 * `kept`: the environment's folder, when files nobody listed as its marts' keep it from being removed.
 */
export async function dropEnvironment(
  plan: MigrationPlan,
  target: Target,
  engine: Engine,
  scope: EnvironmentScope,
  ctx: TargetContext,
  onChange: (c: Change) => void,
): Promise<{ files: number; kept?: string }> {
  await applyMigration(plan, target, engine, scope.config, { allowDestructive: true, buildId: 'drop', onChange });
  for (const sql of dropDatabaseSql(target, scope.config)) await engine.query(sql);
  await target.dropEnvironmentCatalog?.(ctx, scope.name);
  const lakeDir = target.lakeDir(ctx);
  const { store, close } = await target.objectStore(ctx);
  let files = 0;
  try {
    for await (const o of store.list(environmentPrefix(scope.name))) {
      await store.delete(o.key);
      files++;
    }
  } finally {
    close();
  }
  // A folder lake keeps the emptied folders: remove them too — only empty ones, a file nobody listed
  // stays where it is and is named — and `envs/` once no environment is left.
  if (lakeDir === undefined) return { files };
  const folder = path.join(lakeDir, environmentPrefix(scope.name));
  if (!(await removeEmptyDirs(folder))) return { files, kept: folder };
  await removeIfEmpty(path.dirname(folder));
  return { files };
}
