import { DuckDBInstance } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import { copyFile, cp, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLocalBackfill } from '../../../src/batch/local-backfill.js';
import { compileProject } from '../../../src/compiler/compile-project.js';
import { enginesCacheDir } from '../../../src/engines/spark/pyspark-installer.js';
import { runSparkBackfill } from '../../../src/engines/spark/spark-backfill.js';
import { LocalObjectStore } from '../../../src/storage/local-object-store.js';
import { createIngestHandler } from '../../../src/streaming/ingest-handler.js';
import { makeTempLake, migratedEngine, writeFixtureRaw } from '../../support/fixture-lake.js';
import { projectConfig, projectModels, ROOT } from '../../support/project-files.js';
import { s3PutEvent } from '../../support/s3-event.js';

const config = projectConfig();
const manifest = compileProject(await projectModels(), config).manifest!;

/** Streamed after the history: one on a day the batch also writes (2024-04-10), one on a day only the stream has. */
const STREAMED = [
  { transaction_id: 'S-1', store_id: 'S2', transaction_datetime: '2024-04-10 20:00:00', items: [{ sku_id: 'B', quantity: 4 }] },
  { transaction_id: 'S-2', store_id: 'S1', transaction_datetime: '2024-04-13 08:30:00', items: [{ sku_id: 'A', quantity: 1 }] },
];

async function files(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const full = path.join(e.parentPath, e.name);
    out.set(
      path.relative(dir, full),
      createHash('sha256')
        .update(await readFile(full))
        .digest('hex'),
    );
  }
  return out;
}

describe('the Glue job on Spark replaces only its own files (issue 13.4)', () => {
  let shared: string; // batch + stream + compacted files, backfilled twice by Spark
  let once: string; // the same, backfilled once by Spark
  let duck: string; // the raw files alone, backfilled by DuckDB
  let before: Map<string, string>;
  const db = DuckDBInstance.create(':memory:');

  beforeAll(async () => {
    shared = await makeTempLake('spark-shared-');
    await writeFixtureRaw(shared);
    const store = new LocalObjectStore(shared);
    const { etag } = await store.put('incoming/live.jsonl', STREAMED.map((t) => JSON.stringify(t)).join('\n'));
    const [report] = await createIngestHandler({ store, manifest })(s3PutEvent('incoming/live.jsonl', etag));
    expect(report).toMatchObject({ landed: 2, rejected: 0 });
    // A compacted file and a batch file an earlier, larger run left behind, on the day both write.
    const day = path.join(shared, 'tables/transactions/dt=2024-04-10');
    const [streamed] = (await readdir(day)).filter((f) => f.startsWith('stream-'));
    await copyFile(path.join(day, streamed!), path.join(day, 'compact-0001.parquet'));
    await copyFile(path.join(day, streamed!), path.join(day, 'batch-00007.parquet'));
    before = await files(path.join(shared, 'tables'));
    once = await makeTempLake('spark-once-');
    await cp(shared, once, { recursive: true });

    duck = await makeTempLake('spark-duck-');
    await writeFixtureRaw(duck);
    const engine = await migratedEngine(duck, manifest, config);
    await runLocalBackfill(engine, manifest, config, { runId: 'duck' });
    await engine.close();

    // One Spark session for the three runs: the JVM start is the expensive part.
    await runSparkBackfill({
      projectRoot: ROOT,
      config,
      enginesDir: enginesCacheDir(),
      runs: [
        { lakeDir: shared, runId: 'first' },
        { lakeDir: shared, runId: 'rerun' },
        { lakeDir: once, runId: 'once' },
      ],
    });
  }, 900_000);
  afterAll(async () => (await db).closeSync());

  /**
   * Spark 3.5 writes every TIMESTAMP column UTC-adjusted (isAdjustedToUTC=true; its NTZ type only in
   * micros), the stream and DuckDB not; the INT64 millisecond values are the same, and a reader of
   * the declared `timestamp` column (Athena; the local engine's views, in UTC) sees the same value.
   */
  async function rows(glob: string) {
    const c = await (await db).connect();
    try {
      await c.run(`SET TimeZone = 'UTC'`);
      const hasTs = glob.includes('/transaction');
      const select = hasTs ? `* REPLACE (CAST(transaction_datetime AS TIMESTAMP) AS transaction_datetime)` : '*';
      const hive = glob.includes('/*/') ? `, hive_partitioning = true, hive_types = {'dt': VARCHAR}` : '';
      return (await c.runAndReadAll(`SELECT ${select} FROM read_parquet('${glob}'${hive}) ORDER BY ALL`)).getRowObjectsJson();
    } finally {
      c.closeSync();
    }
  }

  it('every streamed and compacted file is still there, byte for byte', async () => {
    const after = await files(path.join(shared, 'tables'));
    const others = [...before].filter(([name]) => !path.basename(name).startsWith('batch-'));
    expect(others.length).toBeGreaterThanOrEqual(6); // stream files of two tables on two days, the compacted one, the ledger entry
    for (const [name, hash] of others) expect(after.get(name), name).toBe(hash);
  });

  it('the streamed rows are still read beside the backfilled ones', async () => {
    const ids = (await rows(`${shared}/tables/transactions/*/*.parquet`)).map((r) => r.transaction_id);
    expect(ids).toEqual(expect.arrayContaining(['S-1', 'S-2', 'T1', 'T2', 'T3', 'T4']));
  });

  it('only batch-NNNNN files are replaced: the stale batch-00007 is gone, no staging folder is left', async () => {
    const day = await readdir(path.join(shared, 'tables/transactions/dt=2024-04-10'));
    expect(day.filter((f) => f.startsWith('batch-'))).toEqual(['batch-00000.parquet']);
    expect((await readdir(path.join(shared, 'tables'))).filter((d) => d.startsWith('.'))).toEqual([]);
  });

  it('a rerun gives the same rows as one run, and the batch rows are the DuckDB backfill’s', async () => {
    for (const table of ['transactions', 'transaction_items', 'skus', 'supermarkets']) {
      const glob = table.startsWith('trans') ? `*/batch-*.parquet` : 'batch-*.parquet';
      const twice = await rows(`${shared}/tables/${table}/${glob}`);
      expect(twice.length, table).toBeGreaterThan(1);
      expect(await rows(`${once}/tables/${table}/${glob}`), table).toEqual(twice);
      expect(await rows(`${duck}/tables/${table}/${glob}`), table).toEqual(twice);
    }
  });
});
