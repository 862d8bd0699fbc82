import type { ProjectConfig } from '../config/define-config.js';
import type { Engine } from '../engines/engine.js';
import type { Target } from '../targets/target.js';
import { describeChange, isDestructive, type Change, type MigrationPlan } from './migration-plan.js';

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

/**
 * A change failed part-way: which one, the engine's reason, and what was and was not applied, so
 * the user knows the state the catalog is in and that rerunning migrate resumes from there.
 */
export class MigrationFailedError extends Error {
  constructor(
    readonly failed: Change,
    readonly applied: readonly Change[],
    readonly notApplied: readonly Change[],
    override readonly cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      [
        `migrate stopped at "${describeChange(failed)}": ${reason}`,
        `Applied before it (${applied.length}): ${applied.length ? applied.map(describeChange).join('; ') : 'none'}`,
        `Not applied (${notApplied.length + 1}): ${[failed, ...notApplied].map(describeChange).join('; ')}`,
        'Fix the cause, then run migrate again: it plans from what the catalog holds now.',
      ].join('\n'),
    );
    this.name = 'MigrationFailedError';
  }
}

/** The SQL a plan would run on a target, change by change (for --dry-run and for review). */
export function planSql(plan: MigrationPlan, target: Target, config: ProjectConfig, buildId: string): { change: Change; sql: string[] }[] {
  return plan.changes.map((change) => ({ change, sql: target.changeSql(change, config, buildId) }));
}

/**
 * Applies a plan in order. Destructive changes are refused (nothing is applied) unless allowed;
 * the first failing change stops the run with a {@link MigrationFailedError}. Never deletes data files.
 */
export async function applyMigration(plan: MigrationPlan, target: Target, engine: Engine, config: ProjectConfig, options: ApplyOptions): Promise<void> {
  const refused = plan.changes.filter(isDestructive);
  if (refused.length > 0 && !options.allowDestructive) throw new DestructiveChangeRefusedError(refused);
  const applied: Change[] = [];
  for (const [i, { change, sql }] of planSql(plan, target, config, options.buildId).entries()) {
    options.onChange?.(change, sql);
    try {
      await target.applyChange(change, engine, config, options.buildId);
    } catch (e) {
      throw new MigrationFailedError(change, applied, plan.changes.slice(i + 1), e);
    }
    applied.push(change);
  }
}
