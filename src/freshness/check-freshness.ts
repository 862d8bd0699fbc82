import { col, max, relation, type QueryStatement } from '../compiler/query-statement.js';
import type { Cell, QueryResult } from '../engines/engine.js';
import type { FreshnessRule, Manifest, SourceEntry, TableEntry } from '../manifest/manifest.js';

export type FreshnessState = 'ok' | 'warn' | 'error';

/** One verdict: a model, or one group of it (a store), with its newest row and how old it is. */
export interface FreshnessVerdict {
  readonly model: string;
  /** The `freshness_by` column and its value; absent for a whole-model verdict. */
  readonly groupBy?: string;
  readonly group?: string | null;
  /** `YYYY-MM-DD HH:MM:SS[.fff]` (UTC), or null when there are no rows. */
  readonly newest: string | null;
  readonly ageSeconds: number | null;
  readonly warnAfterMinutes?: number;
  readonly errorAfterMinutes?: number;
  readonly state: FreshnessState;
}

interface Checked {
  readonly model: SourceEntry | TableEntry;
  readonly rule: FreshnessRule;
}

/** The sources and tables that declare a freshness rule, in dependency order. */
export function freshnessChecks(manifest: Manifest): Checked[] {
  return manifest.models.flatMap((m) => ((m.kind === 'source' || m.kind === 'table') && m.freshness ? [{ model: m, rule: m.freshness }] : []));
}

/**
 * The check's query, rendered by the target's dialect: the newest value of the column, per group
 * when the rule has one. A source's column is raw text, read with TRY_CAST so one malformed
 * datetime does not hide the rest.
 */
export function freshnessQuery(c: Checked): QueryStatement {
  const column = c.rule.column;
  const isText = c.model.columns.find((x) => x.name === column)?.type.kind === 'varchar';
  const newest = { expr: max(isText ? { kind: 'cast', arg: col(column), type: { kind: 'timestamp' }, orNull: true } : col(column)), as: 'newest' } as const;
  if (!c.rule.groupBy) return { kind: 'select', columns: [newest], from: relation(c.model.name) };
  const group = { kind: 'cast', arg: col(c.rule.groupBy), type: { kind: 'varchar' } } as const;
  return { kind: 'select', columns: [{ expr: group, as: 'grp' }, newest], from: relation(c.model.name), groupBy: [group], orderBy: [{ expr: group }] };
}

/**
 * Runs every declared check and judges it against the clock: older than error_after is `error`,
 * older than warn_after `warn`, else `ok`; a model (or group) with no rows has the worst state it declares.
 */
export async function checkFreshness(manifest: Manifest, run: (query: QueryStatement) => Promise<QueryResult>, now: () => Date): Promise<FreshnessVerdict[]> {
  const out: FreshnessVerdict[] = [];
  for (const c of freshnessChecks(manifest)) {
    const result = await run(freshnessQuery(c));
    const at = now().getTime();
    const rows = c.rule.groupBy ? result.rows : [result.rows[0] ?? { newest: null }];
    for (const r of rows)
      out.push(verdict(c, r.newest ?? null, at, c.rule.groupBy ? (r.grp === null || r.grp === undefined ? null : String(r.grp)) : undefined));
  }
  return out;
}

function verdict(c: Checked, newestCell: Cell, at: number, group: string | null | undefined): FreshnessVerdict {
  const newest = newestCell === null ? null : String(newestCell).replace('T', ' ');
  const ms = newest === null ? NaN : Date.parse(`${newest.replace(' ', 'T')}Z`);
  // A row stamped later than the clock (a till's clock running ahead) is fresh, not negative.
  const ageSeconds = Number.isNaN(ms) ? null : Math.max(0, Math.floor((at - ms) / 1000));
  const { warnAfterMinutes, errorAfterMinutes } = c.rule;
  const state: FreshnessState =
    ageSeconds === null
      ? errorAfterMinutes !== undefined
        ? 'error'
        : 'warn'
      : errorAfterMinutes !== undefined && ageSeconds > errorAfterMinutes * 60
        ? 'error'
        : warnAfterMinutes !== undefined && ageSeconds > warnAfterMinutes * 60
          ? 'warn'
          : 'ok';
  return {
    model: c.model.name,
    ...(c.rule.groupBy ? { groupBy: c.rule.groupBy, group } : {}),
    newest,
    ageSeconds,
    ...(warnAfterMinutes !== undefined ? { warnAfterMinutes } : {}),
    ...(errorAfterMinutes !== undefined ? { errorAfterMinutes } : {}),
    state,
  };
}

/** `45s`, `12m 03s`, `5h 02m`, `3d 4h`: an age a person reads at a glance. */
export function formatAge(seconds: number | null): string {
  if (seconds === null) return 'no rows';
  if (seconds < 60) return `${seconds}s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m}m ${String(seconds % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** `30m`, `2h`, `1d`: a threshold as declared, compactly. */
export function formatMinutes(minutes: number | undefined): string {
  if (minutes === undefined) return '-';
  if (minutes % 1440 === 0) return `${minutes / 1440}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return `${minutes}m`;
}
