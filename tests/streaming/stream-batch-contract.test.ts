import { DuckDBInstance } from '@duckdb/node-api';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLocalBackfill } from '../../src/batch/local-backfill.js';
import { backfillCommand } from '../../src/cli/commands/backfill-command.js';
import { compileProject } from '../../src/compiler/compile-project.js';
import { LocalObjectStore } from '../../src/storage/local-object-store.js';
import { createIngestHandler, type Rejection } from '../../src/streaming/ingest-handler.js';
import { FIXTURE_RAW, makeTempLake, migratedEngine, writeFixtureRaw } from '../support/fixture-lake.js';
import { projectConfig, projectModels } from '../support/project-files.js';
import { s3PutEvent } from '../support/s3-event.js';

const config = projectConfig();
const manifest = compileProject(await projectModels(), config).manifest!;

/** Transactions meant to stress the casts: midnight edges, fractional seconds, big quantities, unicode ids. */
const EXTRA = [
  { transaction_id: 'E-1', store_id: 'S2', transaction_datetime: '2024-04-10 23:59:59', items: [{ sku_id: 'A', quantity: 2147483647 }] },
  {
    transaction_id: 'E-2',
    store_id: 'S1',
    transaction_datetime: '2024-04-11 00:00:00',
    items: [
      { sku_id: 'C', quantity: 1 },
      { sku_id: 'C', quantity: 1 },
    ],
  },
  {
    transaction_id: 'É-3 ünïcode',
    store_id: 'S1',
    transaction_datetime: '2024-04-12 07:08:09.123',
    items: [{ sku_id: 'B', quantity: 5 }],
    extra_field: 'ignored',
  },
];

const ok = { store_id: 'S1', transaction_datetime: '2024-04-10 10:00:00', items: [{ sku_id: 'A', quantity: 1 }] };
/** One defect each; every path must reject exactly these, with the same reason. */
const BAD_LINES = [
  JSON.stringify({ ...ok, transaction_id: 'B-1', transaction_datetime: 'yesterday noon' }),
  JSON.stringify({ ...ok, transaction_id: 'B-2', transaction_datetime: '2024-02-30 10:00:00' }),
  JSON.stringify({ ...ok, transaction_id: 'B-3', transaction_datetime: '2024-04-10T10:00:00' }),
  JSON.stringify({ ...ok, transaction_id: 'B-4', transaction_datetime: '2024-04-10T10:00:00Z' }),
  JSON.stringify({ ...ok, transaction_id: 'B-5', transaction_datetime: '2024-04-10 10:00:00Z' }),
  JSON.stringify({ ...ok, transaction_id: 'B-6', items: [{ sku_id: 'A', quantity: 0 }] }),
  JSON.stringify({ ...ok, transaction_id: 'B-7', items: undefined }),
  JSON.stringify({ ...ok, transaction_id: 'B-8', items: [] }),
  JSON.stringify({ ...ok, transaction_id: 9 }),
  JSON.stringify({ ...ok, transaction_id: 'B-10', items: [{ sku_id: 'A', quantity: '2' }] }),
  JSON.stringify({ ...ok, transaction_id: 'B-11', items: [{ sku_id: 'A', quantity: 1.5 }] }),
  '{"transaction_id": "B-12", "store_id": "S1",',
  // Valid datetimes outside the accepted window (after the skew; before the projection's first day).
  JSON.stringify({ ...ok, transaction_id: 'B-13', transaction_datetime: '9999-12-31 23:59:59' }),
  JSON.stringify({ ...ok, transaction_id: 'B-14', transaction_datetime: '2023-12-31 23:59:59' }),
];

/** A parser's own words after "is not valid JSON:" differ between JavaScript and Python; the rest is the contract. */
function reasonOf(r: { reason: string }): string {
  return r.reason.replace(/( is not valid JSON):.*/, '$1');
}

describe('the stream, the DuckDB batch and the Glue job on Spark turn the same raw transactions into identical rows', () => {
  let duckLake: string;
  let sparkLake: string;
  let streamLake: string;
  let streamRejected: Rejection[];
  const sparkOut: string[] = [];
  const db = DuckDBInstance.create(':memory:');
  const good = [...FIXTURE_RAW['raw/transactions/part-00000.jsonl'], ...EXTRA].map((t) => JSON.stringify(t));
  const all = [...good.slice(0, 3), ...BAD_LINES.slice(0, 6), ...good.slice(3), ...BAD_LINES.slice(6)];

  beforeAll(async () => {
    duckLake = await makeTempLake('batch-');
    await writeFixtureRaw(duckLake);
    await writeFile(path.join(duckLake, 'raw/transactions/part-00000.jsonl'), all.join('\n'));
    const engine = await migratedEngine(duckLake, manifest, config);
    await runLocalBackfill(engine, manifest, config, { runId: 'contract' });
    await engine.close();

    streamLake = await makeTempLake('stream-');
    const store = new LocalObjectStore(streamLake);
    const { etag } = await store.put('incoming/all.jsonl', all.join('\n'));
    const [report] = await createIngestHandler({ store, manifest })(s3PutEvent('incoming/all.jsonl', etag));
    expect(report).toMatchObject({ landed: 7, rejected: BAD_LINES.length });
    const [rejectedFile] = await readdir(path.join(streamLake, 'rejected/2024-04-10'));
    streamRejected = JSON.parse(await readFile(path.join(streamLake, 'rejected/2024-04-10', rejectedFile!), 'utf8')).rejected;

    // The Glue job through the command a user runs: one Spark start for this file.
    sparkLake = await makeTempLake('spark-');
    await writeFixtureRaw(sparkLake);
    await writeFile(path.join(sparkLake, 'raw/transactions/part-00000.jsonl'), all.join('\n'));
    const previous = process.env.LAKE_DIR;
    process.env.LAKE_DIR = sparkLake;
    try {
      const err: string[] = [];
      const code = await backfillCommand(
        ['--engine', 'spark'],
        { stdout: (s) => sparkOut.push(s), stderr: (s) => err.push(s) },
        () => new Date('2024-04-15T00:00:00Z'),
      );
      expect(err.join('\n')).toBe('');
      expect(code).toBe(0);
    } finally {
      if (previous === undefined) delete process.env.LAKE_DIR;
      else process.env.LAKE_DIR = previous;
    }
  }, 900_000);
  afterAll(async () => (await db).closeSync());

  async function rows(sql: string) {
    const c = await (await db).connect();
    try {
      await c.run(`SET TimeZone = 'UTC'`);
      return (await c.runAndReadAll(sql)).getRowObjectsJson();
    } finally {
      c.closeSync();
    }
  }

  it('the Spark command reports its progress per source and table', () => {
    const text = sparkOut.join('\n');
    expect(text).toContain(`pos_transactions: 7 records accepted, ${BAD_LINES.length} rejected`);
    expect(text).toMatch(/transaction_items: 3 partitions, 3 files/);
    expect(text).toMatch(/Spark backfill done in/);
  });

  for (const table of ['transactions', 'transaction_items']) {
    it(`${table}: same partition folders`, async () => {
      const dirs = async (lake: string) => (await readdir(path.join(lake, 'tables', table))).filter((d) => d.startsWith('dt=')).sort();
      expect(await dirs(duckLake)).toEqual(['dt=2024-04-10', 'dt=2024-04-11', 'dt=2024-04-12']);
      expect(await dirs(streamLake)).toEqual(await dirs(duckLake));
      expect(await dirs(sparkLake)).toEqual(await dirs(duckLake));
    });

    it(`${table}: same rows, every column and its type`, async () => {
      // Read as the declared columns are read (Athena, the local views): `timestamp` without zone.
      const read = (lake: string) =>
        rows(
          `SELECT COLUMNS(*), typeof(COLUMNS(*)) FROM (SELECT * REPLACE (CAST(transaction_datetime AS TIMESTAMP) AS transaction_datetime) FROM read_parquet('${lake}/tables/${table}/*/*.parquet', hive_partitioning = true, hive_types = {'dt': VARCHAR})) ORDER BY ALL`,
        );
      const batch = await read(duckLake);
      expect(batch.length).toBeGreaterThan(3);
      expect(await read(streamLake)).toEqual(batch);
      expect(await read(sparkLake)).toEqual(batch);
    });

    it(`${table}: same Parquet physical and logical types`, async () => {
      const schema = (lake: string) =>
        rows(
          `SELECT DISTINCT name, type, converted_type, logical_type, scale, precision FROM parquet_schema('${lake}/tables/${table}/*/*.parquet') WHERE type IS NOT NULL ORDER BY name`,
        );
      const batch = await schema(duckLake);
      expect(await schema(streamLake)).toEqual(batch);
      if (table === 'transactions') {
        expect(batch.find((c) => c.name === 'transaction_datetime')).toMatchObject({ type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' });
      }
      // Spark's Parquet writer annotates differently — the String logical type next to UTF8, no INT_32
      // on INT32, and isAdjustedToUTC=true on every TIMESTAMP (Spark 3.5's zone-less type exists only in
      // micros) — so the Glue job's files are compared on physical type, converted type, decimal
      // scale and precision, and timestamp unit: what Athena's Hive reader goes by.
      const physical = (s: Record<string, unknown>[]) =>
        s.map(({ logical_type, converted_type, ...c }) => ({
          ...c,
          converted_type: converted_type === 'INT_32' ? null : converted_type,
          unit: /MILLIS=MilliSeconds|MICROS=MicroSeconds|NANOS=NanoSeconds/.exec(String(logical_type))?.[0] ?? null,
        }));
      expect(physical(await schema(sparkLake))).toEqual(physical(batch));
    });
  }

  it('fractional seconds are kept to the millisecond on every path', async () => {
    for (const lake of [streamLake, duckLake, sparkLake]) {
      const r = await rows(
        `SELECT CAST(CAST(transaction_datetime AS TIMESTAMP) AS VARCHAR) AS ts FROM read_parquet('${lake}/tables/transactions/dt=2024-04-12/*.parquet')`,
      );
      expect(r, lake).toEqual([{ ts: '2024-04-12 07:08:09.123' }]);
    }
  });

  async function batchRejections(lake: string): Promise<{ key: string; line: number; reason: string; original: string }[]> {
    const dir = path.join(lake, 'rejected/batch');
    const [run] = await readdir(dir);
    const out: { key: string; line: number; reason: string; original: string }[] = [];
    for (const f of (await readdir(path.join(dir, run!, 'pos_transactions'))).filter((f) => f.endsWith('.json'))) {
      for (const line of (await readFile(path.join(dir, run!, 'pos_transactions', f), 'utf8')).split('\n')) if (line) out.push(JSON.parse(line));
    }
    return out.sort((a, b) => a.line - b.line);
  }

  it('the stream, the DuckDB batch and the Glue job reject the same records, with the same reasons', async () => {
    const asStream = (r: { line: number; reason: string; original: string }) => ({ line: r.line, reason: reasonOf(r), original: r.original });
    const spark = await batchRejections(sparkLake);
    const duck = await batchRejections(duckLake);
    expect(spark.map(asStream)).toEqual(streamRejected.map(asStream));
    // DuckDB's door uses the Lambda's own parser, so even the JSON error text is the same.
    expect(duck.map((r) => ({ line: r.line, reason: r.reason, original: r.original }))).toEqual(
      streamRejected.map((r) => ({ line: r.line, reason: r.reason, original: r.original })),
    );
    for (const r of [...spark, ...duck]) expect(r.key).toMatch(/raw\/transactions\/part-00000\.jsonl$/);
    expect(streamRejected.map((r) => r.reason)).toEqual(
      expect.arrayContaining([
        'transaction_datetime: cannot cast "2024-04-10T10:00:00" to timestamp (expected YYYY-MM-DD HH:MM:SS)',
        'transaction_datetime: "2024-02-30 10:00:00" is not a valid date and time',
        'transaction_items.quantity must be ≥ 1, got 0',
        'items: items must have at least one element',
        'transaction_datetime: 9999-12-31 23:59:59.000 is outside the accepted window (more than 1440 minutes in the future)',
        'transaction_datetime: 2023-12-31 23:59:59.000 is outside the accepted window (before the first accepted day 2024-01-01)',
      ]),
    );
  });
});
