import { DuckDBInstance } from '@duckdb/node-api';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshnessHandler } from '../../dashboard/server/panel-handlers.js';
import type { PanelQuery } from '../../dashboard/server/panel-queries.js';
import { runLocalBackfill } from '../../src/batch/local-backfill.js';
import { defineConfig } from '../../src/config/define-config.js';
import { duckdbRenderer } from '../../src/dialects/duckdb/duckdb-renderer.js';
import { LocalObjectStore } from '../../src/storage/local-object-store.js';
import { createIngestHandler } from '../../src/streaming/ingest-handler.js';
import { makeTempLake, migratedEngine, writeFixtureRaw } from '../support/fixture-lake.js';
import { s3PutEvent } from '../support/s3-event.js';
import { jsonl, lakeCounts, projectWith, rejectedReasons, tx, type Tx } from './reliability-fixture.js';

const NOW = new Date('2024-04-12T12:00:00Z');

/** Lands `txs` through the stream handler and, in a second lake, through the DuckDB backfill. */
async function bothPaths(txs: readonly Tx[], input: Parameters<typeof projectWith>[0] = {}) {
  const { config, manifest } = await projectWith(input);
  const streamLake = await makeTempLake('stream-');
  const store = new LocalObjectStore(streamLake);
  const handle = createIngestHandler({ store, manifest, clock: () => NOW });
  const { etag } = await store.put('incoming/all.jsonl', jsonl(txs));
  const [report] = await handle(s3PutEvent('incoming/all.jsonl', etag));

  const batchLake = await makeTempLake('batch-');
  await writeFixtureRaw(batchLake);
  await writeFile(path.join(batchLake, 'raw/transactions/part-00000.jsonl'), jsonl(txs));
  const engine = await migratedEngine(batchLake, manifest, config);
  try {
    await runLocalBackfill(engine, manifest, config, { runId: 'window', clock: () => NOW });
  } finally {
    await engine.close();
  }
  return { config, manifest, streamLake, batchLake, report: report! };
}

async function rowsOf(lake: string, table: string, columns: string): Promise<unknown[]> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    const glob = path.join(lake, 'tables', table, '*', '*.parquet').replace(/'/g, "''");
    return (await c.runAndReadAll(`SELECT ${columns} FROM read_parquet('${glob}', hive_partitioning = true) ORDER BY ALL`)).getRowObjectsJson();
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

describe('accepted datetime window (issue 14 #6)', () => {
  const inside = [tx('IN-1', '2024-04-10 09:00:00', 2), tx('IN-2', '2024-01-01 00:00:00', 1), tx('IN-3', '2024-04-13 11:59:59', 3)];
  const outside = [tx('OUT-FAR', '9999-12-31 23:59:59', 5), tx('OUT-EARLY', '2023-12-31 23:59:59', 7), tx('OUT-SKEW', '2024-04-13 12:00:01', 1)];

  it('quarantines datetimes before dtRangeStart or beyond the skew in the stream and in the backfill, with the same reasons', async () => {
    const { config, manifest, streamLake, batchLake, report } = await bothPaths([...inside, ...outside]);
    expect(report).toMatchObject({ landed: 3, rejected: 3 });
    const expected = { transactions: 3, distinct: 3, items: 3, units: 6 };
    expect(await lakeCounts(streamLake, manifest, config)).toEqual(expected);
    expect(await lakeCounts(batchLake, manifest, config)).toEqual(expected);
    const streamReasons = await rejectedReasons(streamLake);
    expect(streamReasons).toHaveLength(3);
    expect(streamReasons.join('\n')).toMatch(/9999-12-31 23:59:59\.000 is outside the accepted window \(more than 1440 minutes in the future\)/);
    expect(streamReasons.join('\n')).toMatch(/2023-12-31 23:59:59\.000 is outside the accepted window \(before the first accepted day 2024-01-01\)/);
    expect(await rejectedReasons(batchLake)).toEqual(streamReasons);
  });

  it('the skew is configurable (ingest.maxFutureSkewMinutes)', async () => {
    const { report } = await bothPaths([...inside, ...outside], { ingest: { maxFutureSkewMinutes: 2 * 24 * 60 } });
    expect(report).toMatchObject({ landed: 4, rejected: 2 });
  });

  it('the defaults live in the config: one day of skew, the projection start as the lower bound', () => {
    const c = defineConfig();
    expect(c.ingest.maxFutureSkewMinutes).toBe(1440);
    expect(() => defineConfig({ ingest: { maxFutureSkewMinutes: -1 } })).toThrow(/maxFutureSkewMinutes/);
    expect(() => defineConfig({ projection: { dtRangeStart: '0000-01-01' } })).toThrow(/0001-01-01 or later/);
  });
});

describe('years 0001–0099 (issue 14 #5): the stream and the batch agree on every accepted datetime', () => {
  const early = [
    tx('Y-0001', '0001-01-01 00:00:00'),
    tx('Y-0050', '0050-03-01 10:00:00'),
    tx('Y-0099', '0099-12-31 23:59:59.5'),
    tx('Y-0100', '0100-01-01 00:00:00'),
    tx('Y-1999', '1999-12-31 23:59:59'),
    tx('Y-2024', '2024-02-29 12:34:56.789'),
  ];

  it('identical timestamps and dt partitions through both paths', async () => {
    const { streamLake, batchLake, report } = await bothPaths(early, { projection: { dtRangeStart: '0001-01-01' } });
    expect(report).toMatchObject({ landed: 6, rejected: 0 });
    const cols = 'transaction_id, CAST(transaction_datetime AS VARCHAR) AS ts, dt';
    const stream = await rowsOf(streamLake, 'transactions', cols);
    expect(stream).toEqual(await rowsOf(batchLake, 'transactions', cols));
    expect(stream).toContainEqual({ transaction_id: 'Y-0050', ts: '0050-03-01 10:00:00', dt: '0050-03-01' });
    expect(await rowsOf(streamLake, 'transaction_items', 'transaction_id, dt')).toEqual(await rowsOf(batchLake, 'transaction_items', 'transaction_id, dt'));
  });
});

describe('the dashboard stays sane whatever is in the lake (issue 14 #6)', () => {
  it('a 9999-12-31 row that predates the window neither makes the age negative nor moves the default range', async () => {
    // A lake written before the window existed: the skew is set wide enough to let the far-future row in.
    const { config, manifest } = await projectWith({ ingest: { maxFutureSkewMinutes: 5_000_000_000 } });
    const lake = await makeTempLake('poisoned-');
    const store = new LocalObjectStore(lake);
    const handle = createIngestHandler({ store, manifest, clock: () => NOW });
    const { etag } = await store.put('incoming/p.jsonl', jsonl([tx('OK-1', '2024-04-12 11:00:00'), tx('FAR', '9999-12-31 23:59:59')]));
    expect((await handle(s3PutEvent('incoming/p.jsonl', etag)))[0]).toMatchObject({ landed: 2, rejected: 0 });
    const engine = await migratedEngine(lake, manifest, config);
    try {
      const renderer = duckdbRenderer(config);
      const ctx = {
        run: (s: PanelQuery) => engine.query(renderer.renderQuery(s).sql, renderer.renderQuery(s).params),
        clock: () => NOW,
        ingestMetrics: async () => undefined,
      };
      const { json } = await freshnessHandler(new URLSearchParams(), ctx);
      expect(json).toMatchObject({ newestTransaction: '2024-04-12 11:00:00', newestDay: '2024-04-12', ageSeconds: 3600 });
    } finally {
      await engine.close();
    }
  });
});
