import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/compile-project.js';
import { buildDocsSite } from '../../src/docs-site/build-docs-site.js';
import { serveDocsSite, type DocsServer } from '../../src/docs-site/serve-docs-site.js';
import { openHeadlessPage, type HeadlessPage } from '../support/headless-chromium.js';
import { projectConfig, projectModels, ROOT } from '../support/project-files.js';

const POLL = { timeout: 10_000 };

describe('the docs site in Chromium', () => {
  let dir: string;
  let server: DocsServer;
  let browser: HeadlessPage;
  const requested: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'docs-site-'));
    const config = projectConfig();
    const files = await buildDocsSite(compileProject(await projectModels(), config).manifest!, config, dir);
    server = await serveDocsSite(dir, files, 0);
    browser = await openHeadlessPage();
    browser.page.on('request', (r) => requested.push(r.url()));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const page = () => browser.page;
  const listed = () =>
    page()
      .locator('[data-testid="model-list"] li')
      .evaluateAll((lis) => lis.map((li) => li.getAttribute('data-model')));

  it('loads with every model listed and the lineage graph, from its own server only', async () => {
    await page().goto(server.url);
    await expect
      .poll(listed, POLL)
      .toEqual([
        'pos_skus',
        'pos_stores',
        'pos_transactions',
        'skus',
        'supermarkets',
        'transaction_items',
        'transactions',
        'hourly_sales',
        'sales_by_store',
        'store_freshness',
        'top_skus',
        'transaction_totals',
        'daily_store_sales',
      ]);
    const edges = await page()
      .locator('[data-testid="lineage"] path.edge')
      .evaluateAll((ps) => ps.map((p) => `${p.getAttribute('data-from')}>${p.getAttribute('data-to')}`));
    expect(edges).toEqual(
      expect.arrayContaining(['pos_transactions>transactions', 'transaction_items>sales_by_store', 'skus>sales_by_store', 'sales_by_store>daily_store_sales']),
    );
    expect(edges).toHaveLength(15);
    await page().screenshot({ path: path.join(ROOT, 'test-artifacts', 'docs-site.png') });
    expect(
      requested.every((u) => u.startsWith(server.url)),
      requested.join('\n'),
    ).toBe(true);
    expect(browser.errors).toEqual([]);
  });

  it('search filters the list by name, column and description', async () => {
    await page().fill('[data-testid="search"]', 'revenue');
    await expect.poll(listed, POLL).toEqual(['hourly_sales', 'sales_by_store', 'top_skus', 'daily_store_sales']);
    await page().fill('[data-testid="search"]', 'store_location');
    await expect.poll(listed, POLL).toEqual(['pos_stores', 'supermarkets']);
    await page().fill('[data-testid="search"]', 'no such thing');
    await expect.poll(listed, POLL).toEqual([]);
    expect(await page().locator('[data-testid="no-match"]').innerText()).toBe('No model matches.');
    await page().fill('[data-testid="search"]', '');
    await expect.poll(async () => (await listed()).length, POLL).toBe(13);
  });

  it('a model page shows its columns, tests, lineage and the SQL of each dialect', async () => {
    await page().click('[data-model-link="sales_by_store"]');
    await expect.poll(() => page().locator('main').getAttribute('data-page'), POLL).toBe('model:sales_by_store');
    expect(await page().locator('[data-testid="description"]').innerText()).toBe('Sales per store and day: transactions, items sold and revenue.');
    const columns = await page().locator('[data-testid="columns"] tbody tr').allInnerTexts();
    expect(columns.map((r) => r.split(/\s+/).join(' ').trim())).toEqual([
      'store_id varchar',
      'store_name varchar',
      'dt varchar',
      'transactions bigint',
      'items bigint',
      'revenue decimal(38, 2)',
    ]);
    const sql = page().locator('[data-testid="sql"]');
    expect(await sql.getAttribute('data-dialect')).toBe('athena');
    expect(await sql.innerText()).toMatch(/^CREATE OR REPLACE VIEW "supermarket"\."sales_by_store"/);
    await page().click('[data-testid="sql-tab-duckdb"]');
    expect(await sql.innerText()).toMatch(/^CREATE OR REPLACE VIEW sales_by_store/);
    expect(
      await page()
        .locator('[data-testid^="sql-tab-"]')
        .evaluateAll((bs) => bs.map((b) => b.getAttribute('data-dialect'))),
    ).toEqual(['athena', 'duckdb', 'trino']);
    // Its own neighbourhood only, its edges lit.
    const lit = await page()
      .locator('[data-testid="lineage"] path.edge.lit')
      .evaluateAll((ps) => ps.map((p) => `${p.getAttribute('data-from')}>${p.getAttribute('data-to')}`));
    expect(lit.sort()).toEqual(['sales_by_store>daily_store_sales', 'skus>sales_by_store', 'supermarkets>sales_by_store', 'transaction_items>sales_by_store']);
    expect(await page().locator('[data-testid="lineage"] [data-node="hourly_sales"]').count()).toBe(0);
    await page().screenshot({ path: path.join(ROOT, 'test-artifacts', 'docs-site-model.png'), fullPage: true });
  });

  it('a table page shows its tests, freshness and column lineage from the source, and the graph navigates', async () => {
    await page().click('[data-testid="lineage"] [data-node="transaction_items"]');
    await expect.poll(() => page().locator('main').getAttribute('data-page'), POLL).toBe('model:transaction_items');
    expect(await page().locator('[data-testid="tests"] li').allInnerTexts()).toContain('relationship(sku_id → skus.sku_id)');
    const lineage = (await page().locator('[data-testid="column-lineage"] tbody tr').allInnerTexts()).map((r) => r.split(/\s+/).join(' ').trim());
    expect(lineage).toContain('pos_transactions.items.sku_id → transaction_items.sku_id');
    expect(lineage).toContain('pos_transactions.transaction_datetime → transaction_items.dt');
    // A table is also written by the Glue job: its Spark SQL is there too.
    await page().click('[data-testid="sql-tab-spark"]');
    expect(await page().locator('[data-testid="sql"]').innerText()).toMatch(/LATERAL VIEW EXPLODE \(t\.items\) i AS item/);
    await page().goto(`${server.url}#/model/transactions`);
    await expect
      .poll(() => page().locator('[data-testid="freshness"]').innerText(), POLL)
      .toBe('Freshness: transaction_datetime per store_id: warn after 30m, error after 2h');
    expect(browser.errors).toEqual([]);
  });

  it('the page is self-contained: a CSP that allows its own script and style and no network', async () => {
    const html = await readFile(path.join(dir, 'index.html'), 'utf8');
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'sha256-[^']+'; style-src 'sha256-[^']+';/);
    expect(html).not.toMatch(/<script [^>]*src=|<link /);
    expect((await fetch(`${server.url}../etc/passwd`)).status).toBe(404);
  });
});
