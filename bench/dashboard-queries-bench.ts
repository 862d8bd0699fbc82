/**
 * Latency of every dashboard panel's query on the local engine (DuckDB) over a generated lake.
 *
 *   npx tsx bench/dashboard-queries-bench.ts                    # 1,000,000 transactions (30 days)
 *   npx tsx bench/dashboard-queries-bench.ts --quick            # 100,000
 *   npx tsx bench/dashboard-queries-bench.ts --transactions 250000 --keep
 *   npx tsx bench/dashboard-queries-bench.ts --lake /tmp/kept-lake --explain --baseline
 *   npx tsx bench/dashboard-queries-bench.ts --quick --aggregates   # panels from the aggregates vs the scan
 *
 * Generates the history into a temp lake, migrates and backfills it, then runs each panel's query
 * (the very statements the server sends, from dashboard/server/panel-queries.ts) 30 times over the
 * last 30 days and over the last day, and prints p50/p95 per panel as a markdown table. The server's
 * result cache is deliberately bypassed: this measures what one viewer pays after each data change.
 * KPIs, sales by store and the store list are timed as served: the mart coverage check, then the
 * `daily_store_sales` mart for past days and the view for the last day (as while live ingest runs).
 * `--baseline` adds the view-only KPI and sales-by-store queries (what they cost without the mart).
 * `--aggregates` then times the same panels answered from the aggregates (dashboard/server/
 * aggregate-reader.ts), as the server does for a range in their window: once after refreshing every
 * day of the range (a request with no page open: one LIST and the day's aggregate object per day),
 * and once from days refreshed within the poll interval (open pages); the first, cold build of the
 * range (every file read once) is printed apart.
 * `--explain` prints EXPLAIN ANALYZE of the main statements over 30 days. `--lake DIR` reuses a kept lake.
 */
import { localTarget } from '../src/targets/local-target.js';
import { localQuery } from './lib/local-query.js';
import { AggregateReader, type AggregatePanel } from '../dashboard/server/aggregate-reader.js';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  fingerprintQuery,
  freshnessQuery,
  hourlyQuery,
  kpisQuery,
  martCoverageQuery,
  salesByStoreQuery,
  storesQuery,
  topSkusQuery,
  type DaySplit,
  type PanelQuery,
} from '../dashboard/server/panel-queries.js';
import type { Filters } from '../dashboard/server/parse-filters.js';
import { addDays } from '../dashboard/server/parse-filters.js';
import { generateHistory } from '../producer/history/generate-history.js';
import { runLocalBackfill } from '../src/batch/local-backfill.js';
import { loadProject } from '../src/cli/project.js';
import { LocalEngine, hasFiles } from '../src/engines/local/local-engine.js';
import { applyMigration } from '../src/migrate/apply-migration.js';
import { desiredObjects } from '../src/migrate/desired-objects.js';
import { planMigration } from '../src/migrate/migration-plan.js';
import { LocalObjectStore } from '../src/storage/local-object-store.js';

const { values } = parseArgs({
  args: process.argv.slice(2),
  strict: true,
  options: {
    transactions: { type: 'string' },
    quick: { type: 'boolean' },
    runs: { type: 'string' },
    lake: { type: 'string' },
    keep: { type: 'boolean' },
    explain: { type: 'boolean' },
    baseline: { type: 'boolean' },
    aggregates: { type: 'boolean' },
  },
});
const transactions = values.quick ? 100_000 : Number(values.transactions ?? 1_000_000);
const runs = Number(values.runs ?? 30);
const END_DATE = '2024-04-30';
const TARGET_P95_MS = 100;

const { config, manifest } = await loadProject();
const lakeDir = values.lake ? path.resolve(values.lake) : await fs.mkdtemp(path.join(os.tmpdir(), 'dashboard-bench-'));
const engine = await LocalEngine.open({ lakeDir });
try {
  if (!(await hasFiles(path.join(lakeDir, 'tables/transactions'), '.parquet'))) {
    let t = performance.now();
    const summary = await generateHistory(
      { transactions, endDate: END_DATE },
      { store: new LocalObjectStore(lakeDir), clock: () => new Date(`${END_DATE}T23:00:00Z`) },
    );
    log(
      `generated ${summary.transactions.toLocaleString('en-US')} transactions, ${summary.items.toLocaleString('en-US')} items (${summary.startDate}..${summary.endDate}) in ${seconds(t)}`,
    );
    t = performance.now();
    await applyMigration(planMigration(desiredObjects(manifest, config), await engine.readCatalog()), localTarget, engine, config, {
      allowDestructive: false,
      buildId: 'bench',
    });
    await runLocalBackfill(engine, manifest, config, { runId: 'bench' });
    log(`migrated and backfilled in ${seconds(t)}`);
  } else {
    log(`reusing the lake in ${lakeDir}`);
  }

  const lastDay = String((await engine.query('SELECT max(dt) AS d FROM store_freshness')).rows[0]?.d ?? END_DATE);
  const store = String((await engine.query('SELECT min(store_id) AS s FROM store_freshness WHERE dt = ?', [lastDay])).rows[0]?.s);
  const ranges: Record<string, Filters> = { '30 days': { from: addDays(lastDay, -29), to: lastDay }, '1 day': { from: lastDay, to: lastDay } };
  /**
   * As served while live ingest runs: the coverage check, then the mart for past days and the view
   * for the last day (today's partition, which the mart never has while data is still arriving).
   */
  const served =
    (build: (f: Filters, split: DaySplit) => PanelQuery) =>
    async (f: Filters): Promise<void> => {
      const coverage = localQuery(martCoverageQuery(f));
      const days = (await engine.query(coverage.sql, coverage.params)).rows.map((r) => String(r.dt));
      const q = localQuery(build(f, { martDays: days.filter((d) => d !== lastDay), viewDays: days.filter((d) => d === lastDay) }));
      await engine.query(q.sql, q.params);
    };
  const one =
    (build: (f: Filters) => PanelQuery) =>
    async (f: Filters): Promise<void> => {
      const q = localQuery(build(f));
      await engine.query(q.sql, q.params);
    };
  const panels: Record<string, (f: Filters) => Promise<void>> = {
    kpis: served(kpisQuery),
    'kpis (one store)': served((f, split) => kpisQuery({ ...f, store }, split)),
    'sales-by-store': served(salesByStoreQuery),
    stores: served(storesQuery),
    'top-skus': one((f) => topSkusQuery(f, 10)),
    hourly: one(hourlyQuery),
    freshness: one(() => freshnessQuery(addDays(lastDay, -1), lastDay)),
    'events fingerprint': one(() => fingerprintQuery(addDays(lastDay, -1))),
    ...(values.baseline ? { 'kpis, view only (no mart)': one(kpisQuery), 'sales-by-store, view only (no mart)': one(salesByStoreQuery) } : {}),
  };
  const explained: Record<string, (f: Filters) => PanelQuery> = {
    'mart coverage': martCoverageQuery,
    'kpis from the mart': (f) => kpisQuery(f, { martDays: rangeDays(f), viewDays: [] }),
    'top-skus': (f) => topSkusQuery(f, 10),
    hourly: hourlyQuery,
    'kpis, view only': kpisQuery,
  };

  const rows: string[] = [];
  const misses: string[] = [];
  /** p50 per panel and range, for the comparison with the aggregates below. */
  const scanP50 = new Map<string, number>();
  for (const [panel, run] of Object.entries(panels)) {
    const cells: string[] = [];
    for (const [range, f] of Object.entries(ranges)) {
      const { p50, p95 } = await time(() => run(f));
      if (p95 > TARGET_P95_MS) misses.push(`${panel} (${range}): p95 ${p95.toFixed(1)} ms`);
      scanP50.set(`${panel}|${range}`, p50);
      cells.push(p50.toFixed(1), p95.toFixed(1));
    }
    rows.push(`| ${panel} | ${cells.join(' | ')} |`);
    log(rows[rows.length - 1]!);
  }

  console.log(
    `\nDashboard panel queries, local engine, ${transactions.toLocaleString('en-US')} transactions, ${runs} runs each, ${os.cpus().length} cores (ms)\n`,
  );
  console.log(
    `| panel | ${Object.keys(ranges)
      .map((r) => `${r} p50 | ${r} p95`)
      .join(' | ')} |`,
  );
  console.log(
    `|---|${Object.keys(ranges)
      .map(() => '---:|---:')
      .join('|')}|`,
  );
  for (const r of rows) console.log(r);
  console.log(misses.length === 0 ? `\nEvery panel meets p95 ≤ ${TARGET_P95_MS} ms.` : `\nOver the ${TARGET_P95_MS} ms target: ${misses.join('; ')}`);

  if (values.aggregates) await aggregatesVsScan(lastDay, store, ranges, scanP50);

  if (values.explain) {
    for (const [panel, build] of Object.entries(explained)) {
      const q = localQuery(build(ranges['30 days']!));
      const plan = await engine.query(`EXPLAIN ANALYZE ${q.sql}`, q.params);
      console.log(`\n### ${panel}\n${plan.rows.map((r) => String(r.explain_value ?? '')).join('\n')}`);
    }
  }
} finally {
  await engine.close();
  if (!values.lake && !values.keep) await fs.rm(lakeDir, { recursive: true, force: true });
  else log(`kept ${lakeDir}`);
}

async function time(run: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  await run(); // warm the OS page cache and DuckDB's metadata
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95) };
}

/** The panels from the aggregates vs the scan's p50s measured above (same lake, same ranges). */
async function aggregatesVsScan(lastDay: string, store: string, ranges: Record<string, Filters>, scanP50: ReadonlyMap<string, number>): Promise<void> {
  const reader = new AggregateReader({
    store: new LocalObjectStore(lakeDir),
    tablesPrefix: config.lake.prefixes.tables,
    engine,
    renderer: localTarget.renderer(config),
    clock: () => new Date(`${lastDay}T23:00:00Z`),
  });
  const t = performance.now();
  await reader.rows('kpis', ranges['30 days']!);
  log(`aggregates built for 30 days (every file read once) in ${((performance.now() - t) / 1000).toFixed(2)} s`);
  const panels: Record<string, [AggregatePanel, (f: Filters) => Filters, number?]> = {
    kpis: ['kpis', (f) => f],
    'kpis (one store)': ['kpis', (f) => ({ ...f, store })],
    'sales-by-store': ['sales-by-store', (f) => f],
    stores: ['stores', (f) => f],
    'top-skus': ['top-skus', (f) => f, 10],
    hourly: ['hourly', (f) => f],
    freshness: ['freshness', () => ({ from: addDays(lastDay, -1), to: lastDay })],
  };
  const rows: string[][] = [];
  for (const [name, [panel, filters, limit]] of Object.entries(panels)) {
    const row = [name];
    for (const [range, f] of Object.entries(ranges)) {
      // maxAgeMs -1: a refresh even within the same millisecond (the server shares those between concurrent requests).
      const refresh = await time(() => reader.rows(panel, filters(f), { ...(limit ? { limit } : {}), maxAgeMs: -1 }));
      const cached = await time(() => reader.rows(panel, filters(f), { ...(limit ? { limit } : {}), maxAgeMs: Number.POSITIVE_INFINITY }));
      const scan = scanP50.get(`${name}|${range}`)!;
      row.push(scan.toFixed(1), refresh.p50.toFixed(1), cached.p50.toFixed(2), `${(scan / refresh.p50).toFixed(1)}×`);
    }
    rows.push(row);
    log(`| ${row.join(' | ')} |`);
  }
  console.log(
    `\nDashboard panels, scan vs aggregates, p50 ms (${runs} runs each): "refreshed" lists each day of the range and reads its aggregate object, "cached" sums days refreshed within the poll interval\n`,
  );
  const head = Object.keys(ranges).flatMap((r) => [`${r} scan`, `${r} refreshed`, `${r} cached`, `${r} scan / refreshed`]);
  console.log(`| panel | ${head.join(' | ')} |`);
  console.log(`|---|${head.map(() => '---:').join('|')}|`);
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}

function rangeDays(f: Filters): string[] {
  const days: string[] = [];
  for (let d = f.from; d <= f.to; d = addDays(d, 1)) days.push(d);
  return days;
}

function percentile(sorted: readonly number[], p: number): number {
  const s = [...sorted].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!;
}

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

function log(text: string): void {
  process.stderr.write(`${text}\n`);
}
