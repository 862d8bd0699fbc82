/** Dates, timestamps, time zones, unix time, ISO 8601, date_format and format_datetime. */
import { MYSQL_FORMAT_SPECIFIERS, UNSUPPORTED_MYSQL_SPECIFIERS } from '../../mysql-format-specifiers.js';
import { DATETIME, overloads, type TrinoCompatMacro } from './trino-compat-macro.js';

/*
 * Trino units map to DuckDB intervals. `quarter` has no to_quarters(), so it is three months;
 * an unknown unit raises instead of silently adding nothing, like Trino does.
 */
const INTERVAL_OF_UNIT = (unit: string, value: string): string =>
  `CASE lower(${unit})` +
  ` WHEN 'millisecond' THEN to_milliseconds(CAST(${value} AS BIGINT))` +
  ` WHEN 'second' THEN to_seconds(CAST(${value} AS BIGINT))` +
  ` WHEN 'minute' THEN to_minutes(CAST(${value} AS BIGINT))` +
  ` WHEN 'hour' THEN to_hours(CAST(${value} AS BIGINT))` +
  ` WHEN 'day' THEN to_days(CAST(${value} AS INTEGER))` +
  ` WHEN 'week' THEN to_weeks(CAST(${value} AS INTEGER))` +
  ` WHEN 'month' THEN to_months(CAST(${value} AS INTEGER))` +
  ` WHEN 'quarter' THEN to_months(CAST(3 * ${value} AS INTEGER))` +
  ` WHEN 'year' THEN to_years(CAST(${value} AS INTEGER))` +
  ` ELSE error('date_add: unsupported unit ' || ${unit}) END`;

/*
 * MySQL specifier -> its text for `ts`, for date_format. DuckDB's strftime demands a format that is
 * constant when the call is bound, and a format assembled inside a macro is not, so each specifier
 * is rendered on its own with a constant strftime format and the pieces are concatenated.
 * Specifiers Trino documents as unsupported (%D %U %u %V %w %X) raise, so a view that fails on
 * Athena also fails locally. Anything else after % is that literal character ("%Q -> Q"). The
 * specifier table is shared with date_parse (../mysql-format-specifiers.ts).
 */
const MYSQL_TOKEN_VALUE = (tok: string): string =>
  `CASE ${tok}` +
  Object.entries(MYSQL_FORMAT_SPECIFIERS)
    .map(([spec, t]) => ` WHEN '${spec}' THEN strftime(ts, '${t.duckdbFormat ?? t.duckdb}')`)
    .join('') +
  UNSUPPORTED_MYSQL_SPECIFIERS.map((spec) => ` WHEN '${spec}' THEN error('date_format: ${spec} is not supported by Trino')`).join('') +
  ` WHEN '%' THEN '%'` +
  ` ELSE CASE WHEN left(${tok}, 1) = '%' THEN system.main.substr(${tok}, 2) ELSE ${tok} END END`;

// A % with its specifier, a trailing lone %, or a run of literal text.
const MYSQL_TOKENS = `regexp_extract_all(fmt, '%.|%$|[^%]+')`;

/*
 * Joda pattern tokens: a quoted literal ('' inside quotes is a quote), a run of one pattern letter,
 * any other letter (Joda rejects it, so we raise), or literal punctuation. RE2 has no
 * back-references, hence one alternative per supported letter.
 */
const JODA_TOKENS = `regexp_extract_all(fmt, '''(?:[^'']|'''')*''|G+|C+|Y+|x+|w+|e+|E+|y+|D+|M+|d+|a+|K+|h+|H+|k+|m+|s+|S+|z+|Z+|[A-Za-z]|[^A-Za-z'']+')`;

// Joda pads numbers to the token width but never truncates them (except the two-letter year).
const PAD = (value: string): string =>
  `lpad(CAST(${value} AS VARCHAR), CAST(system.main.greatest(length(tok), length(CAST(${value} AS VARCHAR))) AS INTEGER), '0')`;

const JODA_TOKEN_VALUE =
  `CASE` +
  ` WHEN tok = '''''' THEN ''''` +
  ` WHEN left(tok, 1) = '''' THEN system.main.replace(system.main.substr(tok, 2, length(tok) - 2), '''''', '''')` +
  ` WHEN NOT regexp_matches(tok, '^[A-Za-z]') THEN tok` +
  ` WHEN tok IN ('yy', 'YY') THEN lpad(CAST(year(ts) % 100 AS VARCHAR), 2, '0')` +
  ` WHEN tok = 'xx' THEN lpad(CAST(isoyear(ts) % 100 AS VARCHAR), 2, '0')` +
  ` ELSE CASE left(tok, 1)` +
  ` WHEN 'y' THEN ${PAD('year(ts)')}` +
  ` WHEN 'Y' THEN ${PAD('year(ts)')}` +
  ` WHEN 'x' THEN ${PAD('isoyear(ts)')}` +
  ` WHEN 'C' THEN ${PAD('year(ts) // 100')}` +
  ` WHEN 'G' THEN CASE WHEN year(ts) > 0 THEN 'AD' ELSE 'BC' END` +
  ` WHEN 'w' THEN ${PAD('week(ts)')}` +
  ` WHEN 'e' THEN ${PAD('isodow(ts)')}` +
  ` WHEN 'E' THEN CASE WHEN length(tok) >= 4 THEN strftime(ts, '%A') ELSE strftime(ts, '%a') END` +
  ` WHEN 'D' THEN ${PAD('dayofyear(ts)')}` +
  ` WHEN 'M' THEN CASE WHEN length(tok) >= 4 THEN strftime(ts, '%B') WHEN length(tok) = 3 THEN strftime(ts, '%b') ELSE ${PAD('month(ts)')} END` +
  ` WHEN 'd' THEN ${PAD('day(ts)')}` +
  ` WHEN 'a' THEN strftime(ts, '%p')` +
  ` WHEN 'K' THEN ${PAD('hour(ts) % 12')}` +
  ` WHEN 'h' THEN ${PAD('(hour(ts) + 11) % 12 + 1')}` +
  ` WHEN 'H' THEN ${PAD('hour(ts)')}` +
  ` WHEN 'k' THEN ${PAD('CASE WHEN hour(ts) = 0 THEN 24 ELSE hour(ts) END')}` +
  ` WHEN 'm' THEN ${PAD('minute(ts)')}` +
  ` WHEN 's' THEN ${PAD('second(ts)')}` +
  // Trino formats with millisecond precision: digits past the third are zeros.
  ` WHEN 'S' THEN rpad(left(lpad(CAST(system.main.millisecond(ts) % 1000 AS VARCHAR), 3, '0'), CAST(length(tok) AS INTEGER)), CAST(length(tok) AS INTEGER), '0')` +
  ` WHEN 'z' THEN 'UTC'` +
  ` WHEN 'Z' THEN CASE length(tok) WHEN 1 THEN '+0000' WHEN 2 THEN '+00:00' ELSE 'UTC' END` +
  ` ELSE error('format_datetime: illegal pattern component ' || tok) END END`;

export const DATETIME_MACROS: readonly TrinoCompatMacro[] = [
  {
    name: 'day_of_week',
    sql: 'CREATE OR REPLACE TEMP MACRO day_of_week(x) AS isodow(x)',
    trinoDoc: `${DATETIME}#day_of_week`,
    examples: [
      // ISO day of week, 1 = Monday .. 7 = Sunday (doc). 2024-04-10 was a Wednesday.
      { call: "day_of_week(DATE '2024-04-10')", expected: 3 },
      { call: "day_of_week(TIMESTAMP '2024-04-14 23:59:59')", expected: 7 },
    ],
  },
  {
    name: 'dow',
    sql: 'CREATE OR REPLACE TEMP MACRO dow(x) AS isodow(x)',
    trinoDoc: `${DATETIME}#dow`,
    examples: [{ call: "dow(DATE '2024-04-08')", expected: 1 }],
  },
  {
    name: 'day_of_month',
    sql: 'CREATE OR REPLACE TEMP MACRO day_of_month(x) AS dayofmonth(x)',
    trinoDoc: `${DATETIME}#day_of_month`,
    examples: [{ call: "day_of_month(TIMESTAMP '2022-10-20 05:10:00')", expected: 20 }],
  },
  {
    name: 'day_of_year',
    sql: 'CREATE OR REPLACE TEMP MACRO day_of_year(x) AS dayofyear(x)',
    trinoDoc: `${DATETIME}#day_of_year`,
    examples: [
      { call: "day_of_year(DATE '2024-04-10')", expected: 101 },
      { call: "day_of_year(DATE '2024-12-31')", expected: 366 },
    ],
  },
  {
    name: 'doy',
    sql: 'CREATE OR REPLACE TEMP MACRO doy(x) AS dayofyear(x)',
    trinoDoc: `${DATETIME}#doy`,
    examples: [{ call: "doy(DATE '2023-12-31')", expected: 365 }],
  },
  {
    name: 'week_of_year',
    sql: 'CREATE OR REPLACE TEMP MACRO week_of_year(x) AS week(x)',
    trinoDoc: `${DATETIME}#week_of_year`,
    examples: [
      { call: "week_of_year(DATE '2024-04-10')", expected: 15 },
      // 2021-01-01 belongs to ISO week 53 of 2020.
      { call: "week_of_year(DATE '2021-01-01')", expected: 53 },
    ],
  },
  {
    name: 'year_of_week',
    sql: 'CREATE OR REPLACE TEMP MACRO year_of_week(x) AS isoyear(x)',
    trinoDoc: `${DATETIME}#year_of_week`,
    examples: [
      { call: "year_of_week(DATE '2021-01-01')", expected: 2020 },
      { call: "year_of_week(DATE '2024-12-30')", expected: 2025 },
    ],
  },
  {
    name: 'yow',
    sql: 'CREATE OR REPLACE TEMP MACRO yow(x) AS isoyear(x)',
    trinoDoc: `${DATETIME}#yow`,
    examples: [{ call: "yow(TIMESTAMP '2021-01-03 12:00:00')", expected: 2020 }],
  },
  {
    name: 'last_day_of_month',
    sql: 'CREATE OR REPLACE TEMP MACRO last_day_of_month(x) AS last_day(x)',
    trinoDoc: `${DATETIME}#last_day_of_month`,
    examples: [
      { call: "last_day_of_month(DATE '2024-02-10')", expected: '2024-02-29' },
      { call: "last_day_of_month(TIMESTAMP '2023-02-10 12:00:00')", expected: '2023-02-28' },
      { call: "typeof(last_day_of_month(TIMESTAMP '2023-02-10 12:00:00'))", expected: 'DATE' },
    ],
  },
  {
    name: 'to_unixtime',
    sql: 'CREATE OR REPLACE TEMP MACRO to_unixtime(ts) AS epoch(ts)',
    trinoDoc: `${DATETIME}#to_unixtime`,
    examples: [
      { call: "to_unixtime(TIMESTAMP '2020-05-11 10:05:05.055')", expected: 1589191505.055 },
      { call: "to_unixtime(TIMESTAMP '1970-01-01 00:00:00')", expected: 0 },
    ],
  },
  {
    name: 'from_unixtime',
    // Millisecond precision like Trino's timestamp(3); epoch_ms is independent of the session zone.
    // With a zone (or an hours/minutes offset) the result is the wall-clock time there, because a
    // TIMESTAMP cannot carry the zone that Trino's timestamp with time zone would.
    sql:
      'CREATE OR REPLACE TEMP MACRO from_unixtime(unixtime) AS epoch_ms(CAST(round(CAST(unixtime AS DOUBLE) * 1000) AS BIGINT)),' +
      ' (unixtime, zone) AS system.main.timezone(zone, make_timestamptz(CAST(round(CAST(unixtime AS DOUBLE) * 1000) AS BIGINT) * 1000)),' +
      ' (unixtime, hours, minutes) AS epoch_ms(CAST(round(CAST(unixtime AS DOUBLE) * 1000) AS BIGINT)) + to_minutes(CAST(hours * 60 + minutes AS BIGINT))',
    trinoDoc: `${DATETIME}#from_unixtime`,
    examples: [
      { call: 'from_unixtime(0)', expected: '1970-01-01 00:00:00' },
      { call: 'from_unixtime(1589191505.055)', expected: '2020-05-11 10:05:05.055' },
      { call: "from_unixtime(1589191505, 'America/Vancouver')", expected: '2020-05-11 03:05:05' },
      { call: 'from_unixtime(1589191505, 2, 30)', expected: '2020-05-11 12:35:05' },
    ],
  },
  {
    name: 'from_unixtime_nanos',
    sql: 'CREATE OR REPLACE TEMP MACRO from_unixtime_nanos(n) AS CAST(make_timestamp_ns(CAST(n AS BIGINT)) AS TIMESTAMP)',
    trinoDoc: `${DATETIME}#from_unixtime_nanos`,
    examples: [],
  },
  {
    name: 'from_iso8601_timestamp',
    // Trino keeps the text's offset (a timestamp with time zone); locally a zoned value is its
    // wall-clock TIMESTAMP (see docs/trino-compat.md), so the offset is dropped and hour(),
    // date_format and CASTs agree with Trino; only instants (to_unixtime) of non-UTC texts differ.
    // Without an offset the text is read in the session zone, UTC. Trino keeps milliseconds only.
    sql: String.raw`CREATE OR REPLACE TEMP MACRO from_iso8601_timestamp(s) AS system.main.date_trunc('millisecond', CAST(system.main.regexp_replace(s, '([T ]\d{2}(?::\d{2}(?::\d{2}(?:[.,]\d+)?)?)?)(?:Z|[+-]\d{2}(?::?\d{2})?)$', '\1') AS TIMESTAMP))`,
    trinoDoc: `${DATETIME}#from_iso8601_timestamp`,
    examples: [
      // Doc: 2020-05-11 00:00:00.000 <session zone>
      { call: "from_iso8601_timestamp('2020-05-11')", expected: '2020-05-11 00:00:00' },
      // Doc: 2020-05-11 11:15:05.000 <session zone>
      { call: "from_iso8601_timestamp('2020-05-11T11:15:05')", expected: '2020-05-11 11:15:05' },
      // Doc: 2020-05-11 11:15:05.055 +01:00, whose wall clock is kept
      { call: "from_iso8601_timestamp('2020-05-11T11:15:05.055+01:00')", expected: '2020-05-11 11:15:05.055' },
      { call: "from_iso8601_timestamp('2020-05-11T11:15:05.123456Z')", expected: '2020-05-11 11:15:05.123' },
    ],
  },
  {
    name: 'from_iso8601_date',
    // Calendar dates, ISO week dates (2020-W10[-2]) and ordinal dates (2020-123), as Trino documents.
    sql:
      String.raw`CREATE OR REPLACE TEMP MACRO from_iso8601_date(s) AS CASE` +
      String.raw` WHEN regexp_full_match(s, '\d{4}-W\d{2}(-[1-7])?') THEN make_date(CAST(left(s, 4) AS INTEGER), 1, 4)` +
      ` - CAST(isodow(make_date(CAST(left(s, 4) AS INTEGER), 1, 4)) - 1 AS INTEGER)` +
      ` + CAST((CAST(system.main.substr(s, 7, 2) AS INTEGER) - 1) * 7 + coalesce(CAST(nullif(system.main.substr(s, 10, 1), '') AS INTEGER), 1) - 1 AS INTEGER)` +
      String.raw` WHEN regexp_full_match(s, '\d{4}-\d{3}') THEN make_date(CAST(left(s, 4) AS INTEGER), 1, 1) + CAST(system.main.substr(s, 6, 3) AS INTEGER) - 1` +
      String.raw` WHEN regexp_full_match(s, '\d{4}') THEN make_date(CAST(s AS INTEGER), 1, 1)` +
      String.raw` WHEN regexp_full_match(s, '\d{4}-\d{2}') THEN CAST(s || '-01' AS DATE)` +
      ' ELSE CAST(s AS DATE) END',
    trinoDoc: `${DATETIME}#from_iso8601_date`,
    examples: [
      { call: "from_iso8601_date('2020-05-11')", expected: '2020-05-11' }, // doc
      { call: "from_iso8601_date('2020-W10')", expected: '2020-03-02' }, // doc
      { call: "from_iso8601_date('2020-123')", expected: '2020-05-02' }, // doc
      { call: "from_iso8601_date('2020-W10-3')", expected: '2020-03-04' },
      { call: "typeof(from_iso8601_date('2020-W10'))", expected: 'DATE' },
    ],
  },
  {
    name: 'to_iso8601',
    // Typed overloads because the output shape depends on the input type. TIMESTAMP prints three
    // fractional digits: Athena/Hive timestamps are timestamp(3).
    sql:
      "CREATE OR REPLACE TEMP MACRO to_iso8601(x DATE) AS strftime(x, '%Y-%m-%d')," +
      " (x TIMESTAMP) AS strftime(x, '%Y-%m-%dT%H:%M:%S.%g')," +
      " (x TIMESTAMPTZ) AS strftime(system.main.timezone('UTC', x), '%Y-%m-%dT%H:%M:%S.%gZ')",
    trinoDoc: `${DATETIME}#to_iso8601`,
    examples: [
      { call: "to_iso8601(DATE '2020-05-11')", expected: '2020-05-11' },
      { call: "to_iso8601(TIMESTAMP '2020-05-11 11:15:05.055')", expected: '2020-05-11T11:15:05.055' },
      { call: "to_iso8601(TIMESTAMPTZ '2020-05-11 11:15:05.055+01:00')", expected: '2020-05-11T10:15:05.055Z' },
    ],
  },
  {
    name: 'date_format',
    sql: `CREATE OR REPLACE TEMP MACRO date_format(ts, fmt) AS CASE WHEN ts IS NOT NULL THEN array_to_string([${MYSQL_TOKEN_VALUE('tok')} FOR tok IN ${MYSQL_TOKENS}], '') END`,
    trinoDoc: `${DATETIME}#date_format`,
    examples: [
      { call: "date_format(TIMESTAMP '2022-10-20 05:10:00', '%m-%d-%Y %H')", expected: '10-20-2022 05' }, // doc
      { call: "date_format(TIMESTAMP '2024-04-07 15:04:05.123', '%W %a %M %b %e %c %y')", expected: 'Sunday Sun April Apr 7 4 24' },
      {
        call: "date_format(TIMESTAMP '2024-04-07 15:04:05.123', '%r|%T|%h %I %k %l %p|%i:%s:%S.%f|%j')",
        expected: '03:04:05 PM|15:04:05|03 03 15 3 PM|04:05:05.123000|098',
      },
      { call: "date_format(DATE '2021-01-01', '%x-W%v')", expected: '2020-W53' },
      { call: "date_format(TIMESTAMP '2024-04-07 00:00:00', '100%% %Q')", expected: '100% Q' },
    ],
  },
  {
    name: 'format_datetime',
    // Joda patterns evaluated token by token; text fields in English, zones assume UTC.
    // Unsupported: locale-specific text, zone names other than UTC, 'u'/'Q' style letters.
    sql: `CREATE OR REPLACE TEMP MACRO format_datetime(ts, fmt) AS CASE WHEN ts IS NOT NULL THEN array_to_string([${JODA_TOKEN_VALUE} FOR tok IN ${JODA_TOKENS}], '') END`,
    trinoDoc: `${DATETIME}#format_datetime`,
    examples: [
      { call: "format_datetime(TIMESTAMP '2022-10-20 05:10:00', 'yyyy-MM-dd HH:mm:ss')", expected: '2022-10-20 05:10:00' },
      { call: "format_datetime(TIMESTAMP '2024-04-07 15:04:05.123', 'EEE EEEE MMM MMMM d M yy')", expected: 'Sun Sunday Apr April 7 4 24' },
      { call: "format_datetime(TIMESTAMP '2024-04-07 15:04:05.123', 'h:mm a, K k, SSS S SSSSSS, D')", expected: '3:04 PM, 3 15, 123 1 123000, 98' },
      { call: "format_datetime(TIMESTAMP '2024-04-07 00:30:00', '''at'' HH ''o''''clock'' k')", expected: "at 00 o'clock 24" },
      { call: "format_datetime(DATE '2021-01-01', 'xxxx-''W''ww-e')", expected: '2020-W53-5' },
    ],
  },
  {
    name: 'with_timezone',
    // Trino reads the timestamp as wall-clock time in the zone. A local TIMESTAMP standing for a
    // zoned value is that wall clock (the convention of from_unixtime(x, zone) and AT TIME ZONE).
    sql: 'CREATE OR REPLACE TEMP MACRO with_timezone(ts, zone) AS CASE WHEN zone IS NOT NULL THEN CAST(ts AS TIMESTAMP) END',
    trinoDoc: `${DATETIME}#with_timezone`,
    examples: [],
  },
  {
    name: 'date_add',
    // The two-argument overload is DuckDB's own date_add(date, interval), kept for DuckDB-only code.
    sql:
      'CREATE OR REPLACE TEMP MACRO date_add(a, b) AS a + b,' +
      ` (unit, value, x DATE) AS CAST(x + ${INTERVAL_OF_UNIT('unit', 'value')} AS DATE),` +
      ` (unit, value, x) AS x + ${INTERVAL_OF_UNIT('unit', 'value')}`,
    shadows: {
      trino: 'date_add(unit, value, timestamp) -> same type as timestamp',
      duckdb: 'date_add(date, interval) -> TIMESTAMP (a system macro for date + interval)',
      resolution: 'Overloaded temp macro: 2 arguments keep the DuckDB meaning, 3 arguments are Trino; typed overload keeps DATE as DATE.',
    },
    trinoDoc: `${DATETIME}#date_add`,
    examples: [
      { call: "date_add('second', 86, TIMESTAMP '2020-03-01 00:00:00')", expected: '2020-03-01 00:01:26' }, // doc
      { call: "date_add('hour', 9, TIMESTAMP '2020-03-01 00:00:00')", expected: '2020-03-01 09:00:00' }, // doc
      { call: "date_add('day', -1, TIMESTAMP '2020-03-01 00:00:00')", expected: '2020-02-29 00:00:00' }, // doc
      // Month arithmetic clamps to the month end, like `timestamp '2012-10-31 01:00' + interval '1' month`.
      { call: "date_add('month', 1, TIMESTAMP '2012-10-31 01:00:00')", expected: '2012-11-30 01:00:00' },
      { call: "date_add('quarter', 1, DATE '2024-01-31')", expected: '2024-04-30' },
      { call: "typeof(date_add('day', 1, DATE '2024-01-31'))", expected: 'DATE' },
      // timestamp(3) like Athena's columns: Trino keeps a literal's precision, so '…00:00:00' (precision 0) would round to 00:00:02.
      { call: "date_add('millisecond', 1500, TIMESTAMP '2020-03-01 00:00:00.000')", expected: '2020-03-01 00:00:01.5' },
      { call: "date_add(DATE '2024-01-01', INTERVAL 1 DAY)", expected: '2024-01-02 00:00:00' },
    ],
  },
  {
    name: 'date_diff',
    // DuckDB's date_diff counts unit boundaries crossed; Trino counts whole units elapsed, which is
    // DuckDB's date_sub (including the end-of-month rule for months).
    sql: 'CREATE OR REPLACE TEMP MACRO date_diff(unit, a, b) AS date_sub(unit, a, b)',
    shadows: {
      trino: 'date_diff(unit, a, b): whole units elapsed from a to b',
      duckdb: 'date_diff(part, a, b): unit boundaries crossed (23:45 -> 03:56 next day is 1 day)',
      resolution: 'Temp macro delegating to DuckDB date_sub, which counts whole units; same argument order.',
    },
    trinoDoc: `${DATETIME}#date_diff`,
    examples: [
      { call: "date_diff('second', TIMESTAMP '2020-03-01 00:00:00', TIMESTAMP '2020-03-02 00:00:00')", expected: 86400 }, // doc
      { call: "date_diff('hour', TIMESTAMP '2020-03-01 00:00:00', TIMESTAMP '2020-03-02 00:00:00')", expected: 24 }, // doc
      { call: "date_diff('day', DATE '2020-03-01', DATE '2020-03-02')", expected: 1 }, // doc
      { call: "date_diff('second', TIMESTAMP '2020-06-01 12:30:45.000000000', TIMESTAMP '2020-06-02 12:30:45.123456789')", expected: 86400 }, // doc
      { call: "date_diff('millisecond', TIMESTAMP '2020-06-01 12:30:45.000000000', TIMESTAMP '2020-06-02 12:30:45.123456789')", expected: 86400123 }, // doc
      // Less than 24 hours apart: zero whole days (DuckDB's built-in says 1).
      { call: "date_diff('day', TIMESTAMP '2022-05-01 23:45:09', TIMESTAMP '2022-05-02 03:56:31')", expected: 0 },
      { call: "date_diff('month', DATE '2024-01-31', DATE '2024-02-29')", expected: 1 },
      { call: "date_diff('year', DATE '2024-03-01', DATE '2023-03-02')", expected: 0 },
    ],
  },
  {
    name: 'date_trunc',
    // Trino returns the input type; DuckDB turns a DATE into a TIMESTAMP.
    sql:
      'CREATE OR REPLACE TEMP MACRO date_trunc(unit, x DATE) AS CAST(system.main.date_trunc(unit, x) AS DATE),' +
      ' (unit, x) AS system.main.date_trunc(unit, x)',
    shadows: {
      trino: 'date_trunc(unit, x) -> same type as x',
      duckdb: 'date_trunc(part, DATE) -> TIMESTAMP',
      resolution: 'Temp macro with a DATE-typed overload casting back to DATE; other types call system.main.date_trunc.',
    },
    trinoDoc: `${DATETIME}#date_trunc`,
    examples: [
      { call: "date_trunc('day', TIMESTAMP '2022-10-20 05:10:00')", expected: '2022-10-20 00:00:00' }, // doc
      { call: "date_trunc('month', TIMESTAMP '2022-10-20 05:10:00')", expected: '2022-10-01 00:00:00' }, // doc
      { call: "date_trunc('year', TIMESTAMP '2022-10-20 05:10:00')", expected: '2022-01-01 00:00:00' }, // doc
      // The doc's unit table, input 2001-08-22 03:04:05.321
      { call: "date_trunc('millisecond', TIMESTAMP '2001-08-22 03:04:05.321')", expected: '2001-08-22 03:04:05.321' },
      { call: "date_trunc('week', TIMESTAMP '2001-08-22 03:04:05.321')", expected: '2001-08-20 00:00:00' },
      { call: "date_trunc('quarter', TIMESTAMP '2001-08-22 03:04:05.321')", expected: '2001-07-01 00:00:00' },
      { call: "date_trunc('month', DATE '2001-08-22')", expected: '2001-08-01' },
      { call: "typeof(date_trunc('month', DATE '2001-08-22'))", expected: 'DATE' },
    ],
  },
  {
    name: 'millisecond',
    // DuckDB's millisecond() includes the seconds (0..59999); Trino's is the millisecond of the second.
    sql: 'CREATE OR REPLACE TEMP MACRO millisecond(x) AS system.main.millisecond(x) % 1000',
    shadows: {
      trino: 'millisecond(x): millisecond of the second, 0..999',
      duckdb: 'millisecond(x): milliseconds since the minute, 0..59999',
      resolution: 'Temp macro: system.main.millisecond(x) % 1000.',
    },
    trinoDoc: `${DATETIME}#millisecond`,
    examples: [{ call: "millisecond(TIMESTAMP '2001-08-22 03:04:05.321')", expected: 321 }],
  },
  {
    name: 'timezone',
    // DuckDB parses `x AT TIME ZONE z` as timezone(z, x), and reads a TIMESTAMP as wall-clock time
    // in z. Trino reads it in the session zone (UTC here) and shows it in z; the local answer is that
    // wall clock in z, as a TIMESTAMP (the project's convention for zoned values).
    sql:
      "CREATE OR REPLACE TEMP MACRO timezone(zone, x TIMESTAMP) AS system.main.timezone(zone, system.main.timezone('UTC', x))," +
      ' (zone, x) AS system.main.timezone(zone, x), (x) AS system.main.timezone(x)',
    shadows: {
      trino: 'x AT TIME ZONE z: x (a timestamp) read in the session zone, shown in z',
      duckdb: 'x AT TIME ZONE z = timezone(z, x): x read as wall-clock time in z',
      resolution: 'Temp macro: a TIMESTAMP is read as UTC; the result is the wall-clock TIMESTAMP in z.',
    },
    trinoDoc: `${DATETIME}#at-time-zone-operator`,
    examples: [],
  },
];
