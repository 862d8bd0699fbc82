import { storesHandler } from '../../dashboard/server/panel-handlers.js';
import type { PanelDefinition } from '../../dashboard/server/panels.js';

/** A panel added by one registry entry: the page draws it as a table card (tests/dashboard/dashboard-browser.test.ts). */
export const STORE_LIST_PANEL: PanelDefinition = {
  id: 'store-list',
  title: 'Stores with sales',
  filters: 'range',
  page: {
    table: [
      { key: 'store_id', label: 'Store' },
      { key: 'store_name', label: 'Name' },
    ],
    rowsKey: 'stores',
  },
  handler: storesHandler,
  example: {
    query: 'from=2024-04-10&to=2024-04-11',
    json: {
      stores: [
        { store_id: 'S1', store_name: 'Alpha' },
        { store_id: 'S2', store_name: 'Beta' },
      ],
    },
  },
};
