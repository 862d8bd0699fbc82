import { readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillCommand } from '../../src/cli/commands/backfill-command.js';
import { lsCommand } from '../../src/cli/commands/ls-command.js';
import { migrateCommand } from '../../src/cli/commands/migrate-command.js';
import { testDataCommand } from '../../src/cli/commands/test-data-command.js';
import { LocalEngine } from '../../src/engines/local/local-engine.js';
import { readLocalCatalog } from '../../src/engines/local/local-catalog.js';
import { makeTempLake, writeFixtureRaw } from '../support/fixture-lake.js';

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s), text: () => out.join('\n') };
}

async function count(lake: string, sql: string): Promise<number> {
  const engine = await LocalEngine.open({ lakeDir: lake });
  try {
    return Number((await engine.query(sql)).rows[0]!.n);
  } finally {
    await engine.close();
  }
}

const saved = process.env.LAKE_DIR;
let lake: string;
beforeAll(async () => {
  lake = await makeTempLake('parity-');
  process.env.LAKE_DIR = lake;
  await writeFixtureRaw(lake);
});
afterAll(async () => {
  if (saved === undefined) delete process.env.LAKE_DIR;
  else process.env.LAKE_DIR = saved;
  await rm(lake, { recursive: true, force: true });
});

describe('--select on the commands, end to end on the local target', () => {
  it('ls prints name, kind and path in dependency order; an unknown model is a usage error with near matches', async () => {
    const io = captureIo();
    expect(await lsCommand(['--select', '+top_skus'], io)).toBe(0);
    expect(io.out[0]).toMatch(/^pos_skus\s+source\s+models\/sources\/pos_skus\.sql$/);
    expect(
      io.out
        .slice(0, -1)
        .map((l) => l.split(/\s+/)[0])
        .filter(Boolean),
    ).toEqual(['pos_skus', 'skus', 'pos_transactions', 'transaction_items', 'top_skus']);
    await expect(lsCommand(['--select', 'top_sku'], captureIo())).rejects.toMatchObject({
      name: 'UsageError',
      message: expect.stringContaining('did you mean "top_skus"'),
    });
    const help = captureIo();
    await lsCommand(['--help'], help);
    expect(help.text()).toContain('--select');
  });

  it('migrate --select creates only the selected objects; a later full migrate creates the rest and drops nothing', async () => {
    const io = captureIo();
    expect(await migrateCommand(['--select', '+transaction_totals'], io), io.err.join('\n')).toBe(0);
    expect(io.text()).toContain('+ create view transaction_totals');
    expect(io.text()).not.toContain('top_skus');
    const names = (await readLocalCatalog(lake)).entries.map((e) => e.object.name);
    expect(names).toContain('transaction_totals');
    expect(names).not.toContain('top_skus');
    const again = captureIo();
    expect(await migrateCommand(['--select', 'top_skus'], again)).toBe(0);
    expect(again.text()).toMatch(/Plan: 1 to create, 0 to alter or replace, 0 to drop/);
    const full = captureIo();
    expect(await migrateCommand([], full)).toBe(0);
    expect(full.text()).toMatch(/Plan: 9 to create, 0 to alter or replace, 0 to drop\./);
  });

  it('backfill is incremental: first run everything, then nothing, then only the days a new or removed raw object feeds', async () => {
    const first = captureIo();
    expect(await backfillCommand([], first), first.err.join('\n')).toBe(0);
    expect(first.text()).toContain('Refreshing every day (first run: no _state/backfill-inputs.json yet; 3 of 3 raw object(s) new or changed)');
    expect(await count(lake, 'SELECT count(*) AS n FROM transactions')).toBe(4);

    const second = captureIo();
    expect(await backfillCommand([], second)).toBe(0);
    expect(second.text()).toContain('Nothing changed since the last run (3 raw object(s) unchanged): nothing refreshed.');

    const before = await readdir(path.join(lake, 'tables/transactions/dt=2024-04-10'));
    await writeFile(
      path.join(lake, 'raw/transactions/part-00001.jsonl'),
      `${JSON.stringify({ transaction_id: 'T5', store_id: 'S2', transaction_datetime: '2024-04-12 08:00:00', items: [{ sku_id: 'A', quantity: 4 }] })}\n`,
    );
    const third = captureIo();
    expect(await backfillCommand([], third), third.err.join('\n')).toBe(0);
    expect(third.text()).toContain('Refreshing 1 day(s) (1 of 4 raw object(s) new or changed):\n  2024-04-12  new raw/transactions/part-00001.jsonl');
    expect(third.text()).not.toMatch(/supermarkets|skus /);
    expect(await count(lake, "SELECT count(*) AS n FROM transactions WHERE dt = '2024-04-12'")).toBe(1);
    expect(await count(lake, 'SELECT count(*) AS n FROM transactions')).toBe(5);
    expect(await count(lake, "SELECT count(*) AS n FROM daily_store_sales WHERE dt = '2024-04-12'")).toBe(1);
    expect(await readdir(path.join(lake, 'tables/transactions/dt=2024-04-10'))).toEqual(before);

    await rm(path.join(lake, 'raw/transactions/part-00001.jsonl'));
    const fourth = captureIo();
    expect(await backfillCommand([], fourth)).toBe(0);
    expect(fourth.text()).toContain('2024-04-12  removed raw/transactions/part-00001.jsonl');
    expect(await count(lake, 'SELECT count(*) AS n FROM transactions')).toBe(4);
    expect(await count(lake, "SELECT count(*) AS n FROM daily_store_sales WHERE dt = '2024-04-12'")).toBe(0);
  });

  it('--from/--to refreshes exactly that window, --full-refresh everything; bad windows are usage errors', async () => {
    const io = captureIo();
    expect(await backfillCommand(['--from', '2024-04-11', '--to', '2024-04-11', '--select', 'transactions'], io)).toBe(0);
    expect(io.text()).toContain('Refreshing 1 day(s) (0 of 3 raw object(s) new or changed):\n  2024-04-11  --from/--to');
    expect(io.text()).toMatch(/transactions\s+1 rows\s+1 partitions/);
    expect(io.text()).not.toContain('transaction_items');
    const full = captureIo();
    expect(await backfillCommand(['--full-refresh'], full)).toBe(0);
    expect(full.text()).toContain('Refreshing every day (--full-refresh;');
    expect(await count(lake, 'SELECT count(*) AS n FROM transactions')).toBe(4);
    await expect(backfillCommand(['--from', '2024-02-30'], captureIo())).rejects.toMatchObject({
      name: 'UsageError',
      message: '--from/--to: "2024-02-30" is not a yyyy-MM-dd day',
    });
    await expect(backfillCommand(['--from', '2024-04-12', '--to', '2024-04-10'], captureIo())).rejects.toThrow(/ends \(2024-04-10\) before it starts/);
    await expect(backfillCommand(['--from', '2024-04-10', '--full-refresh'], captureIo())).rejects.toThrow(/not both/);
  });

  it("test:data --select runs the selected models' tests only", async () => {
    const io = captureIo();
    expect(await testDataCommand(['--select', 'transactions'], io)).toBe(0);
    const ran = io.out.filter((l) => /^(ok|FAIL) /.test(l));
    expect(ran.length).toBeGreaterThan(0);
    expect(ran.every((l) => /^ok {3}transactions__/.test(l))).toBe(true);
  });

  it('a changed dimension input rebuilds its table, and every day when a mart reads it', async () => {
    await writeFile(path.join(lake, 'raw/stores/more.jsonl'), `${JSON.stringify({ store_id: 'S3', store_name: 'Gamma', store_location: 'Tromsø' })}\n`);
    const only = captureIo();
    expect(await backfillCommand(['--select', 'supermarkets'], only)).toBe(0);
    expect(only.text()).toContain(
      'Refreshing no partition day (1 of 4 raw object(s) new or changed):\n  supermarkets: input changed, rebuilt whole (unpartitioned)',
    );
    expect(await count(lake, 'SELECT count(*) AS n FROM supermarkets')).toBe(3);
    await rm(path.join(lake, 'raw/stores/more.jsonl'));
    const io = captureIo();
    expect(await backfillCommand([], io)).toBe(0);
    expect(io.text()).toContain('Refreshing every day (the input of pos_stores changed and mart daily_store_sales reads it on every day;');
    expect(await count(lake, 'SELECT count(*) AS n FROM supermarkets')).toBe(2);
  });

  it('every command documents the new flags in --help', async () => {
    for (const [cmd, flags] of [
      [migrateCommand, ['--select', '--exclude', '--state']],
      [backfillCommand, ['--select', '--from', '--to', '--full-refresh']],
      [testDataCommand, ['--select', '--exclude']],
    ] as const) {
      const io = captureIo();
      expect(await cmd(['--help'], io)).toBe(0);
      for (const f of flags) expect(io.text()).toContain(f);
    }
  });
});
