import { describe, expect, it } from 'vitest';
import { kpisQuery, martCoverageQuery, topSkusQuery } from '../../dashboard/server/panel-queries.js';
import { limitClause } from '../../src/dialects/limit-clause.js';
import { TARGETS } from '../../src/targets/targets.js';
import { projectConfig } from '../support/project-files.js';

const RANGE = { from: '2024-04-01', to: '2024-04-30' };
const config = projectConfig();
const duckdb = TARGETS.local.renderer(config);
const trino = TARGETS.trino.renderer(config);
const athena = TARGETS.athena.renderer(config);

describe('panel queries are typed statements, rendered by each target dialect', () => {
  it('top SKUs: DuckDB numbers its placeholders, Trino and Athena write ? and qualify the view', () => {
    const q = topSkusQuery({ ...RANGE, store: 'S1' }, 10);
    expect(duckdb.renderQuery(q)).toEqual({
      sql: 'SELECT sku_id, product_name, sum(units) AS units, sum(revenue) AS revenue FROM top_skus WHERE dt BETWEEN $1 AND $2 AND store_id = $3 GROUP BY sku_id, product_name ORDER BY revenue DESC, sku_id LIMIT 10',
      params: ['2024-04-01', '2024-04-30', 'S1'],
    });
    const db = config.athena.database;
    for (const r of [trino, athena]) {
      expect(r.renderQuery(q)).toEqual({
        sql: `SELECT sku_id, product_name, sum(units) AS units, sum(revenue) AS revenue FROM "${db}"."top_skus" WHERE dt BETWEEN ? AND ? AND store_id = ? GROUP BY sku_id, product_name ORDER BY revenue DESC, sku_id LIMIT 10`,
        params: ['2024-04-01', '2024-04-30', 'S1'],
      });
    }
    // The generic entry point of every renderer gives the same text.
    expect(trino.render(q)).toBe(trino.renderQuery(q).sql);
  });

  // Athena documents `?` execution parameters in the WHERE clause only; a `LIMIT ?` fails there.
  it('inlines the row limit instead of binding it, and binds only WHERE values, in text order', () => {
    for (const r of [duckdb, trino]) {
      const split = { martDays: ['2024-04-01', '2024-04-02'], viewDays: ['2024-04-30'] };
      const { sql, params } = r.renderQuery(kpisQuery({ ...RANGE, store: 'S2' }, split));
      expect(sql).toContain(' UNION ALL ');
      expect(params).toEqual(['2024-04-01', '2024-04-02', 'S2', '2024-04-01', '2024-04-02', '2024-04-30', '2024-04-30', 'S2', '2024-04-30']);
      const placeholders = sql.match(/\?|\$\d+/g) ?? [];
      expect(placeholders.length).toBe(params.length);
      expect(r.renderQuery(topSkusQuery(RANGE, 7)).sql).toMatch(/ LIMIT 7$/);
    }
    const coverage = duckdb.renderQuery(martCoverageQuery(RANGE));
    expect(coverage.sql).toBe(
      'SELECT f.dt, count(*) AS stores, sum(CASE WHEN m.transactions = f.transactions THEN 1 ELSE 0 END) AS current ' +
        'FROM (SELECT store_id, dt, transactions FROM store_freshness WHERE dt BETWEEN $1 AND $2) AS f ' +
        'LEFT JOIN (SELECT store_id, dt, transactions FROM daily_store_sales WHERE dt BETWEEN $3 AND $4) AS m ON m.store_id = f.store_id AND m.dt = f.dt ' +
        'GROUP BY f.dt ORDER BY f.dt',
    );
  });

  it('refuses a limit that is not a positive whole number, so nothing but digits is ever inlined', () => {
    for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
      expect(() => duckdb.renderQuery(topSkusQuery(RANGE, bad))).toThrow(/LIMIT must be a whole number/);
    }
  });
});

describe('limitClause', () => {
  it('renders the same LIMIT for Athena (Trino), DuckDB and Spark', () => {
    expect(limitClause(1)).toBe('LIMIT 1');
    expect(limitClause(100)).toBe('LIMIT 100');
  });
});
