import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
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
  const only = (a: Map<string, number>, b: Map<string, number>) => [...a].filter(([k, n]) => (b.get(k) ?? 0) < n).map(([k]) => k).slice(0, 5);
  return { onlyLocal: only(l, t), onlyTrino: only(t, l) };
}

async function sameRows(sql: { local: string; trino: string }, local: Engine, trino: Engine, what = sql.trino): Promise<{ local: string[]; trino: string[] }> {
  const [l, t] = await Promise.all([local.query(sql.local), trino.query(sql.trino)]);
  expect(t.columns.map((c) => c.name), what).toEqual(l.columns.map((c) => c.name));
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
    const objects = manifest.models.filter((m) => m.kind === 'view' || m.kind === 'ctas' || m.kind === 'table').map((m) => m.name);
    expect(objects.length).toBeGreaterThan(8);
    for (const name of objects) {
      const { local: l, trino: t } = await sameRows({ local: `SELECT * FROM ${name}`, trino: `SELECT * FROM ${name}` }, local, trino);
      expect(l.length, `${name} has rows`).toBeGreaterThan(0);
      expect(t, name).toEqual(l);
    }
  });

  it('every data test gives the same failure count on both (and passes)', async () => {
    const duck = localTarget.renderer(config);
    const athena = trinoTarget.renderer(config);
    for (const s of planStatements(manifest)) {
      if (s.kind !== 'data_test') continue;
      const { local: l, trino: t } = await sameRows({ local: duck.render(s)!, trino: athena.render(s)! }, local, trino);
      expect(t, s.name).toEqual(l);
      expect(l, s.name).toEqual(['["0"]']);
    }
    const io = captureIo();
    expect(await testDataCommand(['--target', 'trino'], io), io.out.join('\n')).toBe(0);
    expect(io.out.at(-1)?.trim()).toMatch(/^\d+ passed, 0 failed$/);
  });

  it('partition projection: a dt= folder written after the table was created is read with no partition registered', async () => {
    const days = await trino.query('SELECT count(DISTINCT dt) AS days FROM transactions');
    expect(Number(days.rows[0]!.days)).toBeGreaterThanOrEqual(4);
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
    expect(await backfillCommand(['--target', 'trino'], io), io.err.join('\n')).toBe(0);
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
});
