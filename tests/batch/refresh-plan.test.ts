import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contiguousWindows, parseWindowFlags, planRefresh, REFRESH_STATE_KEY, saveRefreshState } from '../../src/batch/refresh-plan.js';
import { compileProject } from '../../src/compiler/compile-project.js';
import { LocalObjectStore } from '../../src/storage/local-object-store.js';
import { makeTempLake, writeFixtureRaw } from '../support/fixture-lake.js';
import { projectConfig, projectModels, withModel } from '../support/project-files.js';

const manifest = compileProject(await projectModels(), projectConfig()).manifest!;
const lakes: string[] = [];
afterAll(async () => Promise.all(lakes.map((l) => rm(l, { recursive: true, force: true }))));

async function lakeWithState() {
  const lake = await makeTempLake('refresh-');
  lakes.push(lake);
  await writeFixtureRaw(lake);
  const store = new LocalObjectStore(lake);
  const first = await planRefresh({ store, manifest });
  await saveRefreshState(store, first.next);
  return { lake, store, first };
}

const tx = (id: string, at: string) =>
  `${JSON.stringify({ transaction_id: id, store_id: 'S1', transaction_datetime: at, items: [{ sku_id: 'A', quantity: 1 }] })}\n`;

describe('planRefresh: which days a backfill rewrites', () => {
  it('first run is full; the state records each raw object with the days it feeds', async () => {
    const { first } = await lakeWithState();
    expect(first.full).toBe(true);
    expect(first.next.objects['raw/transactions/part-00000.jsonl']!.days).toEqual(['2024-04-10', '2024-04-11']);
    expect(first.next.objects['raw/stores/stores.jsonl']!.days).toEqual([]);
    expect(first.read).toBe(3);
  });

  it('a changed object refreshes the days it fed and feeds now; invalid records feed nothing', async () => {
    const { lake, store } = await lakeWithState();
    await writeFile(
      path.join(lake, 'raw/transactions/part-00000.jsonl'),
      tx('T1', '2024-04-11 10:00:00') + tx('T9', '2024-04-13 10:00:00') + '{"transaction_id": "bad", "transaction_datetime": "never"}\n',
    );
    const plan = await planRefresh({ store, manifest });
    // The state says the object fed 04-10 too: that day must be rewritten (its rows are gone).
    expect(plan.full).toBe(false);
    expect(plan.days).toEqual(['2024-04-10', '2024-04-11', '2024-04-13']);
    expect(plan.read).toBe(1);
    expect(plan.reasons.get('2024-04-13')).toEqual(['changed raw/transactions/part-00000.jsonl']);
  });

  it('--from/--to: exactly the window; a change outside it stays pending for the next run', async () => {
    const { lake, store } = await lakeWithState();
    await mkdir(path.join(lake, 'raw/transactions'), { recursive: true });
    await writeFile(path.join(lake, 'raw/transactions/late.jsonl'), tx('T8', '2024-04-20 10:00:00'));
    const windowed = await planRefresh({ store, manifest, window: { from: '2024-04-10', to: '2024-04-11' } });
    expect(windowed.days).toEqual(['2024-04-10', '2024-04-11']);
    expect(windowed.next.objects['raw/transactions/late.jsonl']).toBeUndefined();
    await saveRefreshState(store, windowed.next);
    const next = await planRefresh({ store, manifest });
    expect(next.days).toEqual(['2024-04-20']);
  });

  it('a changed table mapping or mart query re-maps every day, once', async () => {
    const { store } = await lakeWithState();
    const files = await projectModels();
    const tx = files.find((f) => f.path === 'models/tables/transactions.sql')!;
    const changed = compileProject(
      withModel(files, tx.path, tx.text.replace('  CAST(CAST(CAST(', '  CAST(t.store_id AS varchar) AS till_id,\n  CAST(CAST(CAST(')),
      projectConfig(),
    ).manifest!;
    const plan = await planRefresh({ store, manifest: changed });
    expect(plan.full).toBe(true);
    expect(plan.reasons.get('*')).toEqual(['the declaration of transactions changed since the last run']);
    await saveRefreshState(store, plan.next);
    expect((await planRefresh({ store, manifest: changed })).days).toEqual([]);
  });

  it('an unreadable state file says what to do', async () => {
    const { lake, store } = await lakeWithState();
    await writeFile(path.join(lake, REFRESH_STATE_KEY), '{not json');
    await expect(planRefresh({ store, manifest })).rejects.toThrow(/_state\/backfill-inputs\.json is unreadable .*run `npm run backfill -- --full-refresh`/);
  });

  it('windows: consecutive days merge; flags are validated', () => {
    expect(contiguousWindows(['2024-04-12', '2024-04-10', '2024-04-11', '2024-04-20'])).toEqual([
      { from: '2024-04-10', to: '2024-04-12' },
      { from: '2024-04-20', to: '2024-04-20' },
    ]);
    expect(parseWindowFlags(undefined, undefined)).toBeUndefined();
    expect(parseWindowFlags('2024-04-10', undefined)).toEqual({ from: '2024-04-10', to: '2024-04-10' });
    expect(() => parseWindowFlags('2024-4-10', '2024-04-11')).toThrow(/"2024-4-10" is not a yyyy-MM-dd day/);
  });
});
