import { describe, expect, it } from 'vitest';
import { formatRows } from '../../src/cli/format-rows.js';
import type { QueryResult } from '../../src/engines/engine.js';

const result: QueryResult = {
  columns: [
    { name: 'store_id', type: 'VARCHAR' },
    { name: 'revenue', type: 'DECIMAL(38,2)' },
    { name: 'note', type: 'VARCHAR' },
  ],
  rows: [
    { store_id: 'S1', revenue: '17.97', note: 'has "quotes", and a comma' },
    { store_id: 'S2', revenue: '2.50', note: null },
  ],
};

describe('npm run query output formats', () => {
  it('csv: a header, RFC 4180 quoting, empty for NULL', () => {
    expect(formatRows(result, 'csv')).toBe('store_id,revenue,note\nS1,17.97,"has ""quotes"", and a comma"\nS2,2.50,');
  });

  it('json: the rows as objects, decimals kept exact as strings', () => {
    expect(JSON.parse(formatRows(result, 'json'))).toEqual(result.rows);
  });

  it('table: aligned columns, numbers right-aligned, NULL shown, a row count', () => {
    expect(formatRows(result, 'table').split('\n')).toEqual([
      'store_id | revenue | note                     ',
      '---------+---------+--------------------------',
      'S1       |   17.97 | has "quotes", and a comma',
      'S2       |    2.50 | NULL                     ',
      '(2 rows)',
    ]);
  });
});
