import { DuckDBInstance } from '@duckdb/node-api';
import { mkdir, mkdtemp, rm, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parquetFilesSelect } from '../../../src/dialects/duckdb/parquet-files-select.js';
import { PartitionReadPlanner } from '../../../src/engines/local/partition-read-plan.js';

let dir: string;
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('PartitionReadPlanner', () => {
  it('reads uniform partitions without union_by_name, a mixed one with it, and gives the same rows as one union_by_name glob', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'prune-'));
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    const t = path.join(dir, 'tables', 't');
    for (const d of ['dt=2024-01-01', 'dt=2024-01-02', 'dt=2024-01-03']) await mkdir(path.join(t, d), { recursive: true });
    // Day 1 written before column b existed; day 2 after; day 3 holds both (b added mid-day).
    await c.run(`COPY (SELECT 1 AS a) TO '${t}/dt=2024-01-01/f1.parquet'`);
    await c.run(`COPY (SELECT 2 AS a, 'x' AS b) TO '${t}/dt=2024-01-02/f2.parquet'`);
    await c.run(`COPY (SELECT 3 AS a) TO '${t}/dt=2024-01-03/f3.parquet'`);
    await c.run(`COPY (SELECT 4 AS a, 'y' AS b) TO '${t}/dt=2024-01-03/f4.parquet'`);
    const { reads } = await new PartitionReadPlanner(dir).plan('tables/t/');
    expect(reads).toEqual([
      { globs: ['tables/t/dt=2024-01-01/*.parquet'], unionByName: false },
      { globs: ['tables/t/dt=2024-01-02/*.parquet'], unionByName: false },
      { globs: ['tables/t/dt=2024-01-03/*.parquet'], unionByName: true },
    ]);
    await c.run(`SET VARIABLE lake_dir = '${dir}'`);
    const spec = {
      columns: [
        { name: 'a', type: { kind: 'integer' } },
        { name: 'b', type: { kind: 'varchar' } },
      ],
      partitionedBy: [{ name: 'dt', type: { kind: 'varchar' } }],
    } as const;
    const rows = async (sql: string) => (await c.runAndReadAll(`SELECT a, b, dt, file FROM (${sql}) ORDER BY a`)).getRowObjectsJson();
    const planned = await rows(parquetFilesSelect({ ...spec, reads }));
    const single = await rows(parquetFilesSelect({ ...spec, reads: [{ globs: ['tables/t/*/*.parquet'], unionByName: true }] }));
    expect(planned).toEqual(single);
    expect(planned.map((r) => r.b)).toEqual([null, 'x', null, 'y']);
    // A day's query opens that day's files only: DuckDB's profile counts the files it read.
    await c.run('PRAGMA enable_profiling = json');
    await c.run("SET profiling_output = ''");
    const explain = await c.runAndReadAll(`EXPLAIN ANALYZE SELECT count(*) FROM (${parquetFilesSelect({ ...spec, reads })}) WHERE dt = '2024-01-02'`);
    const text = JSON.stringify(explain.getRowObjectsJson());
    expect(text).toMatch(/Total Files Read[^0-9]*1\b/);
    c.closeSync();
    db.closeSync();
  });

  it('leaves streamed files to the cache, globs the others by prefix, and tells when files changed under a plan', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'prune-'));
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    const day = path.join(dir, 'tables', 't', 'dt=2024-01-01');
    await mkdir(day, { recursive: true });
    const write = (name: string) => c.run(`COPY (SELECT 1 AS a) TO '${day}/${name}'`);
    for (const f of ['batch-00000.parquet', 'stream-a.parquet', 'stream-b.parquet']) await write(f);
    const planner = new PartitionReadPlanner(dir);
    const plan = await planner.plan('tables/t/');
    expect(plan.reads).toEqual([{ globs: ['tables/t/dt=2024-01-01/batch-*.parquet'], unionByName: false }]);
    expect([...plan.streamed]).toEqual([['tables/t/dt=2024-01-01/', { streamed: ['stream-a.parquet', 'stream-b.parquet'], patterns: ['batch-*.parquet'] }]]);
    expect(await planner.changedSince(plan)).toBe(false);
    // A file landing after the plan was made is simply not in this answer: it landed after the query began.
    await write('stream-c.parquet');
    expect(await planner.changedSince(plan)).toBe(false);
    // A merged file the globs miss, or a cached file deleted: an answer read by this plan is read again.
    await write('compact-1.parquet');
    expect(await planner.changedSince(plan)).toBe(true);
    await unlink(path.join(day, 'compact-1.parquet'));
    await unlink(path.join(day, 'stream-a.parquet'));
    expect(await planner.changedSince(plan)).toBe(true);
    // Listed long after the folder's last change (a clock 10 s ahead): an unchanged folder time is
    // proof enough, and a deletion changes it.
    const settled = new PartitionReadPlanner(dir, () => Date.now() + 10_000);
    const later = await settled.plan('tables/t/');
    expect(later.streamed.get('tables/t/dt=2024-01-01/')?.settledMtimeMs).toBeGreaterThan(0);
    expect(await settled.changedSince(later)).toBe(false);
    await unlink(path.join(day, 'stream-b.parquet'));
    expect(await settled.changedSince(later)).toBe(true);
    c.closeSync();
    db.closeSync();
  });

  it('plans a table partitioned by two columns (one folder level per column) with the rows of one glob', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'prune-'));
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    const t = path.join(dir, 'tables', 't');
    const files: [string, string][] = [
      ['dt=2024-01-01/store=S1', 'SELECT 1 AS a'],
      ['dt=2024-01-01/store=S2', "SELECT 2 AS a, 'x' AS b"],
      ['dt=2024-01-02/store=S1', "SELECT 3 AS a, 'y' AS b"],
    ];
    for (const [folder, select] of files) {
      await mkdir(path.join(t, folder), { recursive: true });
      await c.run(`COPY (${select}) TO '${t}/${folder}/batch-00000.parquet'`);
    }
    const { reads } = await new PartitionReadPlanner(dir).plan('tables/t/', 2);
    expect(reads).toEqual([
      { globs: ['tables/t/dt=2024-01-01/store=S1/*.parquet'], unionByName: false },
      { globs: ['tables/t/dt=2024-01-01/store=S2/*.parquet', 'tables/t/dt=2024-01-02/store=S1/*.parquet'], unionByName: false },
    ]);
    await c.run(`SET VARIABLE lake_dir = '${dir}'`);
    const spec = {
      columns: [
        { name: 'a', type: { kind: 'integer' } },
        { name: 'b', type: { kind: 'varchar' } },
      ],
      partitionedBy: [
        { name: 'dt', type: { kind: 'varchar' } },
        { name: 'store', type: { kind: 'varchar' } },
      ],
    } as const;
    const rows = async (sql: string) => (await c.runAndReadAll(`SELECT a, b, dt, store, file FROM (${sql}) ORDER BY a`)).getRowObjectsJson();
    const planned = await rows(parquetFilesSelect({ ...spec, reads }));
    expect(planned).toEqual(await rows(parquetFilesSelect({ ...spec, reads: [{ globs: ['tables/t/*/*/*.parquet'], unionByName: true }] })));
    expect(planned.map((r) => [r.a, r.b, r.dt, r.store])).toEqual([
      [1, null, '2024-01-01', 'S1'],
      [2, 'x', '2024-01-01', 'S2'],
      [3, 'y', '2024-01-02', 'S1'],
    ]);
    c.closeSync();
    db.closeSync();
  });
});
