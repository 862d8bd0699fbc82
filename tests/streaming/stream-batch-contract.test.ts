import { DuckDBInstance } from '@duckdb/node-api';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLocalBackfill } from '../../src/batch/local-backfill.js';
import { compileProject } from '../../src/compiler/compile-project.js';
import { LocalObjectStore } from '../../src/storage/local-object-store.js';
import { createIngestHandler } from '../../src/streaming/ingest-handler.js';
import { FIXTURE_RAW, makeTempLake, migratedEngine, writeFixtureRaw } from '../support/fixture-lake.js';
import { projectConfig, projectModels } from '../support/project-files.js';
import { s3PutEvent } from '../support/s3-event.js';

const config = projectConfig();
const manifest = compileProject(await projectModels(), config).manifest!;

/** Transactions meant to stress the casts: midnight edges, fractional seconds, big quantities, unicode ids. */
const EXTRA = [
  { transaction_id: 'E-1', store_id: 'S2', transaction_datetime: '2024-04-10 23:59:59', items: [{ sku_id: 'A', quantity: 2147483647 }] },
  { transaction_id: 'E-2', store_id: 'S1', transaction_datetime: '2024-04-11 00:00:00', items: [{ sku_id: 'C', quantity: 1 }, { sku_id: 'C', quantity: 1 }] },
  { transaction_id: 'É-3 ünïcode', store_id: 'S1', transaction_datetime: '2024-04-12 07:08:09.123', items: [{ sku_id: 'B', quantity: 5 }], extra_field: 'ignored' },
];

describe('the stream and the batch job turn the same raw transactions into identical rows', () => {
  let batchLake: string;
  let streamLake: string;
  const db = DuckDBInstance.create(':memory:');

  beforeAll(async () => {
    const raw = [...FIXTURE_RAW['raw/transactions/part-00000.jsonl'], ...EXTRA].map((t) => JSON.stringify(t)).join('\n');
    batchLake = await makeTempLake('batch-');
    await writeFixtureRaw(batchLake);
    await writeFile(path.join(batchLake, 'raw/transactions/part-00000.jsonl'), raw);
    const engine = await migratedEngine(batchLake, manifest, config);
    await runLocalBackfill(engine, manifest, config, { runId: 'contract' });
    await engine.close();

    streamLake = await makeTempLake('stream-');
    const store = new LocalObjectStore(streamLake);
    const handle = createIngestHandler({ store, manifest });
    const { etag } = await store.put('incoming/all.jsonl', raw);
    const [report] = await handle(s3PutEvent('incoming/all.jsonl', etag));
    expect(report).toMatchObject({ landed: 7, rejected: 0 });
  });
  afterAll(async () => (await db).closeSync());

  async function rows(sql: string) {
    const c = await (await db).connect();
    try {
      return (await c.runAndReadAll(sql)).getRowObjectsJson();
    } finally {
      c.closeSync();
    }
  }

  for (const table of ['transactions', 'transaction_items']) {
    it(`${table}: same partition folders`, async () => {
      const dirs = async (lake: string) => (await readdir(path.join(lake, 'tables', table))).filter((d) => d.startsWith('dt=')).sort();
      expect(await dirs(streamLake)).toEqual(await dirs(batchLake));
      expect(await dirs(batchLake)).toEqual(['dt=2024-04-10', 'dt=2024-04-11', 'dt=2024-04-12']);
    });

    it(`${table}: same rows, every column and its type`, async () => {
      const read = (lake: string) =>
        rows(`SELECT COLUMNS(*), typeof(COLUMNS(*)) FROM read_parquet('${lake}/tables/${table}/*/*.parquet', hive_partitioning = true, hive_types = {'dt': VARCHAR}) ORDER BY ALL`);
      const batch = await read(batchLake);
      expect(batch.length).toBeGreaterThan(3);
      expect(await read(streamLake)).toEqual(batch);
    });

    it(`${table}: same Parquet physical and logical types`, async () => {
      const schema = (lake: string) =>
        rows(`SELECT DISTINCT name, type, converted_type, logical_type, scale, precision FROM parquet_schema('${lake}/tables/${table}/*/*.parquet') WHERE type IS NOT NULL ORDER BY name`);
      const batch = await schema(batchLake);
      expect(await schema(streamLake)).toEqual(batch);
      if (table === 'transactions') {
        expect(batch.find((c) => c.name === 'transaction_datetime')).toMatchObject({ type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' });
      }
    });
  }

  it('fractional seconds are kept to the millisecond on both paths', async () => {
    const r = await rows(`SELECT CAST(transaction_datetime AS VARCHAR) AS ts FROM read_parquet('${streamLake}/tables/transactions/dt=2024-04-12/*.parquet')`);
    expect(r).toEqual([{ ts: '2024-04-12 07:08:09.123' }]);
  });
});

void mkdir;
