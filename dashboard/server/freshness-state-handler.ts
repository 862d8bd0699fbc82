import { checkFreshness } from '../../src/freshness/check-freshness.js';
import { formatDay } from './parse-filters.js';
import type { PanelHandler } from './panel-handlers.js';

/**
 * The verdicts of `npm run freshness` (per store): the same rules, queries and clock, so the page
 * and the command never disagree. Without a manifest (the models did not compile) there are none.
 */
export const freshnessStateHandler: PanelHandler = async (_q, ctx) => {
  const manifest = await ctx.manifest?.();
  const verdicts = manifest ? await checkFreshness(manifest, ctx.run, ctx.clock) : [];
  const rows = verdicts.map((v) => ({ model: v.model, group: v.group ?? null, newest: v.newest, age_seconds: v.ageSeconds, state: v.state }));
  return {
    json: { now: ctx.clock().toISOString(), verdicts },
    table: { columns: ['model', 'group', 'newest', 'age_seconds', 'state'], rows },
    filename: `freshness-state_${formatDay(ctx.clock().getTime())}`,
  };
};
