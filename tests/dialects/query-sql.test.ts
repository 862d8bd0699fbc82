import { describe, expect, it } from 'vitest';
import { col, relation, type QueryStatement } from '../../src/compiler/query-statement.js';
import { renderQueryStatement, type QueryHooks } from '../../src/dialects/query-sql.js';
import { TARGETS } from '../../src/targets/targets.js';
import { projectConfig } from '../support/project-files.js';

const hooks = (style: '?' | '$n'): QueryHooks => ({ capabilities: { parameterStyle: style }, qualify: (n) => `db.${n}`, type: (t) => t.kind.toUpperCase() });

describe('renderQueryStatement', () => {
  it('binds every value in text order, in the dialect’s placeholder style, and never writes a value into the text', () => {
    const q: QueryStatement = {
      kind: 'select',
      columns: [{ expr: col('a') }],
      from: relation('t'),
      where: [
        { kind: 'between', column: 'dt', low: "2024-01-01' OR 1=1 --", high: '2024-01-02' },
        { kind: 'in', column: 'k', values: [1, 2] },
        { kind: 'compare', column: 'b', op: '>=', value: 'x' },
      ],
    };
    expect(renderQueryStatement(q, hooks('$n'))).toEqual({
      sql: 'SELECT a FROM db.t WHERE dt BETWEEN $1 AND $2 AND k IN ($3, $4) AND b >= $5',
      params: ["2024-01-01' OR 1=1 --", '2024-01-02', 1, 2, 'x'],
    });
    expect(renderQueryStatement(q, hooks('?')).sql).toBe('SELECT a FROM db.t WHERE dt BETWEEN ? AND ? AND k IN (?, ?) AND b >= ?');
  });

  it('quotes a name that is not a plain lower-case identifier, casts through the dialect’s types', () => {
    const q: QueryStatement = {
      kind: 'select',
      columns: [{ expr: { kind: 'cast', arg: { kind: 'multiply', arg: col('Price"x'), factor: 100 }, type: { kind: 'bigint' } }, as: 'cents' }],
      from: relation('skus', 's'),
    };
    expect(renderQueryStatement(q, hooks('?')).sql).toBe('SELECT CAST("Price""x" * 100 AS BIGINT) AS cents FROM db.skus AS s');
  });

  it('refuses an empty IN list and a fractional factor instead of rendering something else', () => {
    const base = { kind: 'select', columns: [{ expr: col('a') }], from: relation('t') } as const;
    expect(() => renderQueryStatement({ ...base, where: [{ kind: 'in', column: 'dt', values: [] }] }, hooks('?'))).toThrow(
      /IN needs at least one value \(dt\)/,
    );
    expect(() => renderQueryStatement({ ...base, columns: [{ expr: { kind: 'multiply', arg: col('a'), factor: 0.5 } }] }, hooks('?'))).toThrow(/whole number/);
  });

  it('DuckDB and Trino render the bigint cast in their own type names, and qualify the relation their way', () => {
    const q: QueryStatement = {
      kind: 'select',
      columns: [{ expr: { kind: 'cast', arg: col('price'), type: { kind: 'bigint' } }, as: 'c' }],
      from: relation('skus'),
    };
    const config = projectConfig();
    expect(TARGETS.local.renderer(config).render(q)).toBe('SELECT CAST(price AS BIGINT) AS c FROM skus');
    expect(TARGETS.trino.renderer(config).render(q)).toBe(`SELECT CAST(price AS bigint) AS c FROM "${config.athena.database}"."skus"`);
  });
});
