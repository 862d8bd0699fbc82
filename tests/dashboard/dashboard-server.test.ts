import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardServer, type DashboardServer } from '../../dashboard/server/create-dashboard-server.js';
import { readIngestMetrics } from '../../dashboard/server/read-ingest-metrics.js';
import type { Engine } from '../../src/engines/engine.js';
import { QueryFailedError } from '../../src/engines/engine.js';
import { fixtureClock, openDashboardLake, type DashboardLake } from './dashboard-fixture.js';
import { SseClient } from './sse-client.js';

const METRICS = { p50Ms: 420, p95Ms: 1250, count: 37, updatedAt: '2024-04-11T17:59:58.000Z' };

describe('dashboard server over a fixture lake (values hand-computed in tests/support/fixture-lake.ts)', () => {
  let lake: DashboardLake;
  let server: DashboardServer;
  let base: string;

  beforeAll(async () => {
    lake = await openDashboardLake();
    await mkdir(path.join(lake.lakeDir, '_metrics'), { recursive: true });
    await writeFile(path.join(lake.lakeDir, '_metrics/ingest.json'), JSON.stringify(METRICS));
    server = createDashboardServer({ engine: lake.engine, clock: fixtureClock, freshness: () => readIngestMetrics(lake.lakeDir) });
    base = (await server.listen(0)).url;
  });
  afterAll(async () => {
    await server?.close();
    await lake?.engine.close();
  });

  const get = async (p: string) => {
    const res = await fetch(base + p);
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as Record<string, unknown> };
  };

  it('KPIs over two days and all stores: 41.46 from 4 transactions, 10 items, basket 10.365 rounded half up', async () => {
    const r = await get('/api/kpis?from=2024-04-10&to=2024-04-11');
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^application\/json/);
    expect(r.body).toEqual({
      from: '2024-04-10',
      to: '2024-04-11',
      store: null,
      revenue: '41.46',
      transactions: 4,
      items: 10,
      averageBasket: '10.37',
      source: 'scan',
    });
  });

  it('KPIs for one store and one day: S1 on 2024-04-10 is 17.97 from 2 transactions', async () => {
    const r = await get('/api/kpis?from=2024-04-10&to=2024-04-10&store=S1');
    expect(r.body).toEqual({
      from: '2024-04-10',
      to: '2024-04-10',
      store: 'S1',
      revenue: '17.97',
      transactions: 2,
      items: 6,
      averageBasket: '8.99',
      source: 'scan',
    });
  });

  it('KPIs of a range with no data are zeros, not nulls', async () => {
    const r = await get('/api/kpis?from=2023-01-01&to=2023-01-31');
    expect(r.body).toMatchObject({ revenue: '0.00', transactions: 0, items: 0, averageBasket: '0.00' });
  });

  it('without from/to the range is the last 7 days ending today by the injected clock', async () => {
    const r = await get('/api/kpis');
    expect(r.body).toMatchObject({ from: '2024-04-05', to: '2024-04-11', revenue: '41.46', transactions: 4 });
  });

  it('sales by store: totals per store in store order', async () => {
    const r = await get('/api/sales-by-store?from=2024-04-10&to=2024-04-11');
    expect(r.body.rows).toEqual([
      { store_id: 'S1', store_name: 'Alpha', transactions: 3, items: 9, revenue: '38.96' },
      { store_id: 'S2', store_name: 'Beta', transactions: 1, items: 1, revenue: '2.50' },
    ]);
  });

  it('top SKUs: units and revenue summed over the range, by revenue, limited', async () => {
    const r = await get('/api/top-skus?from=2024-04-10&to=2024-04-11');
    expect(r.body).toMatchObject({ limit: 10 });
    expect(r.body.rows).toEqual([
      { sku_id: 'B', product_name: 'Butter 500g', units: 3, revenue: '30.00' },
      { sku_id: 'A', product_name: 'Apples 1kg', units: 3, revenue: '7.50' },
      { sku_id: 'C', product_name: 'Cola 33cl', units: 4, revenue: '3.96' },
    ]);
    const two = await get('/api/top-skus?from=2024-04-10&to=2024-04-10&store=S1&limit=2');
    expect(two.body.rows).toEqual([
      { sku_id: 'B', product_name: 'Butter 500g', units: 1, revenue: '10.00' },
      { sku_id: 'A', product_name: 'Apples 1kg', units: 2, revenue: '5.00' },
    ]);
  });

  it('hourly revenue: all stores summed per hour, or one store', async () => {
    expect((await get('/api/hourly?from=2024-04-10&to=2024-04-11')).body.rows).toEqual([
      { hour: '2024-04-10 09:00:00', transactions: 2, revenue: '17.97' },
      { hour: '2024-04-10 18:00:00', transactions: 1, revenue: '2.50' },
      { hour: '2024-04-11 12:00:00', transactions: 1, revenue: '20.99' },
    ]);
    expect((await get('/api/hourly?from=2024-04-10&to=2024-04-11&store=S2')).body.rows).toEqual([
      { hour: '2024-04-10 18:00:00', transactions: 1, revenue: '2.50' },
    ]);
  });

  it('stores: those with sales in the range, with names', async () => {
    expect((await get('/api/stores?from=2024-04-10&to=2024-04-11')).body.stores).toEqual([
      { store_id: 'S1', store_name: 'Alpha' },
      { store_id: 'S2', store_name: 'Beta' },
    ]);
    expect((await get('/api/stores?from=2024-04-11&to=2024-04-11')).body.stores).toEqual([{ store_id: 'S1', store_name: 'Alpha' }]);
  });

  it('freshness: the newest transaction, its age by the clock, and the ingest metrics', async () => {
    const r = await get('/api/freshness');
    expect(r.body).toEqual({
      now: '2024-04-11T18:00:00.000Z',
      newestTransaction: '2024-04-11 12:00:00',
      newestDay: '2024-04-11',
      ageSeconds: 6 * 3600,
      ingest: METRICS,
      source: 'scan',
    });
  });

  it('CSV: each data endpoint with format=csv downloads the same rows with a named file', async () => {
    const res = await fetch(`${base}/api/sales-by-store?from=2024-04-10&to=2024-04-11&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="sales-by-store_2024-04-10_2024-04-11.csv"');
    expect(await res.text()).toBe('store_id,store_name,transactions,items,revenue\nS1,Alpha,3,9,38.96\nS2,Beta,1,1,2.50\n');

    const kpis = await fetch(`${base}/api/kpis?from=2024-04-10&to=2024-04-10&store=S1&format=csv`);
    expect(kpis.headers.get('content-disposition')).toBe('attachment; filename="kpis_2024-04-10_2024-04-10_S1.csv"');
    expect(await kpis.text()).toBe('revenue,transactions,items,average_basket\n17.97,2,6,8.99\n');

    const top = await fetch(`${base}/api/top-skus?from=2024-04-10&to=2024-04-11&limit=1&format=csv`);
    expect(await top.text()).toBe('sku_id,product_name,units,revenue\nB,Butter 500g,3,30.00\n');

    const hourly = await fetch(`${base}/api/hourly?from=2024-04-11&to=2024-04-11&format=csv`);
    expect(hourly.headers.get('content-disposition')).toBe('attachment; filename="hourly-revenue_2024-04-11_2024-04-11.csv"');
    expect(await hourly.text()).toBe('hour,transactions,revenue\n2024-04-11 12:00:00,1,20.99\n');

    const fresh = await fetch(`${base}/api/freshness?format=csv`);
    expect(await fresh.text()).toBe(
      'now,newest_transaction,newest_day,age_seconds,ingest_p50_ms,ingest_p95_ms,ingest_count,ingest_updated_at\n' +
        '2024-04-11T18:00:00.000Z,2024-04-11 12:00:00,2024-04-11,21600,420,1250,37,2024-04-11T17:59:58.000Z\n',
    );
  });

  it.each([
    ['/api/kpis?from=2024-04-10', /give both from and to/],
    ['/api/kpis?to=2024-04-10', /give both from and to/],
    ['/api/kpis?from=2024-4-10&to=2024-04-11', /from must be a calendar date written YYYY-MM-DD/],
    ['/api/sales-by-store?from=2024-02-30&to=2024-03-01', /from must be a calendar date/],
    ['/api/hourly?from=2024-04-10&to=tomorrow', /to must be a calendar date/],
    ['/api/kpis?from=2024-04-11&to=2024-04-10', /from \(2024-04-11\) is after to \(2024-04-10\): swap them/],
    ['/api/top-skus?from=2023-01-01&to=2024-01-02', /covers 367 days; choose at most 366/],
    ['/api/kpis?from=2024-04-10&to=2024-04-11&store=s1', /store must be a store id like STORE0001/],
    ['/api/kpis?from=2024-04-10&to=2024-04-11&store=%27%3B%20DROP%20VIEW%20x', /store must be a store id/],
    ['/api/top-skus?from=2024-04-10&to=2024-04-11&limit=0', /limit must be a whole number from 1 to 100/],
    ['/api/top-skus?from=2024-04-10&to=2024-04-11&limit=101', /limit must be a whole number from 1 to 100/],
    ['/api/top-skus?from=2024-04-10&to=2024-04-11&limit=ten', /limit must be a whole number/],
    ['/api/kpis?format=xml', /format must be json or csv/],
  ])('400 with a message saying what to do: %s', async (p, message) => {
    const r = await get(p);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(message);
  });

  it('a full leap year (366 days) is still accepted', async () => {
    expect((await get('/api/kpis?from=2024-01-01&to=2024-12-31')).status).toBe(200);
  });

  it('404 for unknown paths, API or not, and no way out of the public folder', async () => {
    expect((await get('/api/nope')).status).toBe(404);
    expect((await get('/nope.html')).status).toBe(404);
    for (const p of [
      '/..%2f..%2fpackage.json',
      '/../package.json',
      '/%2e%2e/package.json',
      '/vendor/../../package.json',
      '/server/create-dashboard-server.ts',
    ]) {
      const res = await fetch(base + p);
      expect(res.status, p).toBe(404);
      expect(await res.text()).not.toContain('supermarket-lakehouse');
    }
  });

  it('serves the page, its script and styles, and the charting library with their content types', async () => {
    const cases: [string, RegExp, string][] = [
      ['/', /^text\/html/, 'data-testid="kpi-revenue"'],
      ['/app.js', /^text\/javascript/, 'EventSource'],
      ['/styles.css', /^text\/css/, '.card'],
      ['/vendor/echarts.min.js', /^text\/javascript/, 'echarts'],
    ];
    for (const [p, type, content] of cases) {
      const res = await fetch(base + p);
      expect(res.status, p).toBe(200);
      expect(res.headers.get('content-type'), p).toMatch(type);
      expect(await res.text(), p).toContain(content);
    }
  });

  it('405 for anything but GET', async () => {
    expect((await fetch(`${base}/api/kpis`, { method: 'POST' })).status).toBe(405);
  });
});

describe('dashboard server: engine failures', () => {
  it('502 with the engine’s message', async () => {
    const failing: Engine = {
      target: 'athena',
      query: async (sql) => {
        throw new QueryFailedError("TABLE_NOT_FOUND: line 1:1: Table 'supermarket.sales_by_store' does not exist", sql);
      },
      stream: () => {
        throw new Error('unused');
      },
      readCatalog: async () => ({ databaseExists: true, objects: new Map() }),
      close: async () => {},
    };
    const server = createDashboardServer({ engine: failing, clock: fixtureClock });
    const { url } = await server.listen(0);
    try {
      const res = await fetch(`${url}/api/sales-by-store?from=2024-04-10&to=2024-04-11`);
      expect(res.status).toBe(502);
      expect(((await res.json()) as { error: string }).error).toBe(
        "the query engine failed: TABLE_NOT_FOUND: line 1:1: Table 'supermarket.sales_by_store' does not exist",
      );
    } finally {
      await server.close();
    }
  });
});

describe('dashboard server: live updates', () => {
  let lake: DashboardLake;
  let server: DashboardServer;
  let base: string;
  const queries: string[] = [];

  beforeAll(async () => {
    lake = await openDashboardLake();
    // Counts the statements reaching DuckDB, to check that viewers share the poller and the cache.
    const counting: Engine = {
      target: 'local',
      query: (sql, params) => {
        queries.push(sql);
        return lake.engine.query(sql, params);
      },
      stream: (sql, params) => lake.engine.stream(sql, params),
      readCatalog: () => lake.engine.readCatalog(),
      close: async () => {},
    };
    server = createDashboardServer({ engine: counting, clock: fixtureClock, pollMs: 100, heartbeatMs: 50 });
    base = (await server.listen(0)).url;
  });
  afterAll(async () => {
    await server?.close();
    await lake?.engine.close();
  });

  it('sends "ready", then "changed" to every client when new data lands; the numbers follow', async () => {
    const a = new SseClient(`${base}/api/events`);
    const b = new SseClient(`${base}/api/events`);
    const res = await a.connect();
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    await b.connect();
    await a.next('ready');
    await b.next('ready');
    const kpis = `${base}/api/kpis?from=2024-04-10&to=2024-04-11`;
    expect(await (await fetch(kpis)).json()).toMatchObject({ revenue: '41.46', transactions: 4 });

    const seenA = a.events.length;
    const seenB = b.events.length;
    await lake.addLateTransaction();
    await a.next('changed', seenA);
    await b.next('changed', seenB);
    expect(await (await fetch(kpis)).json()).toMatchObject({ revenue: '46.46', transactions: 5, averageBasket: '9.29' });
    expect(await (await fetch(`${base}/api/freshness`)).json()).toMatchObject({ newestTransaction: '2024-04-11 17:30:00', ageSeconds: 1800 });
    await a.close();
    await b.close();
  });

  it('N viewers of a panel cost one query per data generation; one poller serves every client', async () => {
    const clients = [new SseClient(`${base}/api/events`), new SseClient(`${base}/api/events`), new SseClient(`${base}/api/events`)];
    for (const c of clients) await c.connect();
    for (const c of clients) await c.next('ready');
    queries.length = 0;
    const url = `${base}/api/top-skus?from=2024-04-10&to=2024-04-11`;
    await Promise.all(Array.from({ length: 5 }, () => fetch(url).then((r) => r.json())));
    await fetch(url);
    await new Promise((r) => setTimeout(r, 350));
    const panelQueries = queries.filter((q) => q.includes('FROM top_skus'));
    const polls = queries.filter((q) => q.includes('count(*) AS store_days'));
    expect(panelQueries).toHaveLength(1);
    // ~3-4 polls in 350 ms at 100 ms, not 3 clients × that.
    expect(polls.length).toBeGreaterThanOrEqual(1);
    expect(polls.length).toBeLessThanOrEqual(5);
    for (const c of clients) await c.close();
  });

  it('stops polling when the last client leaves, and close() ends open streams', async () => {
    await new Promise((r) => setTimeout(r, 250));
    queries.length = 0;
    await new Promise((r) => setTimeout(r, 300));
    expect(queries).toEqual([]);

    const c = new SseClient(`${base}/api/events`);
    await c.connect();
    await c.next('ready');
    await server.close();
    await c.close();
  });
});

describe('readIngestMetrics', () => {
  it('returns undefined when the runtime has not written the file', async () => {
    expect(await readIngestMetrics('/nonexistent-lake-dir')).toBeUndefined();
  });
});

describe('dashboard server: full past days from the daily_store_sales mart', () => {
  let lake: DashboardLake;
  let server: DashboardServer;
  let base: string;
  const queries: string[] = [];

  beforeAll(async () => {
    lake = await openDashboardLake();
    const recording: Engine = {
      target: 'local',
      query: (sql, params) => {
        queries.push(sql);
        return lake.engine.query(sql, params);
      },
      stream: (sql, params) => lake.engine.stream(sql, params),
      readCatalog: () => lake.engine.readCatalog(),
      close: async () => {},
    };
    server = createDashboardServer({ engine: recording, clock: fixtureClock });
    base = (await server.listen(0)).url;
  });
  afterAll(async () => {
    await server?.close();
    await lake?.engine.close();
  });

  const kpis = async (q: string) => {
    queries.length = 0;
    const body = await (await fetch(`${base}/api/kpis?${q}`)).json();
    return { body, statement: queries.find((s) => s.startsWith('SELECT sum(revenue)')) ?? '' };
  };
  const martFile = (day: string) => path.join(lake.lakeDir, 'tables/daily_store_sales', `dt=${day}`, 'batch-00000.parquet');

  it('reads days the mart is current for from the mart alone, not the three-way join', async () => {
    const { body, statement } = await kpis('from=2024-04-10&to=2024-04-11');
    expect(body).toMatchObject({ revenue: '41.46', transactions: 4, items: 10 });
    expect(statement).toContain('FROM daily_store_sales');
    expect(statement).not.toContain('sales_by_store');
    expect((await (await fetch(`${base}/api/sales-by-store?from=2024-04-10&to=2024-04-11`)).json()).rows).toEqual([
      { store_id: 'S1', store_name: 'Alpha', transactions: 3, items: 9, revenue: '38.96' },
      { store_id: 'S2', store_name: 'Beta', transactions: 1, items: 1, revenue: '2.50' },
    ]);
  });

  it('a day whose mart counts disagree with the lake (live data since the refresh) comes from the view', async () => {
    // The mart claims 99 transactions for S1 on 2024-04-11; the lake has 1: the mart is not trusted for that day.
    await lake.engine.execute(
      `COPY (SELECT 'S1' AS store_id, 'Alpha' AS store_name, CAST(99 AS BIGINT) AS transactions, CAST(9 AS BIGINT) AS items, CAST(1.00 AS DECIMAL(18, 2)) AS revenue) TO '${martFile('2024-04-11')}' (FORMAT parquet)`,
    );
    const { body, statement } = await kpis('from=2024-04-10&to=2024-04-11');
    expect(body).toMatchObject({ revenue: '41.46', transactions: 4, items: 10 });
    expect(statement).toContain('FROM daily_store_sales');
    expect(statement).toContain('FROM sales_by_store');
    expect(await (await fetch(`${base}/api/kpis?from=2024-04-11&to=2024-04-11&store=S1`)).json()).toMatchObject({ revenue: '20.99', transactions: 1 });
  });

  it('a day missing from the mart comes from the view', async () => {
    await rm(path.dirname(martFile('2024-04-10')), { recursive: true });
    const { body, statement } = await kpis('from=2024-04-10&to=2024-04-11');
    expect(body).toMatchObject({ revenue: '41.46', transactions: 4, items: 10 });
    expect(statement).not.toContain('FROM daily_store_sales');
  });
});
