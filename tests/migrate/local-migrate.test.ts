import { localTarget } from '../../src/targets/local-target.js';
import { describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/compile-project.js';
import type { ModelFile } from '../../src/compiler/parse-model.js';
import { LocalEngine } from '../../src/engines/local/local-engine.js';
import { applyMigration, DestructiveChangeRefusedError } from '../../src/migrate/apply-migration.js';
import { desiredObjects } from '../../src/migrate/desired-objects.js';
import { describeChange, planMigration } from '../../src/migrate/migration-plan.js';
import { runLocalBackfill } from '../../src/batch/local-backfill.js';
import { makeTempLake, writeFixtureRaw } from '../support/fixture-lake.js';
import { projectConfig, projectModels, withModel } from '../support/project-files.js';

const config = projectConfig();

/** One migrate run, as the CLI does it: a fresh process (engine) each time. */
async function migrate(lake: string, files: readonly ModelFile[], allowDestructive = false): Promise<string[]> {
  const { manifest } = compileProject(files, config);
  const engine = await LocalEngine.open({ lakeDir: lake });
  try {
    const plan = planMigration(desiredObjects(manifest!, config), await engine.readCatalog());
    await applyMigration(plan, localTarget, engine, config, { allowDestructive, buildId: 't' });
    return plan.changes.map(describeChange);
  } finally {
    await engine.close();
  }
}

async function query(lake: string, sql: string) {
  const engine = await LocalEngine.open({ lakeDir: lake });
  try {
    return (await engine.query(sql)).rows;
  } finally {
    await engine.close();
  }
}

describe('migrate on the local target (real DuckDB, fresh process per run)', async () => {
  const base = await projectModels();
  const tx = base.find((f) => f.path === 'models/tables/transactions.sql')!;

  it('empty lake → everything created; second run → no changes; a fresh process sees the objects', async () => {
    const lake = await makeTempLake();
    expect((await migrate(lake, base)).length).toBe(17);
    expect(await migrate(lake, base)).toEqual([]);
    // Empty tables read as zero rows rather than failing on a glob that matches nothing.
    expect(await query(lake, 'SELECT count(*) AS n FROM transactions')).toEqual([{ n: '0' }]);
  });

  it('a changed view is replaced, a new column added, a removed column refused then accepted with the flag', async () => {
    const lake = await makeTempLake();
    await writeFixtureRaw(lake);
    await migrate(lake, base);
    const engine = await LocalEngine.open({ lakeDir: lake });
    await runLocalBackfill(engine, compileProject(base, config).manifest!, config, { runId: 'r1' });
    await engine.close();

    const changedView = withModel(
      base,
      'models/views/top_skus.sql',
      base.find((f) => f.path === 'models/views/top_skus.sql')!.text.replace('sum(i.quantity) AS units', 'sum(i.quantity) AS units, count(*) AS lines'),
    );
    expect(await migrate(lake, changedView)).toEqual(['~ replace view top_skus']);
    expect(await query(lake, "SELECT lines FROM top_skus WHERE sku_id = 'A' AND store_id = 'S1'")).toEqual([{ lines: '1' }]);

    const added = withModel(changedView, tx.path, tx.text.replace('  CAST(CAST(CAST(', '  CAST(t.store_id AS varchar) AS till_id,\n  CAST(CAST(CAST('));
    expect(await migrate(lake, added)).toEqual(['~ alter table transactions__files: add column till_id', '~ replace view transactions']);
    // Files written before the column existed read it as NULL, as Athena does.
    expect(await query(lake, 'SELECT count(*) AS n, count(till_id) AS with_till FROM transactions')).toEqual([{ n: '4', with_till: '0' }]);

    // Removing till_id again: destructive, refused without the flag.
    await expect(migrate(lake, changedView)).rejects.toBeInstanceOf(DestructiveChangeRefusedError);
    expect(await query(lake, 'SELECT count(*) AS n FROM transactions WHERE till_id IS NULL')).toEqual([{ n: '4' }]); // nothing applied
    expect(await migrate(lake, changedView, true)).toEqual([
      '~ alter table transactions__files: replace columns (drop till_id) [destructive]',
      '~ replace view transactions',
    ]);
    const cols = await query(lake, "SELECT column_name FROM information_schema.columns WHERE table_name = 'transactions' ORDER BY ordinal_position");
    expect(cols.map((c) => c.column_name)).toEqual(['transaction_id', 'store_id', 'transaction_datetime', 'dt']);
    // No data file was deleted: the rows are all still there.
    expect(await query(lake, 'SELECT count(*) AS n FROM transactions')).toEqual([{ n: '4' }]);
  });

  it('the first failing statement stops the run with the engine reason', async () => {
    const lake = await makeTempLake();
    await migrate(lake, base);
    const broken = withModel(base, 'models/views/top_skus.sql', '{{config materialized="view"}}\nSELECT no_such_column FROM {{ref "transactions"}}\n');
    await expect(migrate(lake, broken)).rejects.toThrow(/no_such_column/);
  });
});
