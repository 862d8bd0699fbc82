import type { ProjectConfig } from '../config/define-config.js';
import type { Engine } from '../engines/engine.js';
import type { Manifest } from '../manifest/manifest.js';
import type { Selection } from '../selection/selection-options.js';
import { parseEnvironmentName } from './environment-name.js';
import { environmentScope, type EnvironmentScope } from './environment-scope.js';

/** The `parseArgs` option of the commands that build or read models. */
export const ENV_OPTIONS = { env: { type: 'string' } } as const;

/** Its `--help` lines (each command adds what it does inside an environment). */
export const ENV_HELP = `  --env NAME           work in the development environment NAME: its own copies of the selected views and
                       marts (all of them without --select) in database <db>_NAME (Athena, Trino) or the
                       DuckDB schema env_NAME (local); everything else is read from the main environment`;

/** The environment a command runs in, or undefined for the main one. */
export function environmentFromArgs(value: string | undefined, manifest: Manifest, config: ProjectConfig, selection?: Selection): EnvironmentScope | undefined {
  if (value === undefined) return undefined;
  return environmentScope(manifest, config, parseEnvironmentName(value), selection && !selection.everything ? selection.names : undefined);
}

/** One line saying where the command works and what it defers to main. */
export function describeEnvironment(scope: EnvironmentScope): string {
  const own = scope.manifest.models.map((m) => m.name);
  return `Environment ${scope.name} (database ${scope.config.athena.database}): ${own.length} model(s) of its own${own.length ? ` (${own.join(', ')})` : ''}; ${scope.deferred.length ? `reads ${scope.deferred.join(', ')} from the main environment` : 'reads nothing from the main environment'}.`;
}

/**
 * Commands other than migrate need the environment to exist: say how to create it rather than read
 * main silently. Returns the names of the objects it holds.
 */
export async function assertEnvironmentMigrated(engine: Engine, name: string, target: string): Promise<ReadonlySet<string>> {
  const catalog = await engine.readCatalog();
  if (!catalog.databaseExists || catalog.objects.size === 0) {
    throw new Error(
      `environment ${name} does not exist on ${target} yet: create it with \`npm run migrate -- --target ${target} --env ${name}\` (add --select to copy only some views and marts)`,
    );
  }
  return new Set(catalog.objects.keys());
}

/**
 * The scope narrowed to the members the environment holds: `migrate --env dev --select x` created
 * only x, so a later `backfill --env dev` or `test:data --env dev` works on x and reads the rest
 * from main, rather than claiming (and failing on) copies that were never made.
 */
export function migratedScope(scope: EnvironmentScope, manifest: Manifest, config: ProjectConfig, present: ReadonlySet<string>): EnvironmentScope {
  const members = new Set(scope.manifest.models.map((m) => m.name).filter((n) => present.has(n)));
  return environmentScope(manifest, config, scope.name, members);
}
