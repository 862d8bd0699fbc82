import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardServer, type DashboardServer } from '../../dashboard/server/create-dashboard-server.js';
import { PANELS } from '../../dashboard/server/panels.js';
import { INGEST_METRICS_KEY, readIngestMetrics } from '../../dashboard/server/read-ingest-metrics.js';
import { LocalObjectStore } from '../../src/storage/local-object-store.js';
import { ROOT } from '../support/project-files.js';
import { fixtureClock, openDashboardLake, type DashboardLake } from './dashboard-fixture.js';
import { STORE_LIST_PANEL } from './store-list-panel.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT = path.join(ROOT, 'test-artifacts', 'dashboard.png');
/** A loaded two-core CI machine runs the page, DuckDB and Chromium at once: give the page time. */
const POLL = { timeout: 10_000 };

/** One browser for the whole file: Chromium takes seconds to start on a two-core CI machine. */
describe('dashboard in Chromium over a fixture lake', () => {
  let lake: DashboardLake;
  let server: DashboardServer;
  let context: BrowserContext;
  let profile: string;
  let page: Page;
  let base: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    lake = await openDashboardLake();
    await mkdir(path.join(lake.lakeDir, '_metrics'), { recursive: true });
    await writeFile(path.join(lake.lakeDir, INGEST_METRICS_KEY), JSON.stringify({ p50Ms: 420, p95Ms: 1250, count: 37, updatedAt: '2024-04-11T17:59:58.000Z' }));
    server = createDashboardServer({
      engine: lake.engine,
      clock: fixtureClock,
      pollMs: 200,
      freshness: () => readIngestMetrics(lake.lakeDir),
      // One registry entry more: the page shows it as a table card, with no page code of its own.
      panels: [...PANELS, STORE_LIST_PANEL],
      // Recent ranges from the aggregates, as `npm run dashboard` serves them; older ones scanned.
      aggregates: { store: new LocalObjectStore(lake.lakeDir), tablesPrefix: 'tables/' },
      warn: (m) => pageErrors.push(`server: ${m}`),
    });
    base = (await server.listen(0)).url;
    profile = await mkdtemp(path.join(tmpdir(), 'dashboard-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1360, height: 1000 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('response', async (r) => {
      if (r.status() >= 400) pageErrors.push(`${r.status()} ${r.url()}: ${await r.text().catch(() => '')}`);
    });
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
  });
  afterAll(async () => {
    await context?.close();
    await server?.close();
    await lake?.engine.close();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  const text = (testId: string) => page.locator(`[data-testid="${testId}"]`).innerText();
  const kpis = async () => ({ revenue: await text('kpi-revenue'), transactions: await text('kpi-transactions'), basket: await text('kpi-basket') });

  it('loads with every panel filled: the last 7 days ending at the newest data day', async () => {
    await page.goto(base);
    await expect.poll(kpis, POLL).toEqual({ revenue: '$41.46', transactions: '4', basket: '$10.37' });
    expect(await page.inputValue('[data-testid="filter-from"]')).toBe('2024-04-05');
    expect(await page.inputValue('[data-testid="filter-to"]')).toBe('2024-04-11');
    expect(await text('kpi-items')).toBe('10');
    // The last 7 days: every panel from the aggregates.
    await expect.poll(() => page.getAttribute('[data-testid="data-source"]', 'data-source'), POLL).toBe('aggregates');
    expect(await text('data-source')).toBe('Source: aggregates');

    const skuRows = page.locator('[data-testid="top-skus-table"] tbody tr');
    await expect.poll(() => skuRows.count(), POLL).toBe(3);
    expect((await skuRows.allInnerTexts()).map((t) => t.split(/\s+/).join(' '))).toEqual([
      '1 Butter 500g B 3 $30.00',
      '2 Apples 1kg A 3 $7.50',
      '3 Cola 33cl C 4 $3.96',
    ]);

    const bars = page.locator('[data-testid="chart-sales-by-store"]');
    await expect.poll(() => bars.getAttribute('aria-label'), POLL).toBe('Alpha: $38.96, Beta: $2.50');
    expect(await bars.locator('canvas').count()).toBeGreaterThan(0);
    const hourlyRows = async () => (JSON.parse((await page.locator('[data-testid="chart-hourly"]').getAttribute('data-rows')) ?? '[]') as unknown[]).length;
    await expect.poll(hourlyRows, POLL).toBe(3);
    expect(await page.locator('[data-testid="chart-hourly"] canvas').count()).toBeGreaterThan(0);

    // T4 at 12:00, the server's clock at 18:00; the ingest runtime's figures from _metrics/ingest.json.
    expect(await text('freshness-age')).toMatch(/^6 h 0[01] min$/);
    expect(await text('freshness-newest')).toBe('2024-04-11 12:00:00');
    expect(await text('ingest-p50')).toBe('420 ms');
    expect(await text('ingest-p95')).toBe('1.25 s');

    await expect.poll(() => page.locator('[data-testid="filter-store"] option').allInnerTexts(), POLL).toEqual(['All stores', 'Alpha (S1)', 'Beta (S2)']);
    expect(await page.getAttribute('[data-testid="csv-sales-by-store"]', 'href')).toBe('/api/sales-by-store?from=2024-04-05&to=2024-04-11&format=csv');
    const csv = await page.evaluate(async () => (await fetch(document.querySelector<HTMLAnchorElement>('[data-testid="csv-top-skus"]')!.href)).text());
    expect(csv.split('\n')[1]).toBe('B,Butter 500g,3,30.00');
  });

  it('draws a panel added by one registry entry as a table card, with its CSV link', async () => {
    const rows = page.locator('[data-testid="store-list-table"] tbody tr');
    await expect.poll(() => rows.allInnerTexts(), POLL).toEqual(['S1\tAlpha', 'S2\tBeta']);
    expect(await text('panel-store-list')).toContain('Stores with sales');
    expect(await page.getAttribute('[data-testid="csv-store-list"]', 'href')).toBe('/api/store-list?from=2024-04-05&to=2024-04-11&format=csv');
  });

  it('a single day in the date filter changes the numbers to that day’s', async () => {
    await page.fill('[data-testid="filter-from"]', '2024-04-10');
    await page.fill('[data-testid="filter-to"]', '2024-04-10');
    // T1 15.00 + T2 2.97 + T3 2.50 over 3 transactions.
    await expect.poll(kpis, POLL).toEqual({ revenue: '$20.47', transactions: '3', basket: '$6.82' });
    expect(page.url()).toContain('from=2024-04-10&to=2024-04-10');
  });

  it('the store filter narrows every panel to that store', async () => {
    await page.selectOption('[data-testid="filter-store"]', 'S1');
    await expect.poll(kpis, POLL).toEqual({ revenue: '$17.97', transactions: '2', basket: '$8.99' });
    await expect.poll(() => page.locator('[data-testid="chart-sales-by-store"]').getAttribute('aria-label'), POLL).toBe('Alpha: $17.97');
    expect(await page.getAttribute('[data-testid="csv-kpis"]', 'href')).toBe('/api/kpis?from=2024-04-10&to=2024-04-10&store=S1&format=csv');
  });

  it('new data landing in the lake updates the open page without a reload', async () => {
    await page.selectOption('[data-testid="filter-store"]', '');
    await page.fill('[data-testid="filter-to"]', '2024-04-11');
    await expect.poll(kpis, POLL).toEqual({ revenue: '$41.46', transactions: '4', basket: '$10.37' });
    await expect.poll(() => page.getAttribute('[data-testid="live-status"]', 'data-state'), POLL).toBe('live');
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));

    await lake.addLateTransaction();

    await expect.poll(kpis, POLL).toEqual({ revenue: '$46.46', transactions: '5', basket: '$9.29' });
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    await expect.poll(() => text('freshness-age'), POLL).toMatch(/^30 min 0\d s$/);
    await expect.poll(() => page.locator('[data-testid="chart-sales-by-store"]').getAttribute('aria-label'), POLL).toBe('Alpha: $38.96, Beta: $7.50');
  });

  it('a range the aggregates do not cover is scanned by the engine, with the same figures, and the page says so', async () => {
    const source = () => page.getAttribute('[data-testid="data-source"]', 'data-source');
    await page.fill('[data-testid="filter-from"]', '2024-02-01');
    await expect.poll(source, POLL).toBe('scan');
    expect(await text('data-source')).toBe('Source: engine scan');
    await expect.poll(kpis, POLL).toEqual({ revenue: '$46.46', transactions: '5', basket: '$9.29' });
    await expect.poll(() => page.locator('[data-testid="chart-sales-by-store"]').getAttribute('aria-label'), POLL).toBe('Alpha: $38.96, Beta: $7.50');
    await page.screenshot({ path: path.join(ROOT, 'test-artifacts', 'dashboard-scan.png'), fullPage: true });

    await page.fill('[data-testid="filter-from"]', '2024-04-05');
    await expect.poll(source, POLL).toBe('aggregates');
    await expect.poll(kpis, POLL).toEqual({ revenue: '$46.46', transactions: '5', basket: '$9.29' });
  });

  it('saves a screenshot as a test artifact, with no errors on the page', async () => {
    await expect.poll(() => page.locator('#error').isHidden(), POLL).toBe(true);
    // A chart tooltip is ECharts' inline-styled markup: under the server's Content-Security-Policy it
    // must render without a violation (which Chromium reports as a console error, caught below).
    const chart = page.locator('[data-testid="chart-sales-by-store"]');
    const box = (await chart.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => chart.locator('div').filter({ hasText: /\d/ }).count(), POLL).toBeGreaterThan(0);
    await page.waitForTimeout(400); // let the chart animations settle
    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
