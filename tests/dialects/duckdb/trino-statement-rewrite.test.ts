import { describe, expect, it } from 'vitest';
import { rewriteTrinoStatement } from '../../../src/dialects/duckdb/trino-statement-rewrite.js';

// What the rewritten statements answer is checked against Trino in tests/conformance; these pin
// down the scanner: what it rewrites, and the text it must never touch.
describe('rewriteTrinoStatement', () => {
  it('turns date_parse with a literal format into strptime with the translated format', () => {
    expect(rewriteTrinoStatement("SELECT date_parse(t.raw, '%Y-%m-%d %H:%i:%s') FROM t")).toBe("SELECT strptime(t.raw, '%Y-%m-%d %H:%M:%S') FROM t");
    expect(rewriteTrinoStatement("SELECT DATE_PARSE ( substr(x, 1, 10) , '%d/%m/%Y' )")).toBe("SELECT strptime( substr(x, 1, 10) , '%d/%m/%Y')");
  });

  it('rewrites nested calls and leaves a computed format to DuckDB', () => {
    expect(rewriteTrinoStatement("date_parse(date_format(date_parse(x, '%Y'), '%Y'), '%Y')")).toBe("strptime(date_format(strptime(x, '%Y'), '%Y'), '%Y')");
    expect(rewriteTrinoStatement('SELECT date_parse(x, fmt) FROM t')).toBe('SELECT date_parse(x, fmt) FROM t');
  });

  it('never touches string literals, quoted identifiers, comments or qualified names', () => {
    const untouched = [
      "SELECT 'date_parse(x, ''%Y'')' AS s",
      'SELECT "date_parse"(x) FROM t',
      "SELECT 1 -- date_parse(x, '%Y')\n",
      "SELECT /* date_parse(x, '%Y') */ 1",
      "SELECT my.date_parse(x, '%Y')",
      "SELECT my_date_parse(x, '%Y')",
      'SELECT x AS array_col, ARRAY[1, 2] AS a FROM t',
    ];
    for (const sql of untouched) expect(rewriteTrinoStatement(sql)).toBe(sql);
  });

  it('rejects a format specifier it cannot translate, as a typo should be', () => {
    expect(() => rewriteTrinoStatement("SELECT date_parse(x, '%Q')")).toThrow(/%Q is not supported/);
  });

  it('spells Trino parametric types the DuckDB way after AS', () => {
    expect(rewriteTrinoStatement('CAST(json_parse(x) AS array(varchar))')).toBe('CAST(json_parse(x) AS varchar[])');
    expect(rewriteTrinoStatement('TRY_CAST(j AS ARRAY(array(integer)))')).toBe('TRY_CAST(j AS integer[][])');
    expect(rewriteTrinoStatement('CAST(r AS row(a integer, "b c" array(double)))')).toBe('CAST(r AS STRUCT(a integer, "b c" double[]))');
    expect(rewriteTrinoStatement('CAST(m AS map(varchar, array(bigint)))')).toBe('CAST(m AS MAP(varchar, bigint[]))');
  });

  it('reads a zoned timestamp literal as its wall clock, and leaves plain ones alone', () => {
    expect(rewriteTrinoStatement("SELECT TIMESTAMP '2024-03-31 03:30:00 Europe/Berlin', timestamp '2024-03-31 03:30:00.123 +02:00'")).toBe(
      "SELECT TIMESTAMP '2024-03-31 03:30:00', timestamp '2024-03-31 03:30:00.123'",
    );
    expect(rewriteTrinoStatement("SELECT TIMESTAMP '2020-05-11 11:15:05 UTC', TIMESTAMP '2020-05-11T11:15:05Z'")).toBe(
      "SELECT TIMESTAMP '2020-05-11 11:15:05', TIMESTAMP '2020-05-11 11:15:05'",
    );
    for (const sql of ["SELECT TIMESTAMP '2024-03-31 03:30:00'", "SELECT x AS timestamp, 'Europe/Berlin'", "SELECT TIMESTAMP 'not 2024-03-31 a/b'"]) {
      expect(rewriteTrinoStatement(sql)).toBe(sql);
    }
  });
});
