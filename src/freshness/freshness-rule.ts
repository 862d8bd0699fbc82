import type { Column, FreshnessRule } from '../manifest/manifest.js';

const MINUTES: Readonly<Record<string, number>> = { minute: 1, hour: 60, day: 1440 };

/** The freshness keys of a source's or table's config (src/compiler/model-config.ts has checked their form). */
export interface FreshnessConfig {
  readonly loaded_at_field?: string;
  readonly warn_after?: string;
  readonly error_after?: string;
  readonly freshness_by?: string;
}

/** `30 minutes` → 30, `2 hours` → 120, `1 day` → 1440 (the config schema has checked the form). */
export function durationMinutes(text: string): number {
  const m = /^(\d+) (minute|hour|day)s?$/.exec(text)!;
  return Number(m[1]) * MINUTES[m[2]!]!;
}

/**
 * The freshness rule of a source or table from its `{{config}}`, as a spread for its manifest entry
 * (nothing when it declares none). Mistakes go to `err`, on the config's line.
 */
export function freshnessRule(
  config: FreshnessConfig,
  columns: readonly Column[],
  kind: 'source' | 'table',
  err: (message: string) => void,
): { freshness?: FreshnessRule } {
  const { loaded_at_field: column, warn_after: warn, error_after: error, freshness_by: groupBy } = config;
  if (column === undefined) {
    if (warn !== undefined || error !== undefined || groupBy !== undefined)
      err('freshness needs loaded_at_field="<timestamp column>" next to warn_after / error_after');
    return {};
  }
  if (warn === undefined && error === undefined) {
    err(`loaded_at_field="${column}" needs warn_after="30 minutes" and/or error_after="2 hours"`);
    return {};
  }
  const names = columns.map((c) => c.name).join(', ');
  const col = columns.find((c) => c.name === column);
  // A source is raw JSON: its datetimes are strings, which the check casts.
  const accepted = kind === 'source' ? ['timestamp', 'varchar'] : ['timestamp'];
  if (!col) err(`loaded_at_field="${column}" is not a column (columns: ${names})`);
  else if (!accepted.includes(col.type.kind)) err(`loaded_at_field="${column}" must be a ${accepted.join(' or ')} column, it is ${col.type.kind}`);
  if (groupBy !== undefined && !columns.some((c) => c.name === groupBy)) err(`freshness_by="${groupBy}" is not a column (columns: ${names})`);
  const warnAfterMinutes = warn === undefined ? undefined : durationMinutes(warn);
  const errorAfterMinutes = error === undefined ? undefined : durationMinutes(error);
  if (warnAfterMinutes !== undefined && errorAfterMinutes !== undefined && warnAfterMinutes >= errorAfterMinutes) {
    err(`warn_after="${warn}" must be shorter than error_after="${error}"`);
  }
  return {
    freshness: {
      column,
      ...(groupBy !== undefined ? { groupBy } : {}),
      ...(warnAfterMinutes !== undefined ? { warnAfterMinutes } : {}),
      ...(errorAfterMinutes !== undefined ? { errorAfterMinutes } : {}),
    },
  };
}
