import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBenchContext, openMigratedEngine } from '../../bench/lib/bench-context.js';
import type { BenchContext, HistoryFixture } from '../../bench/lib/bench-context.js';
import { assertSameAnswers, dashboardQuestions, DifferentAnswersError, normalizeRow } from '../../bench/lib/dashboard-questions.js';
import type { OriginalLayout } from '../../bench/lib/original-layout.js';
import { PlainDuckDb } from '../../bench/lib/plain-duckdb.js';
import { loadProject } from '../../src/cli/project.js';

const N = 5_000;
let ctx: BenchContext & { dispose(): Promise<void> };
let lake: HistoryFixture;
let orig: OriginalLayout;

beforeAll(async () => {
  const { config, manifest } = await loadProject();
  ctx = await createBenchContext({ quick: true, config, manifest, log: () => {} });
  lake = await ctx.lake(N);
  orig = await ctx.originalLayout(N);
});
afterAll(async () => ctx?.dispose());

describe('the original layout writer', () => {
  it('writes exactly one file per transaction, named by its id, in its store folder, holding that raw line', async () => {
    expect(orig.files).toBe(N);
    const rawLines = (await Promise.all((await readdir(lake.rawTransactionsDir)).sort().map((f) => readFile(path.join(lake.rawTransactionsDir, f), 'utf8'))))
      .join('')
      .split('\n')
      .filter(Boolean);
    expect(rawLines).toHaveLength(N);
    let files = 0;
    let bytes = 0;
    const byId = new Map(rawLines.map((l) => [(JSON.parse(l) as { transaction_id: string }).transaction_id, l]));
    for (const store of await readdir(orig.dir)) {
      for (const name of await readdir(path.join(orig.dir, store))) {
        const text = await readFile(path.join(orig.dir, store, name), 'utf8');
        const lines = text.split('\n').filter(Boolean);
        expect(lines).toHaveLength(1);
        const record = JSON.parse(lines[0] as string) as { transaction_id: string; store_id: string };
        expect(name).toBe(`${record.transaction_id}.json`);
        expect(store).toBe(record.store_id);
        expect(lines[0]).toBe(byId.get(record.transaction_id));
        byId.delete(record.transaction_id);
        files++;
        bytes += Buffer.byteLength(text);
      }
    }
    expect(files).toBe(N);
    expect(byId.size).toBe(0);
    expect(bytes).toBe(orig.bytes);
  });
});

describe('the dashboard questions', () => {
  it('are answered identically by our Parquet layout and by the original layout', async () => {
    const range = { from: lake.summary.startDate, to: lake.summary.endDate };
    const questions = dashboardQuestions(range, lake.summary.endDate, { transactionsGlob: orig.glob, skusFile: lake.skusFile, storesFile: lake.storesFile });
    expect(questions.map((q) => q.name)).toEqual(['sales by store', 'top 10 SKUs', 'hourly revenue', 'KPIs', 'KPIs, one day']);
    const engine = await openMigratedEngine(lake.lakeDir, ctx.manifest, ctx.config);
    const plain = await PlainDuckDb.open();
    try {
      for (const q of questions) {
        const ours = (await engine.query(q.ours.sql, q.ours.params)).rows;
        const original = await plain.query(q.original.sql, q.original.params);
        expect(() => assertSameAnswers(q.name, ours, original)).not.toThrow();
        if (q.name === 'KPIs') expect(normalizeRow(ours[0]!)[1]).toBe(String(N));
      }
      // And the check has teeth: a different day is a different answer.
      const kpis = questions.find((q) => q.name === 'KPIs, one day')!;
      const otherDay = await plain.query(kpis.original.sql, [lake.summary.startDate, lake.summary.startDate]);
      const oursOneDay = (await engine.query(kpis.ours.sql, kpis.ours.params)).rows;
      expect(() => assertSameAnswers('KPIs, one day', oursOneDay, otherDay)).toThrow(DifferentAnswersError);
    } finally {
      plain.close();
      await engine.close();
    }
  });
});

describe('assertSameAnswers', () => {
  it('ignores representation (HUGEINT strings vs numbers, trailing decimal zeros) but not values', () => {
    expect(normalizeRow({ a: '12.50', b: 3, c: '007', d: null, e: 'STORE0001', f: '-0.00' })).toEqual(['12.5', '3', '7', 'NULL', 'STORE0001', '0']);
    expect(() => assertSameAnswers('q', [{ n: '3', r: '1.10' }], [{ n: 3, r: '1.1' }])).not.toThrow();
    expect(() => assertSameAnswers('q', [{ n: '3' }], [{ n: '4' }])).toThrow(/row 1/);
    expect(() => assertSameAnswers('q', [{ n: '3' }], [])).toThrow(/1 rows vs 0/);
    expect(() => assertSameAnswers('q', [], [])).toThrow(DifferentAnswersError);
    expect(() => assertSameAnswers('q', [{ n: null }], [{ n: null }])).toThrow(/only NULLs/);
  });
});
