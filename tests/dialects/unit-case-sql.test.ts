import { describe, expect, it } from 'vitest';
import type { UnitCaseStatement } from '../../src/compiler/statement.js';
import { duckdbRenderer } from '../../src/dialects/duckdb/duckdb-renderer.js';
import { trinoRenderer } from '../../src/dialects/trino/trino-renderer.js';
import { projectConfig } from '../support/project-files.js';

const statement: UnitCaseStatement = {
  kind: 'unit_case',
  body: 'SELECT store_id, sum(price) AS revenue FROM given__skus GROUP BY 1',
  inputs: [
    {
      name: 'given__skus',
      columns: [
        { name: 'store_id', type: { kind: 'varchar' } },
        { name: 'price', type: { kind: 'decimal', precision: 10, scale: 2 } },
      ],
      rows: [{ store_id: "O'Hara", price: '1.50' }, { store_id: 'S2' }],
    },
    { name: 'given__none', columns: [{ name: 'at', type: { kind: 'timestamp' } }], rows: [] },
  ],
};

describe('the unit_case statement', () => {
  it('is the same query in DuckDB and Trino but for the type names: given rows as typed CTEs, values quoted, missing cells NULL', () => {
    const duckdb = duckdbRenderer(projectConfig()).sql(statement);
    expect(duckdb).toBe(
      [
        'WITH given__skus AS (',
        "  SELECT CAST('O''Hara' AS VARCHAR) AS store_id, CAST('1.50' AS DECIMAL(10, 2)) AS price",
        "  UNION ALL SELECT CAST('S2' AS VARCHAR) AS store_id, CAST(NULL AS DECIMAL(10, 2)) AS price",
        '),',
        'given__none AS (',
        '  SELECT CAST(NULL AS TIMESTAMP) AS at WHERE 1 = 0',
        ')',
        'SELECT * FROM (',
        statement.body,
        ') AS model_under_test',
      ].join('\n'),
    );
    const trino = trinoRenderer(projectConfig()).sql(statement);
    expect(trino.replace(/ AS [a-z]+(\(\d+(, \d+)?\))?\)/gi, ' AS T)')).toBe(duckdb.replace(/ AS [a-z]+(\(\d+(, \d+)?\))?\)/gi, ' AS T)'));
  });

  it('refuses a nested column rather than casting it as text', () => {
    const nested: UnitCaseStatement = {
      ...statement,
      inputs: [{ name: 'given__x', columns: [{ name: 'items', type: { kind: 'array', element: { kind: 'varchar' } } }], rows: [] }],
    };
    expect(() => duckdbRenderer(projectConfig()).sql(nested)).toThrow(/column items is a array: given rows hold scalar columns only/);
  });
});
