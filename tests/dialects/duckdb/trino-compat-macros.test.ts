import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NAME_CLASHES, TRINO_COMPAT_MACROS, trinoCompatMacroSql } from '../../../src/dialects/duckdb/trino-compat-macros.js';

type Json = ReturnType<Awaited<ReturnType<DuckDBConnection['runAndReadAll']>>['getRowObjectsJson']>[number][string];

let db: DuckDBInstance;
let conn: DuckDBConnection;

async function install(c: DuckDBConnection): Promise<void> {
  for (const sql of trinoCompatMacroSql()) await c.run(sql);
}

async function scalar(c: DuckDBConnection, expr: string): Promise<Json> {
  const reader = await c.runAndReadAll(`SELECT ${expr} AS v`);
  const rows = reader.getRowObjectsJson();
  expect(rows).toHaveLength(1);
  return rows[0]?.['v'] ?? null;
}

// JSON rows render BIGINT as strings; the examples state numbers the way Trino prints them.
function expectTrinoValue(actual: Json, expected: string | number | boolean | null): void {
  if (typeof expected === 'number') {
    expect(actual).not.toBeNull();
    expect(Number(actual)).toBeCloseTo(expected, 6);
  } else {
    expect(actual).toEqual(expected);
  }
}

beforeAll(async () => {
  db = await DuckDBInstance.create(':memory:');
  conn = await db.connect();
  await install(conn);
});

afterAll(() => {
  conn.closeSync();
  db.closeSync();
});

describe('catalogue', () => {
  it('has one well-formed entry per Trino function', () => {
    const names = TRINO_COMPAT_MACROS.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    for (const m of TRINO_COMPAT_MACROS) {
      expect(m.sql.startsWith(`CREATE OR REPLACE TEMP MACRO ${m.name}(`), m.name).toBe(true);
      expect(m.trinoDoc.startsWith('https://trino.io/docs/current/functions/'), m.name).toBe(true);
    }
  });

  it('covers every name clash with a macro', () => {
    const names = new Set(TRINO_COMPAT_MACROS.map((m) => m.name));
    for (const clash of NAME_CLASHES) expect(names.has(clash.name), clash.name).toBe(true);
  });

  it('never calls a shadowed built-in unqualified from a macro body', () => {
    // Otherwise the body would bind to whichever definition exists at install time.
    for (const m of TRINO_COMPAT_MACROS) {
      const body = m.sql.replace(`MACRO ${m.name}(`, '');
      for (const { name } of NAME_CLASHES) {
        const unqualified = new RegExp(`(?<!system\\.main\\.)\\b${name}\\s*\\(`);
        expect(unqualified.test(body), `${m.name} calls ${name}`).toBe(false);
      }
    }
  });

  it('installs shadowing macros after the others', () => {
    const sql = trinoCompatMacroSql();
    expect(sql).toHaveLength(TRINO_COMPAT_MACROS.length);
    const clashes = new Set(NAME_CLASHES.map((c) => c.name));
    const firstShadow = sql.findIndex((s) => [...clashes].some((n) => s.startsWith(`CREATE OR REPLACE TEMP MACRO ${n}(`)));
    expect(sql.slice(firstShadow).length).toBe(clashes.size);
  });
});

describe('installation', () => {
  it('installs on a fresh connection, and installing twice is harmless', async () => {
    const fresh = await db.connect();
    try {
      await install(fresh);
      await install(fresh);
      expect(Number(await scalar(fresh, "day_of_week(DATE '2024-04-10')"))).toBe(3);
    } finally {
      fresh.closeSync();
    }
  });

  it('is per connection (TEMP), so nothing leaks into a database file', async () => {
    const other = await db.connect();
    try {
      await expect(scalar(other, "day_of_week(DATE '2024-04-10')")).rejects.toThrow(/day_of_week/);
      // Without the macros DuckDB's own date_diff counts boundaries: the reason the macro exists.
      expect(Number(await scalar(other, "date_diff('day', TIMESTAMP '2022-05-01 23:45:09', TIMESTAMP '2022-05-02 03:56:31')"))).toBe(1);
    } finally {
      other.closeSync();
    }
  });
});

// The documented examples kept from before real Trino became the oracle (tests/conformance); they
// run without Java. Macros added since are covered by the Trino conformance probes only.
describe.each(TRINO_COMPAT_MACROS.filter((m) => m.examples.length > 0).map((m) => [m.name, m] as const))('%s', (_name, macro) => {
  it.each(macro.examples.map((e) => [e.call, e] as const))('%s', async (_call, example) => {
    expectTrinoValue(await scalar(conn, example.call), example.expected);
  });
});

describe('behaviour beyond the documented examples', () => {
  it('keeps DuckDB date_add(date, interval) next to the Trino form', async () => {
    expect(await scalar(conn, "date_add(TIMESTAMP '2024-01-01 00:00:00', INTERVAL 2 HOUR)")).toBe('2024-01-01 02:00:00');
  });

  it('rejects units and specifiers Trino rejects', async () => {
    await expect(scalar(conn, "date_add('fortnight', 1, DATE '2024-01-01')")).rejects.toThrow(/unsupported unit/);
    await expect(scalar(conn, "date_format(DATE '2024-01-01', '%D')")).rejects.toThrow(/not supported/);
    await expect(scalar(conn, "format_datetime(DATE '2024-01-01', 'yyyy-qq')")).rejects.toThrow(/illegal pattern/);
  });

  it('does not depend on the session time zone', async () => {
    const tz = await db.connect();
    try {
      await install(tz);
      await tz.run("SET TimeZone = 'America/Vancouver'");
      expect(await scalar(tz, "from_iso8601_timestamp('2020-05-11T11:15:05.055+01:00')")).toBe('2020-05-11 11:15:05.055');
      expect(await scalar(tz, "from_iso8601_timestamp('2020-05-11T11:15:05')")).toBe('2020-05-11 11:15:05');
      expect(await scalar(tz, 'from_unixtime(1589191505.055)')).toBe('2020-05-11 10:05:05.055');
    } finally {
      tz.closeSync();
    }
  });

  it('propagates NULL like Trino', async () => {
    for (const call of [
      'day_of_week(CAST(NULL AS DATE))',
      "date_format(CAST(NULL AS TIMESTAMP), '%Y')",
      "format_datetime(CAST(NULL AS TIMESTAMP), 'yyyy')",
      "date_add('day', 1, CAST(NULL AS DATE))",
      "date_diff('day', CAST(NULL AS DATE), DATE '2024-01-01')",
      "split_part(NULL, ',', 1)",
      "json_extract_scalar(NULL, '$.a')",
      'from_iso8601_timestamp(NULL)',
      'from_unixtime(NULL)',
    ]) {
      expect(await scalar(conn, call), call).toBeNull();
    }
  });
});

describe('an analyst view written in Athena SQL', () => {
  it('runs unchanged on DuckDB', async () => {
    await conn.run(`
      CREATE OR REPLACE TEMP TABLE transactions AS
      SELECT * FROM (VALUES
        (1, TIMESTAMP '2024-04-08 09:15:00', 'store-01,north', '{"basket": {"items": 3, "channel": "pos"}}', 12.349),
        (2, TIMESTAMP '2024-04-08 18:40:30', 'store-02,south', '{"basket": {"items": 1, "channel": "web"}}', 5.001),
        (3, TIMESTAMP '2024-04-10 07:05:00', 'store-01,north', '{"basket": {"items": 7, "channel": "pos"}}', 40.9),
        (4, TIMESTAMP '2024-04-14 23:59:59', 'store-03', '{"basket": {"items": 2}}', 3.5)
      ) t(transaction_id, transaction_datetime, store_key, payload, amount)`);

    // Trino SQL as an analyst writes it for Athena; nothing here is DuckDB-specific.
    await conn.run(`
      CREATE OR REPLACE TEMP VIEW daily_store_sales AS
      SELECT
        date_trunc('day', transaction_datetime) AS sales_day,
        CAST(date_trunc('week', transaction_datetime) AS date) AS sales_week,
        day_of_week(transaction_datetime) AS iso_weekday,
        date_format(transaction_datetime, '%a %Y-%m-%d') AS day_label,
        format_datetime(transaction_datetime, 'yyyy-''W''ww') AS week_label,
        split_part(store_key, ',', 1) AS store_id,
        coalesce(split_part(store_key, ',', 2), 'unknown') AS region,
        coalesce(json_extract_scalar(payload, '$.basket.channel'), 'unknown') AS channel,
        sum(CAST(json_extract_scalar(payload, '$.basket.items') AS integer)) AS items,
        truncate(sum(amount), 2) AS revenue,
        approx_distinct(transaction_id) AS transactions,
        max(date_diff('hour', date_trunc('day', transaction_datetime), transaction_datetime)) AS last_hour,
        max(to_unixtime(transaction_datetime)) AS last_unixtime
      FROM transactions
      WHERE transaction_datetime >= date_add('day', -30, from_iso8601_timestamp('2024-04-30T00:00:00Z'))
        AND regexp_like(store_key, '^store-\\d+')
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`);

    const reader = await conn.runAndReadAll('SELECT * FROM daily_store_sales ORDER BY sales_day, store_id, channel');
    const rows = reader.getRowObjectsJson();
    expect(rows.map((r) => [r['sales_day'], r['store_id'], r['region'], r['channel'], Number(r['items'])])).toEqual([
      ['2024-04-08 00:00:00', 'store-01', 'north', 'pos', 3],
      ['2024-04-08 00:00:00', 'store-02', 'south', 'web', 1],
      ['2024-04-10 00:00:00', 'store-01', 'north', 'pos', 7],
      ['2024-04-14 00:00:00', 'store-03', 'unknown', 'unknown', 2],
    ]);
    expect(rows[0]).toMatchObject({ sales_week: '2024-04-08', day_label: 'Mon 2024-04-08', week_label: '2024-W15' });
    expect(rows[3]).toMatchObject({ iso_weekday: '7', sales_week: '2024-04-08' });
    expect(Number(rows[0]?.['revenue'])).toBeCloseTo(12.34, 6);
    expect(Number(rows[1]?.['last_hour'])).toBe(18);
    expect(Number(rows[3]?.['last_hour'])).toBe(23);
    expect(Number(rows[3]?.['last_unixtime'])).toBe(1713139199);
    expect(rows.every((r) => Number(r['transactions']) === 1)).toBe(true);
  });
});
