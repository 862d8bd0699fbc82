import { describe, expect, it } from 'vitest';
import { topSkusQuery } from '../../dashboard/server/panel-queries.js';
import { limitClause } from '../../src/dialects/limit-clause.js';

const RANGE = { from: '2024-04-01', to: '2024-04-30' };

describe('top SKUs query', () => {
  // Athena documents `?` execution parameters in the WHERE clause only; a `LIMIT ?` fails there.
  it('inlines the row limit instead of binding it, and binds only WHERE values', () => {
    const q = topSkusQuery(RANGE, 10);
    expect(q.sql).toMatch(/ LIMIT 10$/);
    expect(q.sql).not.toMatch(/LIMIT\s+\?/);
    expect(q.params).toEqual(['2024-04-01', '2024-04-30']);
    const placeholders = q.sql.split('?').length - 1;
    expect(placeholders).toBe(q.params.length);
    expect(q.sql.lastIndexOf('?')).toBeLessThan(q.sql.indexOf('GROUP BY'));
  });

  it('refuses a limit that is not a positive whole number, so nothing but digits is ever inlined', () => {
    for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
      expect(() => topSkusQuery(RANGE, bad)).toThrow(/LIMIT must be a whole number/);
    }
  });
});

describe('limitClause', () => {
  it('renders the same LIMIT for Athena (Trino), DuckDB and Spark', () => {
    expect(limitClause(1)).toBe('LIMIT 1');
    expect(limitClause(100)).toBe('LIMIT 100');
  });
});
