import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardServer, type DashboardServer } from '../../dashboard/server/create-dashboard-server.js';
import { compileProject } from '../../src/compiler/compile-project.js';
import { openHeadlessPage, type HeadlessPage } from '../support/headless-chromium.js';
import { projectConfig, projectModels } from '../support/project-files.js';
import { openDashboardLake, type DashboardLake } from './dashboard-fixture.js';

/** 45 minutes after S1's newest transaction (warn after 30 min), 18 h 40 after S2's (error after 2 h). */
const NOW = new Date('2024-04-11T12:45:00Z');

describe('the dashboard shows the freshness thresholds of the models', () => {
  let lake: DashboardLake;
  let server: DashboardServer;
  let base: string;
  let browser: HeadlessPage;

  beforeAll(async () => {
    lake = await openDashboardLake();
    const manifest = compileProject(await projectModels(), projectConfig()).manifest!;
    server = createDashboardServer({ engine: lake.engine, clock: () => NOW, manifest: async () => manifest });
    base = (await server.listen(0)).url;
    browser = await openHeadlessPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await lake?.engine.close();
  });

  it('/api/freshness-state answers the verdicts of npm run freshness', async () => {
    const body = (await (await fetch(`${base}/api/freshness-state`)).json()) as { verdicts: { group: string; state: string; ageSeconds: number }[] };
    expect(body.verdicts.map((v) => [v.group, v.ageSeconds, v.state])).toEqual([
      ['S1', 2700, 'warn'],
      ['S2', 67_200, 'error'],
    ]);
    const csv = await (await fetch(`${base}/api/freshness-state?format=csv`)).text();
    expect(csv.split('\n')[0]).toBe('model,group,newest,age_seconds,state');
  });

  it('the freshness card names the worst state and what is late', async () => {
    await browser.page.goto(base);
    const state = browser.page.locator('[data-testid="freshness-state"]');
    await expect.poll(() => state.innerText(), { timeout: 10_000 }).toBe('Thresholds: error (S1 warn, S2 error)');
    expect(await state.getAttribute('data-state')).toBe('error');
    expect(browser.errors).toEqual([]);
  });

  it('without a manifest there are no thresholds to show', async () => {
    const bare = createDashboardServer({ engine: lake.engine, clock: () => NOW });
    const url = (await bare.listen(0)).url;
    try {
      expect(((await (await fetch(`${url}/api/freshness-state`)).json()) as { verdicts: unknown[] }).verdicts).toEqual([]);
    } finally {
      await bare.close();
    }
  });
});
