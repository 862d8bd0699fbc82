import { DuckDBInstance } from '@duckdb/node-api';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
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
    const reads = await new PartitionReadPlanner(dir).plan('tables/t/');
    expect(reads).toEqual([
      { globs: ['tables/t/dt=2024-01-01/*.parquet'], unionByName: false },
      { globs: ['tables/t/dt=2024-01-02/*.parquet'], unionByName: false },
      { globs: ['tables/t/dt=2024-01-03/*.parquet'], unionByName: true },
    ]);
    await c.run(`SET VARIABLE lake_dir = '${dir}'`);
    const spec = { columns: [{ name: 'a', type: { kind: 'integer' } }, { name: 'b', type: { kind: 'varchar' } }], partitionedBy: [{ name: 'dt', type: { kind: 'varchar' } }] } as const;
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
});
