import type { Filters } from '../../dashboard/server/parse-filters.js';
import type { LocalEngine } from '../../src/engines/local/local-engine.js';
import { openMigratedEngine } from '../lib/bench-context.js';
import type { BenchContext } from '../lib/bench-context.js';
import { assertSameAnswers, dashboardQuestions } from '../lib/dashboard-questions.js';
import type { DashboardQuestion } from '../lib/dashboard-questions.js';
import { int, markdownTable, ms, ratio } from '../lib/markdown-table.js';
import type { Cell } from '../lib/markdown-table.js';
import { median } from '../lib/percentile.js';
import { PlainDuckDb } from '../lib/plain-duckdb.js';
import type { Suite, SuiteResult } from '../lib/suite.js';

/** Issue 8's target at 1,000,000 transactions. */
const TARGET_RATIO = 30;
/** Timed runs of each of our queries, after an untimed one that also checks the answer. */
const OUR_RUNS = 5;

/**
 * Query speed vs the original layout: the dashboard's questions on our partitioned Parquet (the
 * LocalEngine's views, the dashboard's own statements) and on one JSON file per transaction read in
 * place by `read_json`. Both must give the same rows before anything is timed.
 */
export const querySuite: Suite = {
  name: 'query',
  summary: 'dashboard queries on our Parquet layout vs one JSON file per transaction (read_json), same answers checked first',
  async run(ctx: BenchContext): Promise<SuiteResult> {
    const sizes = ctx.quick ? [20_000] : [100_000, 1_000_000];
    const rows: Cell[][] = [];
    const misses: string[] = [];
    for (const n of sizes) {
      const lake = await ctx.lake(n);
      const orig = await ctx.originalLayout(n);
      if (orig.files !== n) throw new Error(`the original layout holds ${orig.files} files for ${n} transactions`);
      const range: Filters = { from: lake.summary.startDate, to: lake.summary.endDate };
      const questions = dashboardQuestions(range, lake.summary.endDate, { transactionsGlob: orig.glob, skusFile: lake.skusFile, storesFile: lake.storesFile });
      // The original side is slow enough that the answer check doubles as a timed run; at 1M it is the only one.
      const originalRuns = ctx.quick || n >= 1_000_000 ? 1 : 2;
      const engine = await openMigratedEngine(lake.lakeDir, ctx.manifest, ctx.config);
      const plain = await PlainDuckDb.open();
      try {
        let oursTotal = 0;
        let originalTotal = 0;
        for (const q of questions) {
          const t = await timeQuestion(engine, plain, q, originalRuns);
          oursTotal += t.ours;
          originalTotal += t.original;
          rows.push([int(n), q.name, ms(t.ours), ms(t.original), ratio(t.original / t.ours)]);
          ctx.log(`  ${int(n)} ${q.name}: ours ${ms(t.ours)} ms, original ${ms(t.original)} ms`);
        }
        const overall = originalTotal / oursTotal;
        rows.push([int(n), '**all five, summed**', ms(oursTotal), ms(originalTotal), `**${ratio(overall)}**`]);
        if (n >= 1_000_000 && overall < TARGET_RATIO)
          misses.push(`query: ${ratio(overall)} faster than the original layout at ${int(n)} transactions (target ≥ ${TARGET_RATIO}×)`);
      } finally {
        plain.close();
        await engine.close();
      }
    }
    const markdown = [
      markdownTable(['transactions', ' question', 'ours ms', 'original ms', 'original / ours'], rows),
      '',
      `ours: median of ${OUR_RUNS} runs after an untimed one; original: median of ${ctx.quick ? 1 : '2 (100k) / 1 (1M)'} run(s), the first being the answer check. Range: the whole history (30 days) except "KPIs, one day" (the last day).`,
    ].join('\n');
    return { title: 'Query speed vs the original layout', markdown, misses };
  },
};

async function timeQuestion(engine: LocalEngine, plain: PlainDuckDb, q: DashboardQuestion, originalRuns: number): Promise<{ ours: number; original: number }> {
  const ours = await engine.query(q.ours.sql, q.ours.params);
  let t = performance.now();
  const original = await plain.query(q.original.sql, q.original.params);
  const originalTimes = [performance.now() - t];
  assertSameAnswers(q.name, ours.rows, original);
  for (let i = 1; i < originalRuns; i++) {
    t = performance.now();
    await plain.query(q.original.sql, q.original.params);
    originalTimes.push(performance.now() - t);
  }
  const oursTimes: number[] = [];
  for (let i = 0; i < OUR_RUNS; i++) {
    t = performance.now();
    await engine.query(q.ours.sql, q.ours.params);
    oursTimes.push(performance.now() - t);
  }
  return { ours: median(oursTimes), original: median(originalTimes) };
}
