import type { ProjectConfig } from '../config/define-config.js';
import { quoteIdentifier } from '../dialects/sql-literals.js';
import type { Manifest, ModelEntry } from '../manifest/manifest.js';
import { environmentDatabase, environmentPrefix } from './environment-name.js';

/** What a command acts on inside an environment. */
export interface EnvironmentScope {
  readonly name: string;
  /** The config with the environment's database: every object migrate creates is qualified with it. */
  readonly config: ProjectConfig;
  /** The environment's own models (views and marts), their refs to each other pointing inside it. */
  readonly manifest: Manifest;
  /** Models read from the main environment (defer): everything the members read that is not a member. */
  readonly deferred: readonly string[];
}

/**
 * An environment holds its own copies of the selected views and marts (all of them when nothing is
 * selected); sources and tables are never copied — they are filled by ingest and the batch job,
 * and an analyst's change is tried against the real data. A ref from a member to another member
 * reads the environment's copy; a ref to anything else reads the main environment (dbt's defer).
 *
 * On Athena and Trino that is explicit in the SQL: the compiler qualifies every ref as
 * `"<db>"."<model>"`, and here the refs to members are requalified with the environment's
 * database. On DuckDB refs are bare names and the local engine resolves them through its search
 * path (the environment's schema, then main), which gives the same reading.
 */
export function environmentScope(manifest: Manifest, config: ProjectConfig, name: string, selected?: ReadonlySet<string>): EnvironmentScope {
  const db = config.athena.database;
  const envDb = environmentDatabase(config, name);
  const members = manifest.models.filter((m) => (m.kind === 'view' || m.kind === 'mart') && (selected === undefined || selected.has(m.name)));
  const memberNames = new Set(members.map((m) => m.name));
  const requalify = (sql: string) =>
    sql.replace(/"([^"]+)"\."([^"]+)"/g, (whole, d: string, ref: string) =>
      d === db && memberNames.has(ref) ? `${quoteIdentifier(envDb)}.${quoteIdentifier(ref)}` : whole,
    );
  const models: ModelEntry[] = members.map((m) => {
    if (m.kind === 'view') return { ...m, sql: { ...m.sql, trino: requalify(m.sql.trino) } };
    if (m.kind === 'mart') return { ...m, location: `${environmentPrefix(name)}${m.location}`, sql: { ...m.sql, trino: requalify(m.sql.trino) } };
    return m;
  });
  const deferred = [...new Set(members.flatMap((m) => m.dependsOn).filter((d) => !memberNames.has(d)))].sort();
  return { name, config: environmentConfig(config, name), manifest: { ...manifest, database: envDb, models }, deferred };
}

/** The config as seen from an environment: its database in place of the main one. */
export function environmentConfig(config: ProjectConfig, name: string): ProjectConfig {
  return { ...config, athena: { ...config.athena, database: environmentDatabase(config, name) } };
}
