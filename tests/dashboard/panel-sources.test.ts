import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardServer, type DashboardServer } from '../../dashboard/server/create-dashboard-server.js';
import { PANELS } from '../../dashboard/server/panels.js';
import { generateHistory } from '../../producer/history/generate-history.js';
import { readDayAggregates } from '../../src/aggregates/refresh-day-aggregates.js';
import { runLocalBackfill } from '../../src/batch/local-backfill.js';
import { compactTables } from '../../src/compaction/compact-table.js';
import { compileProject } from '../../src/compiler/compile-project.js';
import type { Engine } from '../../src/engines/engine.js';
import type { LocalEngine } from '../../src/engines/local/local-engine.js';
import type { Manifest } from '../../src/manifest/manifest.js';
import { LocalObjectStore } from '../../src/storage/local-object-store.js';
import { createIngestHandler } from '../../src/streaming/ingest-handler.js';
import { makeTempLake, migratedEngine } from '../support/fixture-lake.js';
import { projectConfig, projectModels } from '../support/project-files.js';
import { s3PutEvent } from '../support/s3-event.js';
import { SseClient } from './sse-client.js';

/**
 * The dashboard as served: one server answering from the aggregates, one scanning the views, on
 * one lake (DuckDB over real Parquet). Every panel of the registry must answer the same JSON, but
 * for `source`, after streamed files, late files into an older day, and a real compaction.
 */
const NOW = new Date('2024-05-02T12:00:00Z');
const TABLES = 'tables/';
/** The panels the aggregates answer; any other panel of the registry still has to match (scan both sides). */
const AGGREGATED = new Set(['freshness', 'kpis', 'sales-by-store', 'top-skus', 'hourly', 'stores']);

let lakeDir: string;
let engine: LocalEngine;
let store: LocalObjectStore;
let manifest: Manifest;
let days: string[];
let stores: string[];
let skuIds: string[];
let withAggregates: DashboardServer;
let scanOnly: DashboardServer;
let urls: { aggregates: string; scan: string };
const warnings: string[] = [];

beforeAll(async () => {
  lakeDir = await makeTempLake('panel-sources-');
  store = new LocalObjectStore(lakeDir);
  await generateHistory({ stores: 3, skus: 200, transactions: 3000, days: 3, seed: 7 }, { store, clock: () => new Date('2024-05-01T10:00:00Z') });
  const config = projectConfig();
  manifest = compileProject(await projectModels(), config).manifest!;
  engine = await migratedEngine(lakeDir, manifest, config);
  await runLocalBackfill(engine, manifest, config, { runId: 'history' });
  days = (await engine.query('SELECT DISTINCT dt FROM transaction_items ORDER BY dt')).rows.map((r) => String(r.dt));
  stores = (await engine.query('SELECT store_id FROM supermarkets ORDER BY store_id')).rows.map((r) => String(r.store_id));
  skuIds = (await engine.query('SELECT sku_id FROM skus ORDER BY sku_id LIMIT 3')).rows.map((r) => String(r.sku_id));
  const clock = () => NOW;
  withAggregates = createDashboardServer({ engine, clock, aggregates: { store, tablesPrefix: TABLES, writeEveryMs: 0 }, warn: (m) => warnings.push(m) });
  scanOnly = createDashboardServer({ engine, clock });
  urls = { aggregates: (await withAggregates.listen(0)).url, scan: (await scanOnly.listen(0)).url };
}, 180_000);

afterAll(async () => {
  await withAggregates?.close();
  await scanOnly?.close();
  await engine?.close();
  if (lakeDir) await rm(lakeDir, { recursive: true, force: true });
});

async function get(base: string, path: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${base}${path}`);
  expect(res.status, `${base}${path}`).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

/** Every registered panel, for one range (and store), answered by both servers. */
async function expectSameAnswers(query: Record<string, string>, expectedSource: 'aggregates' | 'scan'): Promise<void> {
  for (const panel of PANELS) {
    const q = new URLSearchParams({ ...(panel.filters === 'none' ? {} : query), ...(panel.filters === 'range' ? { store: '' } : {}), ...panel.params });
    if (panel.filters === 'range') q.delete('store');
    const path = `/api/${panel.id}?${q}`;
    const [a, s] = await Promise.all([get(urls.aggregates, path), get(urls.scan, path)]);
    if (AGGREGATED.has(panel.id)) {
      expect(s['source'], path).toBe('scan');
      // Freshness reads the last two days by the clock, not the range: checked on its own below.
      if (panel.id !== 'freshness') expect(a['source'], path).toBe(expectedSource);
    }
    const { source: _a, ...fromAggregates } = a;
    const { source: _s, ...fromScan } = s;
    expect(fromAggregates, path).toEqual(fromScan);
  }
}

async function everyRange(expectedSource: 'aggregates' | 'scan' = 'aggregates'): Promise<void> {
  await expectSameAnswers({ from: days[0]!, to: NOW.toISOString().slice(0, 10) }, expectedSource);
  await expectSameAnswers({ from: days[1]!, to: days[1]! }, expectedSource);
  await expectSameAnswers({ from: days[0]!, to: days[days.length - 1]!, store: stores[1]! }, expectedSource);
}

/** Lands one transaction through the streaming Lambda handler, as its own file. */
async function stream(id: string, storeId: string, datetime: string, landedAt: string): Promise<void> {
  const handle = createIngestHandler({ store, manifest, clock: () => new Date(landedAt) });
  const key = `incoming/${storeId}/${id}.json`;
  const { etag } = await store.put(
    key,
    JSON.stringify({
      transaction_id: id,
      store_id: storeId,
      transaction_datetime: datetime,
      items: [
        { sku_id: skuIds[0], quantity: 2 },
        { sku_id: skuIds[1], quantity: 1 },
      ],
    }),
  );
  const [report] = await handle(s3PutEvent(key, etag));
  expect(report).toMatchObject({ outcome: 'landed', landed: 1 });
}

describe('dashboard panels: aggregates and scan answer the same', () => {
  it('on the history: every panel, whole range, one day, one store', async () => {
    expect(days.length).toBe(3);
    await everyRange();
    // Nothing in the last two days: the freshness panel looks back a year, a range only the engine answers.
    expect(await get(urls.aggregates, '/api/freshness')).toMatchObject({ source: 'scan' });
  });

  it('after streamed files, today and late into an older day, and a real compaction', async () => {
    const today = NOW.toISOString().slice(0, 10);
    const sourcesOf = async (day: string) => Object.keys((await readDayAggregates(store, TABLES, day))!.sources).length;
    const historyFiles = await sourcesOf(days[0]!);
    await stream('SRC-LIVE-1', stores[0]!, `${today} 11:58:10`, `${today}T11:59:00Z`);
    await stream('SRC-LIVE-2', stores[1]!, `${today} 11:59:30`, `${today}T11:59:40Z`);
    // Late: a transaction of the first history day arrives now, into a partition already counted.
    await stream('SRC-LATE-1', stores[2]!, `${days[0]} 08:00:00`, `${today}T11:59:50Z`);
    await stream('SRC-LATE-2', stores[2]!, `${days[0]} 08:01:00`, `${today}T11:59:55Z`);
    await everyRange();
    const kpis = await get(urls.aggregates, `/api/kpis?from=${today}&to=${today}`);
    expect(kpis).toMatchObject({ transactions: 2, source: 'aggregates' });
    expect(await get(urls.aggregates, '/api/freshness')).toMatchObject({ newestTransaction: `${today} 11:59:30`, source: 'aggregates' });
    expect(await sourcesOf(days[0]!)).toBe(historyFiles + 2);

    const results = await compactTables(store, manifest, { settleMs: 0, graceMs: 600_000, tables: ['transaction_items'] });
    expect(results.find((p) => p.partition.includes(days[0]!))).toMatchObject({ inputFiles: 2, outputFiles: 1 });
    await everyRange();
    // The compacted day's aggregates count the merged file, not the two it superseded.
    expect(await sourcesOf(days[0]!)).toBe(historyFiles + 1);
    expect(warnings).toEqual([]);
  });

  it('a range the aggregates do not cover (older than 31 days) is scanned, with the same answer', async () => {
    await expectSameAnswers({ from: '2024-03-01', to: days[days.length - 1]! }, 'scan');
  });
});

describe('the change poll with aggregates', () => {
  it('refreshes the recent aggregates instead of querying the engine, and tells open pages when a file lands', async () => {
    const queries: string[] = [];
    const counting: Engine = {
      target: 'local',
      query: (sql, params) => {
        queries.push(sql);
        return engine.query(sql, params);
      },
      stream: (sql, params) => engine.stream(sql, params),
      readCatalog: () => engine.readCatalog(),
      close: async () => {},
    };
    const server = createDashboardServer({ engine: counting, clock: () => NOW, pollMs: 50, heartbeatMs: 1000, aggregates: { store, tablesPrefix: TABLES } });
    const base = (await server.listen(0)).url;
    const client = new SseClient(`${base}/api/events`);
    try {
      await client.connect();
      await client.next('ready');
      await new Promise((r) => setTimeout(r, 300)); // several polls
      const seen = client.events.length;
      const today = NOW.toISOString().slice(0, 10);
      await stream('SRC-POLL-1', stores[0]!, `${today} 11:59:59`, `${today}T12:00:00Z`);
      await client.next('changed', seen);
      const kpis = (await (await fetch(`${base}/api/kpis?from=${today}&to=${today}`)).json()) as Record<string, unknown>;
      // Today: the two transactions streamed by the test above, and this one.
      expect(kpis).toMatchObject({ transactions: 3, source: 'aggregates' });
      // Only the dimensions (SKU prices, store names), once: no query per poll, none per panel.
      expect(queries).toHaveLength(2);
      expect(queries.join('\n')).toMatch(/FROM skus[\s\S]*FROM supermarkets/);
    } finally {
      await client.close();
      await server.close();
    }
  });

  it('kept warm: with no request and no page watching, a server refreshes the recent days itself', async () => {
    const today = NOW.toISOString().slice(0, 10);
    const warm = createDashboardServer({ engine, clock: () => NOW, aggregates: { store, tablesPrefix: TABLES, writeEveryMs: 0 }, keepWarmMs: 25 });
    try {
      const counted = async () => Object.keys((await readDayAggregates(store, TABLES, today))?.sources ?? {}).length;
      const before = await counted();
      await stream('SRC-WARM-1', stores[0]!, `${today} 11:59:58`, `${today}T11:59:59Z`);
      for (let i = 0; i < 200 && (await counted()) === before; i++) await new Promise((r) => setTimeout(r, 25));
      expect(await counted()).toBe(before + 1);
    } finally {
      await warm.close();
    }
  });
});
