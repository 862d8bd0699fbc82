import { DuckDBInstance } from '@duckdb/node-api';
import { utimes } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLocalBackfill } from '../../../src/batch/local-backfill.js';
import { compileProject } from '../../../src/compiler/compile-project.js';
import type { LocalEngine } from '../../../src/engines/local/local-engine.js';
import { makeTempLake, migratedEngine, writeFixtureRaw } from '../../support/fixture-lake.js';
import { projectConfig, projectModels } from '../../support/project-files.js';

const config = projectConfig();

describe('a file of another schema landing between the read plan and the query', () => {
  let lake: string;
  let engine: LocalEngine;

  beforeAll(async () => {
    const manifest = compileProject(await projectModels(), config).manifest!;
    lake = await makeTempLake();
    await writeFixtureRaw(lake);
    engine = await migratedEngine(lake, manifest, config);
    await runLocalBackfill(engine, manifest, config, { runId: 'fixture' });
  });
  afterAll(() => engine?.close());

  it('is read by planning again (union_by_name for that partition), not lost and not an error', async () => {
    const day = path.join(lake, 'tables/transactions/dt=2024-04-10');
    // The folder looks settled to the planner, which then trusts its last listing of it.
    const settled = new Date(Date.now() - 60_000);
    await utimes(day, settled, settled);
    expect((await engine.query("SELECT count(*) AS n FROM transactions WHERE dt = '2024-04-10'")).rows).toEqual([{ n: '3' }]);
    // A file without transaction_datetime arrives, and the folder's time stays as it was (a coarse
    // clock): the plan still reads the partition as one schema, so DuckDB reports a schema mismatch.
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    await c.run(`COPY (SELECT 'T8' AS transaction_id, 'S2' AS store_id) TO '${day}/compact-late.parquet'`);
    c.closeSync();
    db.closeSync();
    await utimes(day, settled, settled);
    const rows = (await engine.query("SELECT transaction_id, transaction_datetime FROM transactions WHERE dt = '2024-04-10' ORDER BY transaction_id")).rows;
    expect(rows.map((r) => [r.transaction_id, r.transaction_datetime === null])).toEqual([
      ['T1', false],
      ['T2', false],
      ['T3', false],
      ['T8', true],
    ]);
  });
});
