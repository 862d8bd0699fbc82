import { freshnessStateHandler } from './freshness-state-handler.js';
import { freshnessHandler, hourlyHandler, kpisHandler, salesByStoreHandler, storesHandler, topSkusHandler, type PanelHandler } from './panel-handlers.js';

/**
 * The dashboard's panels: one entry each drives the server route (`/api/<id>`, JSON and
 * `?format=csv`), the list the 404 answer gives, the page (which fetches `/api/panels` and draws
 * every entry) and the example test (tests/dashboard/panels.test.ts). To add a panel, add an entry:
 * with `page: { table: … }` the page shows it as a table card with its CSV link, nothing else to touch.
 */
export interface PanelDefinition {
  /** Kebab-case; the route is `/api/<id>`, the page section `data-testid="panel-<id>"`. */
  readonly id: string;
  readonly title: string;
  /** Which of the page's filters the request carries: from/to/store, from/to only, or none. */
  readonly filters: 'range-and-store' | 'range' | 'none';
  /** Fixed query parameters the page adds, e.g. `{ limit: '10' }`. */
  readonly params?: Readonly<Record<string, string>>;
  /**
   * How the page shows it: `custom` — a renderer of dashboard/public/app.js and a section of
   * index.html, for the charts and cards; or a table card the page builds from these columns.
   */
  readonly page: 'custom' | { readonly table: readonly PanelTableColumn[]; readonly rowsKey?: string };
  readonly handler: PanelHandler;
  /** A request on the fixture lake (tests/support/fixture-lake.ts) and a part of its JSON answer, checked by the tests. */
  readonly example: { readonly query: string; readonly json: Readonly<Record<string, unknown>> };
}

export interface PanelTableColumn {
  /** Key of each row in the JSON answer's `rows`. */
  readonly key: string;
  readonly label: string;
  readonly format?: 'money' | 'count' | 'text';
}

export const PANELS: readonly PanelDefinition[] = [
  {
    id: 'freshness',
    title: 'Newest transaction',
    filters: 'none',
    page: 'custom',
    handler: freshnessHandler,
    example: { query: '', json: { newestTransaction: '2024-04-11 12:00:00', newestDay: '2024-04-11', ageSeconds: 6 * 3600 } },
  },
  {
    // The models' freshness thresholds, drawn into the freshness card; no manifest in the example: none.
    id: 'freshness-state',
    title: 'Freshness thresholds',
    filters: 'none',
    page: 'custom',
    handler: freshnessStateHandler,
    example: { query: '', json: { verdicts: [] } },
  },
  {
    id: 'kpis',
    title: 'Overview',
    filters: 'range-and-store',
    page: 'custom',
    handler: kpisHandler,
    example: { query: 'from=2024-04-10&to=2024-04-11', json: { revenue: '41.46', transactions: 4, items: 10, averageBasket: '10.37' } },
  },
  {
    id: 'sales-by-store',
    title: 'Sales by store',
    filters: 'range-and-store',
    page: 'custom',
    handler: salesByStoreHandler,
    example: {
      query: 'from=2024-04-10&to=2024-04-11&store=S2',
      json: { rows: [{ store_id: 'S2', store_name: 'Beta', transactions: 1, items: 1, revenue: '2.50' }] },
    },
  },
  {
    id: 'top-skus',
    title: 'Top SKUs by revenue',
    filters: 'range-and-store',
    params: { limit: '10' },
    page: 'custom',
    handler: topSkusHandler,
    example: {
      query: 'from=2024-04-10&to=2024-04-10&store=S1&limit=1',
      json: { limit: 1, rows: [{ sku_id: 'B', product_name: 'Butter 500g', units: 1, revenue: '10.00' }] },
    },
  },
  {
    id: 'hourly',
    title: 'Revenue per hour',
    filters: 'range-and-store',
    page: 'custom',
    handler: hourlyHandler,
    example: { query: 'from=2024-04-10&to=2024-04-11&store=S2', json: { rows: [{ hour: '2024-04-10 18:00:00', transactions: 1, revenue: '2.50' }] } },
  },
  {
    id: 'stores',
    title: 'Stores',
    filters: 'range',
    page: 'custom',
    handler: storesHandler,
    example: { query: 'from=2024-04-11&to=2024-04-11', json: { stores: [{ store_id: 'S1', store_name: 'Alpha' }] } },
  },
];

/** What the page needs of each panel (`GET /api/panels`): no handler, no example. */
export function panelListing(panels: readonly PanelDefinition[]): unknown[] {
  return panels.map(({ id, title, filters, params, page }) => ({ id, path: `/api/${id}`, title, filters, params: params ?? {}, page }));
}

/** The route table: `/api/<id>` to its panel; refuses two panels with one id. */
export function panelRoutes(panels: readonly PanelDefinition[]): ReadonlyMap<string, PanelDefinition> {
  const routes = new Map<string, PanelDefinition>();
  for (const p of panels) {
    if (!/^[a-z][a-z0-9-]*$/.test(p.id)) throw new Error(`dashboard panel id ${JSON.stringify(p.id)} must be kebab-case (it is the route /api/<id>)`);
    if (routes.has(`/api/${p.id}`) || p.id === 'events' || p.id === 'panels')
      throw new Error(`dashboard panel id "${p.id}" is used twice (or is a reserved route)`);
    routes.set(`/api/${p.id}`, p);
  }
  return routes;
}
