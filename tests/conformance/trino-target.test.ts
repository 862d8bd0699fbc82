import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
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
} from '../../dashboard/server/panel-queries.js';
import type { Filters } from '../../dashboard/server/parse-filters.js';
import { generateCommand } from '../../src/cli/commands/generate-command.js';
import { migrateCommand } from '../../src/cli/commands/migrate-command.js';
import { backfillCommand } from '../../src/cli/commands/backfill-command.js';
import { testDataCommand } from '../../src/cli/commands/test-data-command.js';
import { queryCommand } from '../../src/cli/commands/query-command.js';
import type { CliIo } from '../../src/cli/cli-io.js';
import { compileProject } from '../../src/compiler/compile-project.js';
import { planStatements } from '../../src/compiler/statement.js';
import type { Cell, Engine, QueryResult, Row } from '../../src/engines/engine.js';
import { LocalEngine } from '../../src/engines/local/local-engine.js';
import { TrinoEngine } from '../../src/engines/trino/trino-engine.js';
import { ensureTrinoServer } from '../../src/engines/trino/trino-server.js';
import type { Manifest } from '../../src/manifest/manifest.js';
import { applyMigration } from '../../src/migrate/apply-migration.js';
import { desiredObjects } from '../../src/migrate/desired-objects.js';
import { planMigration } from '../../src/migrate/migration-plan.js';
import { localTarget } from '../../src/targets/local-target.js';
import { trinoTarget } from '../../src/targets/trino-target.js';
import { projectConfig, projectModels, withModel } from '../support/project-files.js';

/**
 * Real Trino as the oracle for the Athena SQL we ship: one lake, migrated on both targets from the
 * same models, backfilled once (DuckDB), and every view, mart and data test must return the same
 * rows on `trino` (the Athena rendering, run by Trino 476) and on `local` (the DuckDB rendering).
 */

/** An analyst's view in plain Trino SQL, using functions DuckDB lacks (the compatibility macros stand in). */
const ANALYST_VIEW = `{{config materialized="view" description="Sales per store, month and ISO weekday, in Trino functions"}}
SELECT
  t.store_id,
  date_format(t.transaction_datetime, '%Y-%m') AS month,
  day_of_week(t.transaction_datetime) AS weekday,
  week_of_year(t.transaction_datetime) AS week,
  date_trunc('hour', t.transaction_datetime) AS hour,
  count(*) AS transactions,
  sum(t.total_amount) AS revenue,
  max(t.item_count) AS largest_basket,
  max(t.item_count) / 4 AS quarter_basket,
  concat(t.store_id, '/', date_format(t.transaction_datetime, '%a')) AS label,
  max(concat(t.store_id, CAST(NULL AS varchar))) AS null_label
FROM {{ref "transaction_totals"}} t
GROUP BY 1, 2, 3, 4, 5, 10
`;

function captureIo(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t) };
}

/** One text per cell, so both engines' rows compare exactly: numbers as written, NULL as null. */
function canonical(result: QueryResult): string[] {
  return result.rows.map((r: Row) => JSON.stringify(result.columns.map((c) => cellText(r[c.name] ?? null)))).sort();
}

/** Timestamps compare to the millisecond: Trino prints `.000`, DuckDB omits a zero fraction. */
function cellText(v: Cell): string | null {
  if (v === null) return null;
  const text = String(v);
  const ts = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})(?:\.(\d+))?$/.exec(text);
  return ts ? `${ts[1]}.${(ts[2] ?? '').padEnd(3, '0').slice(0, 3)}` : text;
}

/** The rows only one side has (at most 5 each), so a failure shows the difference, not two lists of thousands. */
function difference(local: readonly string[], trino: readonly string[]): { onlyLocal: string[]; onlyTrino: string[] } {
  const count = (xs: readonly string[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());
  const l = count(local);
  const t = count(trino);
  const only = (a: Map<string, number>, b: Map<string, number>) =>
    [...a]
      .filter(([k, n]) => (b.get(k) ?? 0) < n)
      .map(([k]) => k)
      .slice(0, 5);
  return { onlyLocal: only(l, t), onlyTrino: only(t, l) };
}

async function sameRows(sql: { local: string; trino: string }, local: Engine, trino: Engine, what = sql.trino): Promise<{ local: string[]; trino: string[] }> {
  const [l, t] = await Promise.all([local.query(sql.local), trino.query(sql.trino)]);
  expect(
    t.columns.map((c) => c.name),
    what,
  ).toEqual(l.columns.map((c) => c.name));
  const rows = { local: canonical(l), trino: canonical(t) };
  expect(difference(rows.local, rows.trino), what).toEqual({ onlyLocal: [], onlyTrino: [] });
  return rows;
}

describe('the trino target runs the Athena rendering on real Trino, with the same results as local', () => {
  const config = projectConfig();
  let lakeDir: string;
  let manifest: Manifest;
  let local: LocalEngine;
  let trino: TrinoEngine;
  const savedLakeDir = process.env.LAKE_DIR;

  beforeAll(async () => {
    lakeDir = inject('trinoLakeDir');
    process.env.LAKE_DIR = lakeDir;
    // Started once for the whole run (global setup stops it); progress goes to the test log.
    await ensureTrinoServer(lakeDir, { onProgress: (m) => process.stderr.write(`${m}\n`) });
    const io = captureIo();
    expect(await generateCommand(['--transactions', '2000', '--days', '4', '--stores', '3', '--skus', '300', '--seed', '7'], io, process.env)).toBe(0);
    expect(await migrateCommand([], io)).toBe(0);
    expect(await migrateCommand(['--target', 'trino'], io), io.err.join('\n')).toBe(0);
    expect(await backfillCommand(['--target', 'trino'], io), io.err.join('\n')).toBe(0);
    const compiled = compileProject(await projectModels(), config);
    manifest = compiled.manifest!;
    local = await LocalEngine.open({ lakeDir });
    trino = await TrinoEngine.open(lakeDir, config);
  }, 300_000);

  afterAll(async () => {
    await local?.close();
    await trino?.close();
    if (savedLakeDir === undefined) delete process.env.LAKE_DIR;
    else process.env.LAKE_DIR = savedLakeDir;
  });

  it('every view and mart of models/ returns the same rows on trino and local', async () => {
    const objects = manifest.models.filter((m) => m.kind === 'view' || m.kind === 'mart' || m.kind === 'table').map((m) => m.name);
    expect(objects.length).toBeGreaterThan(8);
    for (const name of objects) {
      const { local: l, trino: t } = await sameRows({ local: `SELECT * FROM ${name}`, trino: `SELECT * FROM ${name}` }, local, trino);
      expect(l.length, `${name} has rows`).toBeGreaterThan(0);
      expect(t, name).toEqual(l);
    }
  });

  it('test:data reports the same checks on both (and they pass)', async () => {
    const results: Record<string, string[]> = {};
    for (const target of ['local', 'trino']) {
      const io = captureIo();
      expect(await testDataCommand(['--target', target], io), io.out.join('\n')).toBe(0);
      // Each line is `ok   <check> (<ms> ms)`; timings differ, verdicts must not.
      results[target] = io.out.map((l) => l.replace(/ \(\d+ ms\)$/, ''));
    }
    const checks = planStatements(manifest).filter((s) => s.kind === 'data_test').length;
    expect(results.trino).toEqual(results.local);
    expect(results.trino!.at(-1)?.trim()).toBe(`${checks} passed, 0 failed`);
  });

  it('partition projection: a dt= folder written after the table was created is read with no partition registered', async () => {
    // The backfill ran after migrate --target trino: every dt= folder is newer than the table.
    const days = await trino.query('SELECT count(DISTINCT dt) AS days FROM transactions');
    expect(Number(days.rows[0]!.days)).toBeGreaterThanOrEqual(4);
    // A day folder dropped in now, as the ingest Lambda would, is read at once.
    const dir = path.join(lakeDir, 'tables', 'transactions');
    const first = (await readdir(dir)).find((d) => d.startsWith('dt='))!;
    const file = (await readdir(path.join(dir, first))).find((f) => f.endsWith('.parquet'))!;
    await mkdir(path.join(dir, 'dt=2024-06-01'), { recursive: true });
    await copyFile(path.join(dir, first, file), path.join(dir, 'dt=2024-06-01', file));
    try {
      const copied = await trino.query(`SELECT count(*) AS n FROM transactions__files WHERE dt = '2024-06-01'`);
      const original = await trino.query(`SELECT count(*) AS n FROM transactions__files WHERE dt = '${first.slice(3)}' AND "$path" LIKE '%${file}'`);
      expect(Number(copied.rows[0]!.n)).toBeGreaterThan(0);
      expect(copied.rows[0]!.n).toBe(original.rows[0]!.n);
    } finally {
      await rm(path.join(dir, 'dt=2024-06-01'), { recursive: true, force: true });
    }
    // The file metastore holds no partition of the projected table: projection alone finds them.
    const props = (await trino.query('SELECT * FROM "transactions__files$properties"')).rows[0]!;
    expect(props['projection.enabled']).toBe('true');
    expect(String(props['storage.location.template'])).toBe('local:///tables/transactions/dt=${dt}/');
  });

  it('query --target trino prints the rows Trino computes', async () => {
    const io = captureIo();
    expect(await queryCommand(['--target', 'trino', '--format', 'csv', 'SELECT count(*) AS n FROM transactions'], io)).toBe(0);
    expect(io.out.join('\n')).toMatch(/^n\n2000$/m);
  });

  it('the mart refresh (INSERT … WHERE dt BETWEEN ? AND ?) on Trino replaces its window, never doubles it', async () => {
    const before = await sameRows({ local: 'SELECT * FROM daily_store_sales', trino: 'SELECT * FROM daily_store_sales' }, local, trino);
    const io = captureIo();
    // Nothing changed since the first backfill: --full-refresh reruns every day.
    expect(await backfillCommand(['--target', 'trino', '--full-refresh'], io), io.err.join('\n')).toBe(0);
    expect(io.out.join('\n')).toMatch(/refreshing daily_store_sales/);
    const after = await sameRows({ local: 'SELECT * FROM daily_store_sales', trino: 'SELECT * FROM daily_store_sales' }, local, trino);
    expect(after.trino).toEqual(before.trino);
    expect(after.trino).toEqual(after.local);
  });

  it('a second migrate --target trino plans "No changes" (views compared by the hash in their comment)', async () => {
    const io = captureIo();
    expect(await migrateCommand(['--target', 'trino', '--dry-run'], io)).toBe(0);
    expect(io.out.join('\n')).toMatch(/^No changes\./m);
  });

  it('every dashboard panel query answers the same on both (what dashboard --target trino serves)', async () => {
    const range = (await local.query('SELECT min(dt) AS lo, max(dt) AS hi FROM transactions')).rows[0]!;
    const all: Filters = { from: String(range.lo), to: String(range.hi) };
    const oneStore: Filters = { ...all, store: 'STORE0002' };
    const split: DaySplit = { martDays: [all.from], viewDays: [all.to] };
    const queries: [string, PanelQuery][] = [
      ['martCoverage', martCoverageQuery(all)],
      ['kpis', kpisQuery(all)],
      ['kpis split', kpisQuery(oneStore, split)],
      ['salesByStore', salesByStoreQuery(all)],
      ['salesByStore split', salesByStoreQuery(all, split)],
      ['topSkus', topSkusQuery(all, 10)],
      ['hourly', hourlyQuery(oneStore)],
      ['stores', storesQuery(all)],
      ['freshness', freshnessQuery(all.from, all.to)],
      ['fingerprint', fingerprintQuery(all.from)],
    ];
    for (const [name, q] of queries) {
      // Each target renders the same statement in its dialect, as `dashboard --target` does.
      const [lq, tq] = [localTarget.renderer(config).renderQuery(q), trinoTarget.renderer(config).renderQuery(q)];
      const [l, t] = await Promise.all([local.query(lq.sql, lq.params), trino.query(tq.sql, tq.params)]);
      expect(difference(canonical(l), canonical(t)), name).toEqual({ onlyLocal: [], onlyTrino: [] });
    }
  });

  it("an analyst's view in Trino functions gives identical results on both targets", async () => {
    const models = withModel(await projectModels(), 'models/views/store_calendar.sql', ANALYST_VIEW);
    const { manifest: withView, errors } = compileProject(models, config);
    expect(errors).toEqual([]);
    const desired = desiredObjects(withView!, config);
    for (const [target, engine] of [
      [localTarget, local],
      [trinoTarget, trino],
    ] as const) {
      const plan = planMigration(desired, await engine.readCatalog());
      expect(plan.changes.map((c) => c.kind + ' ' + ('name' in c ? c.name : ''))).toEqual(['create store_calendar']);
      await applyMigration(plan, target, engine, config, { allowDestructive: false, buildId: 'analyst' });
    }
    const { local: l, trino: t } = await sameRows({ local: 'SELECT * FROM store_calendar', trino: 'SELECT * FROM store_calendar' }, local, trino);
    expect(l.length).toBeGreaterThan(10);
    expect(t).toEqual(l);
  });
  it('migrate/backfill --target trino --env dev: the view and mart in schema <db>_dev read the main tables; --drop removes the schema only', async () => {
    const envSchema = `${config.athena.database}_dev`;
    const io = captureIo();
    expect(await migrateCommand(['--target', 'trino', '--env', 'dev', '--select', 'sales_by_store daily_store_sales'], io), io.err.join('\n')).toBe(0);
    expect(await backfillCommand(['--target', 'trino', '--env', 'dev'], io), io.err.join('\n')).toBe(0);
    expect(io.out.join('\n')).toMatch(/refreshing daily_store_sales/);
    const main = canonical(await trino.query('SELECT * FROM daily_store_sales'));
    expect(canonical(await trino.query(`SELECT * FROM "${envSchema}"."daily_store_sales"`))).toEqual(main);
    expect((await trino.query(`SHOW TABLES FROM "${envSchema}"`)).rows.map((r) => r.Table).sort()).toEqual(['daily_store_sales', 'sales_by_store']);
    const drop = captureIo();
    expect(await migrateCommand(['--target', 'trino', '--env', 'dev', '--drop'], drop), drop.err.join('\n')).toBe(0);
    expect((await trino.query('SHOW SCHEMAS')).rows.map((r) => r.Schema)).not.toContain(envSchema);
    expect(canonical(await trino.query('SELECT * FROM daily_store_sales'))).toEqual(main);
  });

  it('backfill --target trino --env NAME works on what the environment holds: a mart copied without its view reads the main view', async () => {
    const envSchema = `${config.athena.database}_solo`;
    const io = captureIo();
    expect(await migrateCommand(['--target', 'trino', '--env', 'solo', '--select', 'daily_store_sales'], io), io.err.join('\n')).toBe(0);
    // No --select: the declared scope is every view and mart, but only the mart was made.
    const run = captureIo();
    expect(await backfillCommand(['--target', 'trino', '--env', 'solo'], run), run.err.join('\n')).toBe(0);
    expect(run.out[0]).toBe(
      `Environment solo (database ${envSchema}): 1 model(s) of its own (daily_store_sales); reads sales_by_store from the main environment.`,
    );
    expect(run.out.join('\n')).toMatch(/refreshing daily_store_sales/);
    expect(canonical(await trino.query(`SELECT * FROM "${envSchema}"."daily_store_sales"`))).toEqual(
      canonical(await trino.query('SELECT * FROM daily_store_sales')),
    );
    expect(await migrateCommand(['--target', 'trino', '--env', 'solo', '--drop'], captureIo())).toBe(0);
  });

  // Last: it leaves the mart built from a changed query.
  it('a changed mart query rebuilds the mart at a new location on Trino, filled, and the old build is deleted after the switch', async () => {
    const martFile = (await projectModels()).find((f) => f.path === 'models/marts/daily_store_sales.sql')!;
    // The analyst's view of the test above stays declared, so the mart rebuild is the only change.
    const models = withModel(
      withModel(await projectModels(), 'models/views/store_calendar.sql', ANALYST_VIEW),
      martFile.path,
      martFile.text.replace('GROUP BY store_id', '-- regrouped\nGROUP BY store_id'),
    );
    const { manifest: changed } = compileProject(models, config);
    const before = await trino.readCatalog();
    const oldLocation = (before.objects.get('daily_store_sales') as { location: string }).location;
    const plan = planMigration(desiredObjects(changed!, config), before);
    expect(plan.changes.map((c) => c.kind)).toEqual(['rebuild_mart']);
    await applyMigration(plan, trinoTarget, trino, config, { allowDestructive: false, buildId: 'rebuilt' });
    const after = (await trino.readCatalog()).objects.get('daily_store_sales') as { location: string };
    expect(after.location).toMatch(/build=rebuilt\/?$/);
    const oldFiles = (await readdir(path.join(lakeDir, oldLocation), { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
    expect(oldFiles).toEqual([]);
    await sameRows({ local: 'SELECT * FROM daily_store_sales', trino: 'SELECT * FROM daily_store_sales' }, local, trino);
  });
});
