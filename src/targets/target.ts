import type { ProjectConfig } from '../config/define-config.js';
import type { LakeRenderer } from '../dialects/lake-renderer.js';
import type { Engine, TargetName } from '../engines/engine.js';
import type { Change } from '../migrate/migration-plan.js';
import type { ConditionalObjectStore } from '../storage/object-store.js';

/** What opening a target may need besides the config: the environment and a place for progress. */
export interface TargetContext {
  readonly config: ProjectConfig;
  readonly env: NodeJS.ProcessEnv;
  /** Progress of slow steps (starting the Trino server). */
  readonly onProgress?: (message: string) => void;
  /** The analyst's query command: the engine must refuse writes and reads outside the lake. */
  readonly readOnly?: boolean;
  /** `--env NAME`: the engine reads and writes that environment's objects (the config carries its database). */
  readonly environment?: string;
}

/**
 * Everything that differs between targets, in one bundle, so commands never branch on a target's
 * name: how to open its engine, which dialect its queries are rendered in, the statements each
 * migration change runs, how a change is applied, and where its lake's objects are.
 */
export interface Target {
  readonly name: TargetName;
  /** One line for `--help`. */
  readonly description: string;
  /** Which batch job `backfill` runs: DuckDB over the lake folder, or the deployed Glue job. */
  readonly batchJob: 'local' | 'glue';
  /**
   * How marts are filled after a backfill: by the local backfill itself (DuckDB writes them), or by
   * the engine's windowed `INSERT … WHERE dt BETWEEN ? AND ?` refresh (Athena, Trino).
   */
  readonly martRefresh: 'backfill' | 'insert';
  /** Dashboard polling interval when none is given: Athena bills per query, the local engines do not. */
  readonly dashboardPollMs: number;
  openEngine(ctx: TargetContext): Promise<Engine>;
  /** Renders data tests, mart refreshes and other queries the commands send to the engine. */
  renderer(config: ProjectConfig): LakeRenderer;
  /** Where the catalog lives, for plan headers: `local lake /x`, `Athena database supermarket`… */
  where(ctx: TargetContext): string;
  /** The SQL each change runs (shown by --dry-run and as progress). */
  changeSql(change: Change, config: ProjectConfig, buildId: string): string[];
  /** Applies one change; the default runs {@link changeSql} statement by statement. */
  applyChange(change: Change, engine: Engine, config: ProjectConfig, buildId: string): Promise<void>;
  /** The lake's objects (mart refresh, compaction: conditional writes for its lock). */
  objectStore(ctx: TargetContext): Promise<{ store: ConditionalObjectStore; close(): void }>;
  /**
   * `migrate --repair`, for targets whose catalog is a file in the lake: moves an unreadable catalog
   * aside so migrate rebuilds it. Returns what it did, for the user. Absent: the catalog is repaired by migrating.
   */
  repairCatalog?(ctx: TargetContext, now: Date): Promise<string>;
  /** For targets whose catalog is a file in the lake: removes an environment's catalog (`migrate --env NAME --drop`). */
  dropEnvironmentCatalog?(ctx: TargetContext, name: string): Promise<void>;
  /** The lake folder, for targets that have one (ingest metrics on the dashboard). */
  lakeDir(ctx: TargetContext): string | undefined;
}

/** The usual way to apply a change: its statements in order; the first failure stops the run. */
export async function runChangeSql(target: Target, change: Change, engine: Engine, config: ProjectConfig, buildId: string): Promise<void> {
  for (const sql of target.changeSql(change, config, buildId)) await engine.query(sql);
}
