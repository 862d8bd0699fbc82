import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardServer, type DashboardServer } from '../../dashboard/server/create-dashboard-server.js';
import { panelRoutes, PANELS } from '../../dashboard/server/panels.js';
import { fixtureClock, openDashboardLake, type DashboardLake } from './dashboard-fixture.js';
import { STORE_LIST_PANEL } from './store-list-panel.js';

describe('the dashboard panel registry', () => {
  let lake: DashboardLake;
  let server: DashboardServer;
  let base: string;
  const panels = [...PANELS, STORE_LIST_PANEL];

  beforeAll(async () => {
    lake = await openDashboardLake();
    server = createDashboardServer({ engine: lake.engine, clock: fixtureClock, panels });
    base = (await server.listen(0)).url;
  });
  afterAll(async () => {
    await server?.close();
    await lake?.engine.close();
  });

  for (const panel of [...PANELS, STORE_LIST_PANEL]) {
    it(`${panel.id}: its example answers as documented, as JSON and as CSV`, async () => {
      const json = await fetch(`${base}/api/${panel.id}?${panel.example.query}`);
      expect(json.status).toBe(200);
      expect(await json.json()).toMatchObject(panel.example.json);
      const csv = await fetch(`${base}/api/${panel.id}?${panel.example.query}&format=csv`.replace('?&', '?'));
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    });
  }

  it('lists every panel for the page, and names them all in a 404', async () => {
    const listing = (await (await fetch(`${base}/api/panels`)).json()) as { id: string; path: string }[];
    expect(listing.map((p) => p.path)).toEqual(panels.map((p) => `/api/${p.id}`));
    const missing = (await (await fetch(`${base}/api/nope`)).json()) as { error: string };
    for (const p of panels) expect(missing.error).toContain(`/api/${p.id}`);
  });

  it('refuses a panel id that is not kebab-case, used twice, or a reserved route', () => {
    expect(() => panelRoutes([STORE_LIST_PANEL, STORE_LIST_PANEL])).toThrow(/"store-list" is used twice/);
    expect(() => panelRoutes([{ ...STORE_LIST_PANEL, id: 'events' }])).toThrow(/reserved route/);
    expect(() => panelRoutes([{ ...STORE_LIST_PANEL, id: 'Store List' }])).toThrow(/must be kebab-case/);
  });
});
