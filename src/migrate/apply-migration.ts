import type { ProjectConfig } from '../config/define-config.js';
import type { Engine } from '../engines/engine.js';
import type { LocalEngine } from '../engines/local/local-engine.js';
import { assertUnreachable } from '../util/assert-unreachable.js';
import { AthenaMigrationSql } from './athena-migration-sql.js';
import { localCatalogEntry } from './local-catalog-entries.js';
import { isDestructive, type Change, type MigrationPlan } from './migration-plan.js';

export interface ApplyOptions {
  readonly allowDestructive: boolean;
  /** Called before each change is applied, with its SQL (for progress output). */
  readonly onChange?: (change: Change, sql: readonly string[]) => void;
  /** Unique id for this run (CTAS locations); injected so tests are deterministic. */
  readonly buildId: string;
}

export class DestructiveChangeRefusedError extends Error {
  constructor(readonly changes: readonly Change[]) {
    super(`${changes.length} destructive change(s) refused; rerun with --allow-destructive to apply them`);
    this.name = 'DestructiveChangeRefusedError';
  }
}

/** The SQL a plan would run on a target, change by change (for --dry-run and for review). */
export function planSql(plan: MigrationPlan, target: Engine['target'], config: ProjectConfig, buildId: string): { change: Change; sql: string[] }[] {
  const athena = new AthenaMigrationSql(config, buildId);
  return plan.changes.map((change) => ({ change, sql: target === 'athena' ? athena.statements(change) : localSql(change, config) }));
}

function localSql(c: Change, config: ProjectConfig): string[] {
  switch (c.kind) {
    case 'create_database':
      return [];
    case 'drop':
      return [`DROP VIEW IF EXISTS ${c.name}`];
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

/**
 * Applies a plan in order. Destructive changes are refused (nothing is applied) unless allowed;
 * the first failing statement stops the run with the engine's reason. Never deletes data files.
 */
export async function applyMigration(plan: MigrationPlan, engine: Engine, config: ProjectConfig, options: ApplyOptions): Promise<void> {
  const refused = plan.changes.filter(isDestructive);
  if (refused.length > 0 && !options.allowDestructive) throw new DestructiveChangeRefusedError(refused);
  for (const { change, sql } of planSql(plan, engine.target, config, options.buildId)) {
    options.onChange?.(change, sql);
    if (engine.target === 'local') await applyLocal(change, engine as LocalEngine, config);
    else for (const s of sql) await engine.query(s);
  }
}

async function applyLocal(c: Change, engine: LocalEngine, config: ProjectConfig): Promise<void> {
  if (c.kind === 'create_database') return;
  if (c.kind === 'drop') return engine.dropObject(c.name);
  await engine.putObject(localCatalogEntry(c.desired, config));
}
