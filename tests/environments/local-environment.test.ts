import { readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLocalBackfill } from '../../src/batch/local-backfill.js';
import { backfillCommand } from '../../src/cli/commands/backfill-command.js';
import { migrateCommand } from '../../src/cli/commands/migrate-command.js';
import { queryCommand } from '../../src/cli/commands/query-command.js';
import { testDataCommand } from '../../src/cli/commands/test-data-command.js';
import { compileProject } from '../../src/compiler/compile-project.js';
import { localCatalogPath } from '../../src/engines/local/local-catalog.js';
import { LocalEngine } from '../../src/engines/local/local-engine.js';
import { environmentScope } from '../../src/environments/environment-scope.js';
import { applyMigration } from '../../src/migrate/apply-migration.js';
import { desiredObjects } from '../../src/migrate/desired-objects.js';
import { planMigration } from '../../src/migrate/migration-plan.js';
import { localTarget } from '../../src/targets/local-target.js';
import { makeTempLake, migratedEngine, writeFixtureRaw } from '../support/fixture-lake.js';
import { projectConfig, projectModels, withModel } from '../support/project-files.js';

const config = projectConfig();
const files = await projectModels();
const manifest = compileProject(files, config).manifest!;
const saved = process.env.LAKE_DIR;
let lake: string;

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s), text: () => out.join('\n') };
}

async function rows(environment: string | undefined, sql: string) {
  const engine = await LocalEngine.open({ lakeDir: lake, ...(environment ? { environment } : {}) });
  try {
    return (await engine.query(sql)).rows;
  } finally {
    await engine.close();
  }
}

beforeAll(async () => {
  lake = await makeTempLake('env-');
  process.env.LAKE_DIR = lake;
  await writeFixtureRaw(lake);
  const engine = await migratedEngine(lake, manifest, config);
  await runLocalBackfill(engine, manifest, config, { runId: 'main' });
  await engine.close();
});
afterAll(async () => {
  if (saved === undefined) delete process.env.LAKE_DIR;
  else process.env.LAKE_DIR = saved;
  await rm(lake, { recursive: true, force: true });
});

describe('development environments on the local target (real DuckDB lake)', () => {
  it('a changed view and the mart reading it live in the environment; the main environment reads as before', async () => {
    const mainCatalog = await readFile(localCatalogPath(lake), 'utf8');
    const mainMart = await rows(undefined, 'SELECT * FROM daily_store_sales ORDER BY dt, store_id');
    const sbs = files.find((f) => f.path === 'models/views/sales_by_store.sql')!;
    const changed = compileProject(
      withModel(files, sbs.path, sbs.text.replace('sum(i.quantity) AS items', 'sum(i.quantity) * 100 AS items')),
      config,
    ).manifest!;
    const scope = environmentScope(changed, config, 'anna', new Set(['sales_by_store', 'daily_store_sales']));
    const engine = await LocalEngine.open({ lakeDir: lake, environment: 'anna' });
    const plan = planMigration(desiredObjects(scope.manifest, scope.config), await engine.readCatalog());
    await applyMigration(plan, localTarget, engine, scope.config, { allowDestructive: false, buildId: 'e' });
    await runLocalBackfill(engine, scope.manifest, scope.config, { runId: 'env' });
    await engine.close();

    // The environment: its own view and mart, the main tables underneath (defer).
    expect(await rows('anna', "SELECT items FROM sales_by_store WHERE store_id = 'S1' AND dt = '2024-04-10'")).toEqual([{ items: '600' }]);
    expect(await rows('anna', "SELECT items FROM daily_store_sales WHERE store_id = 'S1' AND dt = '2024-04-10'")).toEqual([{ items: '600' }]);
    expect(await rows('anna', 'SELECT count(*) AS n FROM transactions')).toEqual([{ n: '4' }]);
    // A view that is not in the environment reads the main one.
    expect(await rows('anna', 'SELECT count(*) AS n FROM top_skus')).toEqual(await rows(undefined, 'SELECT count(*) AS n FROM top_skus'));
    // The main environment: untouched, catalog file byte for byte, mart rows and files.
    expect(await rows(undefined, "SELECT items FROM sales_by_store WHERE store_id = 'S1' AND dt = '2024-04-10'")).toEqual([{ items: '6' }]);
    expect(await rows(undefined, 'SELECT * FROM daily_store_sales ORDER BY dt, store_id')).toEqual(mainMart);
    expect(await readFile(localCatalogPath(lake), 'utf8')).toBe(mainCatalog);
    expect((await stat(path.join(lake, 'envs/anna/tables/daily_store_sales'))).isDirectory()).toBe(true);
  });

  it('migrate, backfill, query and test:data --env NAME from the command line; --drop removes it and only it', async () => {
    const mainCatalog = await readFile(localCatalogPath(lake), 'utf8');
    const io = captureIo();
    expect(await migrateCommand(['--env', 'dev', '--select', '+top_skus'], io), io.err.join('\n')).toBe(0);
    expect(io.text()).toContain(
      'Environment dev (database supermarket_dev): 1 model(s) of its own (top_skus); reads skus, transaction_items from the main environment.',
    );
    expect(io.text()).toContain('Plan for the local lake');
    expect(io.text()).toMatch(/environment dev:\n {2}\+ create view top_skus\nPlan: 1 to create/);

    const q = captureIo();
    expect(await queryCommand(['--env', 'dev', '--format', 'csv', 'SELECT count(*) AS n FROM top_skus'], q), q.err.join('\n')).toBe(0);
    expect(q.text()).toMatch(/^n\n\d+$/);

    const t = captureIo();
    expect(await testDataCommand(['--env', 'dev'], t)).toBe(0);
    // Without --select, a command works on what the environment holds, not on every view and mart.
    expect(t.text()).toContain('Environment dev (database supermarket_dev): 1 model(s) of its own (top_skus);');
    expect(t.text()).toContain('0 failed');

    const b = captureIo();
    expect(await backfillCommand(['--env', 'anna'], b), b.err.join('\n')).toBe(0);
    expect(b.text()).toMatch(/daily_store_sales\s+\d+ rows/);
    expect(b.text()).toContain('Environment anna (database supermarket_anna): 2 model(s) of its own (sales_by_store, daily_store_sales);');

    const drop = captureIo();
    expect(await migrateCommand(['--env', 'dev', '--drop'], drop), drop.err.join('\n')).toBe(0);
    expect(drop.text()).toContain('- drop view top_skus');
    expect(drop.text()).toContain('Dropped environment dev: 1 object(s)');
    await expect(stat(path.dirname(localCatalogPath(lake, 'dev')))).rejects.toThrow(/ENOENT/);
    expect(await readFile(localCatalogPath(lake), 'utf8')).toBe(mainCatalog);
    // The other environment is still there.
    expect(await rows('anna', "SELECT items FROM sales_by_store WHERE store_id = 'S1' AND dt = '2024-04-10'")).toEqual([{ items: '600' }]);
    await expect(queryCommand(['--env', 'dev', 'SELECT 1'], captureIo())).rejects.toThrow(
      'environment dev does not exist on local yet: create it with `npm run migrate -- --target local --env dev`',
    );

    const dropAnna = captureIo();
    expect(await migrateCommand(['--env', 'anna', '--drop'], dropAnna)).toBe(0);
    await expect(stat(path.join(lake, 'envs/anna/tables/daily_store_sales'))).rejects.toThrow(/ENOENT/);
    // The last environment gone, no empty envs/ folder is left behind, in the lake or its catalog.
    await expect(stat(path.join(lake, 'envs'))).rejects.toThrow(/ENOENT/);
    await expect(stat(path.join(lake, '_catalog', 'envs'))).rejects.toThrow(/ENOENT/);
    expect(await readFile(localCatalogPath(lake), 'utf8')).toBe(mainCatalog);
  });

  it('environment names are validated, and --drop needs one', async () => {
    await expect(migrateCommand(['--env', 'Dev-1'], captureIo())).rejects.toMatchObject({
      name: 'UsageError',
      message: expect.stringContaining('--env "Dev-1" is not a valid environment name'),
    });
    await expect(migrateCommand(['--env', 'main'], captureIo())).rejects.toThrow(/reserved/);
    await expect(migrateCommand(['--drop'], captureIo())).rejects.toThrow(/--drop removes a development environment: name it with --env NAME/);
    await expect(queryCommand(['--env', '../x', 'SELECT 1'], captureIo())).rejects.toThrow(/not a valid environment name/);
  });

  it('--help of migrate, backfill, query, test:data and dashboard documents --env', async () => {
    const { dashboardCommand } = await import('../../src/cli/commands/dashboard-command.js');
    for (const cmd of [
      migrateCommand,
      backfillCommand,
      queryCommand,
      testDataCommand,
      (a: readonly string[], io: ReturnType<typeof captureIo>) => dashboardCommand(a, io),
    ]) {
      const io = captureIo();
      expect(await cmd(['--help'], io)).toBe(0);
      expect(io.text()).toContain('--env NAME');
    }
  });
});
