/**
 * Trino (Athena) compatibility macros for DuckDB.
 *
 * Analysts write every view once, in Athena/Trino SQL. The local engine is DuckDB, which lacks a
 * good part of Trino's function vocabulary (`day_of_week`, `date_format`, `from_iso8601_timestamp`,
 * `json_extract_scalar`, ...) and — worse — has a few functions with the same name but different
 * results (`date_diff` counts boundaries instead of whole units, `split_part` returns `''` instead of
 * NULL past the last field, `millisecond` includes the seconds, `date_trunc`/`date_add` turn a DATE
 * into a TIMESTAMP, `regexp_extract` returns `''` instead of NULL). Instead of rewriting SQL text we
 * install macros on the DuckDB connection so the same view text runs unchanged on both engines.
 *
 * This module is data: one `CREATE OR REPLACE TEMP MACRO` per Trino function, the Trino doc page,
 * and examples whose expected values are the ones the Trino documentation states (or, where the doc
 * has no example, a value computed by hand from the documented definition). The test suite runs
 * every example against a real DuckDB.
 *
 * Facts established experimentally on DuckDB 1.5.6 that shape the design:
 * - A macro named like a built-in function (scalar or macro) shadows it completely: all built-in
 *   overloads disappear behind it, both for a macro in `main` and in `temp`. Overloaded macros
 *   (`AS a, (x, y) AS b`) and typed parameters (`(x DATE)`) let one macro keep the DuckDB form and
 *   add the Trino form, and dispatch on the argument type to preserve Trino's "same type as input".
 * - The built-in stays reachable as `system.main.<name>(...)`, which is how the shadowing macros
 *   (and any macro using a shadowed name) call the original without recursing into themselves.
 * - `CREATE MACRO` binds the body at creation time, so a macro may only reference functions that
 *   already exist; `trinoCompatMacroSql()` returns the statements in an order where that holds.
 * - strftime/strptime and regex options require a format that is constant when the call is bound;
 *   a format computed inside a macro never is. So `date_format`/`format_datetime` split the pattern
 *   into tokens and render each with a constant strftime (or arithmetic), and concatenate.
 *
 * Why TEMP: temp macros live in the connection, never in a database file, so a persistent
 * `.duckdb` file opened by another tool does not silently inherit a `date_add` with Trino
 * semantics; the price is that every new connection must run `trinoCompatMacroSql()`.
 *
 * Built-ins checked and left alone because DuckDB already matches Trino: `strpos(string, substring)` (1-based, 0 when absent), `week(x)` (ISO week),
 * `year`, `quarter`, `month`, `day`, `hour`, `minute`, `second`, `last_day`, `split(string, delim)`,
 * `regexp_replace(string, pattern, replacement)`, `json_array_length`, `to_milliseconds`,
 * `count_if`, `bool_and`, `bool_or`, `max_by`, `min_by`, `arbitrary`, `array_distinct`,
 * `array_position`, `contains`, `reverse`, `length`, `lpad`, `rpad`, `chr`, `sha256`, `md5`,
 * `from_base64`, `to_base64`, `starts_with`, `if` (rewritten to CASE by the DuckDB parser).
 *
 * Known differences NOT covered (a macro cannot fix them or it is not worth the risk):
 * - `typeof` exists in both, but names types differently (`INTEGER` vs `integer`, `VARCHAR` vs `varchar(5)`).
 * - `greatest`, `least`: Trino returns NULL when any argument is NULL, DuckDB skips NULLs. They are
 *   variadic, which a macro cannot be; use COALESCE explicitly. (`concat` has the same rule and is
 *   imitated up to 8 arguments by an overloaded macro, see NAME_CLASHES.)
 * - Regular expressions are Java-flavoured in Trino and RE2 in DuckDB: no look-around, no back-references.
 * - JSON paths: DuckDB understands `$.a.b`, `$[0]` and `$."key with space"`, not Trino's `$["key"]`.
 * - `strpos(string, substring, instance)` and `split(string, delim, limit)` three-argument forms.
 * - `date_parse(string, format)`: DuckDB's strptime insists on a constant format at bind time and a
 *   macro body is bound with the format still a parameter, so the MySQL->strptime translation cannot
 *   live in a macro. It has to happen when the SQL is compiled (the format is nearly always a literal).
 * - Functions returning `timestamp with time zone` in Trino (`from_iso8601_timestamp`,
 *   `from_unixtime`) return a TIMESTAMP normalised to UTC here, the project's timestamp convention.
 */

/** One Trino function imitated by a DuckDB macro, with the documentation it is tested against. */
export interface TrinoCompatMacro {
  /** Trino function name; also the name of the DuckDB macro. */
  readonly name: string;
  /** A single `CREATE OR REPLACE TEMP MACRO` statement; re-running it is harmless. */
  readonly sql: string;
  /** Page (and anchor) of the Trino documentation describing the function. */
  readonly trinoDoc: string;
  /**
   * SQL expressions and the value Trino returns for them, as rendered by DuckDB's JSON row output
   * (timestamps as `YYYY-MM-DD HH:MM:SS[.fff]`). Numbers compare numerically.
   */
  readonly examples: readonly {
    readonly call: string;
    readonly expected: string | number | boolean | null;
  }[];
}

/** A Trino function whose name DuckDB already uses for something else, and how that is resolved. */
export interface NameClash {
  readonly name: string;
  /** The Trino signature and meaning. */
  readonly trino: string;
  /** The DuckDB built-in signature and meaning. */
  readonly duckdb: string;
  readonly resolution: string;
}

const DOCS = 'https://trino.io/docs/current/functions';
const DATETIME = `${DOCS}/datetime.html`;

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
 * Athena also fails locally. Anything else after % is that literal character ("%x -> x").
 */
const MYSQL_TOKEN_VALUE = (tok: string): string =>
  `CASE ${tok}` +
  ` WHEN '%a' THEN strftime(ts, '%a') WHEN '%b' THEN strftime(ts, '%b') WHEN '%c' THEN strftime(ts, '%-m')` +
  ` WHEN '%d' THEN strftime(ts, '%d') WHEN '%e' THEN strftime(ts, '%-d')` +
  // Trino prints six digits of a value truncated to milliseconds.
  ` WHEN '%f' THEN strftime(ts, '%g000')` +
  ` WHEN '%H' THEN strftime(ts, '%H') WHEN '%h' THEN strftime(ts, '%I') WHEN '%I' THEN strftime(ts, '%I')` +
  ` WHEN '%i' THEN strftime(ts, '%M') WHEN '%j' THEN strftime(ts, '%j') WHEN '%k' THEN strftime(ts, '%-H')` +
  ` WHEN '%l' THEN strftime(ts, '%-I') WHEN '%M' THEN strftime(ts, '%B') WHEN '%m' THEN strftime(ts, '%m')` +
  ` WHEN '%p' THEN strftime(ts, '%p') WHEN '%r' THEN strftime(ts, '%I:%M:%S %p')` +
  ` WHEN '%S' THEN strftime(ts, '%S') WHEN '%s' THEN strftime(ts, '%S') WHEN '%T' THEN strftime(ts, '%H:%M:%S')` +
  ` WHEN '%v' THEN strftime(ts, '%V') WHEN '%W' THEN strftime(ts, '%A') WHEN '%x' THEN strftime(ts, '%G')` +
  ` WHEN '%Y' THEN strftime(ts, '%Y') WHEN '%y' THEN strftime(ts, '%y') WHEN '%' THEN '%'` +
  ` WHEN '%D' THEN error('date_format: %D is not supported by Trino')` +
  ` WHEN '%U' THEN error('date_format: %U is not supported by Trino')` +
  ` WHEN '%u' THEN error('date_format: %u is not supported by Trino')` +
  ` WHEN '%V' THEN error('date_format: %V is not supported by Trino')` +
  ` WHEN '%w' THEN error('date_format: %w is not supported by Trino')` +
  ` WHEN '%X' THEN error('date_format: %X is not supported by Trino')` +
  ` ELSE CASE WHEN left(${tok}, 1) = '%' THEN substr(${tok}, 2) ELSE ${tok} END END`;

// A % with its specifier, a trailing lone %, or a run of literal text.
const MYSQL_TOKENS = `regexp_extract_all(fmt, '%.|%$|[^%]+')`;

/*
 * Joda pattern tokens: a quoted literal ('' inside quotes is a quote), a run of one pattern letter,
 * any other letter (Joda rejects it, so we raise), or literal punctuation. RE2 has no
 * back-references, hence one alternative per supported letter.
 */
const JODA_TOKENS =
  `regexp_extract_all(fmt, '''(?:[^'']|'''')*''|G+|C+|Y+|x+|w+|e+|E+|y+|D+|M+|d+|a+|K+|h+|H+|k+|m+|s+|S+|z+|Z+|[A-Za-z]|[^A-Za-z'']+')`;

// Joda pads numbers to the token width but never truncates them (except the two-letter year).
const PAD = (value: string): string =>
  `lpad(CAST(${value} AS VARCHAR), CAST(greatest(length(tok), length(CAST(${value} AS VARCHAR))) AS INTEGER), '0')`;

const JODA_TOKEN_VALUE =
  `CASE` +
  ` WHEN tok = '''''' THEN ''''` +
  ` WHEN left(tok, 1) = '''' THEN replace(substr(tok, 2, length(tok) - 2), '''''', '''')` +
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

/** Every Trino function this project imitates on DuckDB, in installation order. */
export const TRINO_COMPAT_MACROS: readonly TrinoCompatMacro[] = [
  // ---- extraction aliases: DuckDB has the function under another name ----
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

  // ---- unix time and ISO 8601 ----
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
      ' (unixtime, zone) AS timezone(zone, make_timestamptz(CAST(round(CAST(unixtime AS DOUBLE) * 1000) AS BIGINT) * 1000)),' +
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
    name: 'from_iso8601_timestamp',
    // An explicit offset/Z goes through TIMESTAMPTZ and back to UTC; without one the text is taken as
    // UTC wall-clock (Trino uses the session zone, which is UTC in this project). A plain cast to
    // TIMESTAMP would silently drop the offset. Trino keeps milliseconds only.
    sql: String.raw`CREATE OR REPLACE TEMP MACRO from_iso8601_timestamp(s) AS system.main.date_trunc('millisecond', CASE WHEN regexp_matches(s, '[T ]\d{2}.*(Z|[+-]\d{2}(:?\d{2})?)$') THEN timezone('UTC', CAST(s AS TIMESTAMPTZ)) ELSE CAST(s AS TIMESTAMP) END)`,
    trinoDoc: `${DATETIME}#from_iso8601_timestamp`,
    examples: [
      // Doc: 2020-05-11 00:00:00.000 <session zone>
      { call: "from_iso8601_timestamp('2020-05-11')", expected: '2020-05-11 00:00:00' },
      // Doc: 2020-05-11 11:15:05.000 <session zone>
      { call: "from_iso8601_timestamp('2020-05-11T11:15:05')", expected: '2020-05-11 11:15:05' },
      // Doc: 2020-05-11 11:15:05.055 +01:00, i.e. 10:15:05.055 UTC
      { call: "from_iso8601_timestamp('2020-05-11T11:15:05.055+01:00')", expected: '2020-05-11 10:15:05.055' },
      { call: "from_iso8601_timestamp('2020-05-11T11:15:05.123456Z')", expected: '2020-05-11 11:15:05.123' },
    ],
  },
  {
    name: 'from_iso8601_date',
    // Calendar dates, ISO week dates (2020-W10[-2]) and ordinal dates (2020-123), as Trino documents.
    sql: String.raw`CREATE OR REPLACE TEMP MACRO from_iso8601_date(s) AS CASE` +
      String.raw` WHEN regexp_full_match(s, '\d{4}-W\d{2}(-[1-7])?') THEN make_date(CAST(left(s, 4) AS INTEGER), 1, 4)` +
      ` - CAST(isodow(make_date(CAST(left(s, 4) AS INTEGER), 1, 4)) - 1 AS INTEGER)` +
      ` + CAST((CAST(substr(s, 7, 2) AS INTEGER) - 1) * 7 + coalesce(CAST(nullif(substr(s, 10, 1), '') AS INTEGER), 1) - 1 AS INTEGER)` +
      String.raw` WHEN regexp_full_match(s, '\d{4}-\d{3}') THEN make_date(CAST(left(s, 4) AS INTEGER), 1, 1) + CAST(substr(s, 6, 3) AS INTEGER) - 1` +
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
      " (x TIMESTAMPTZ) AS strftime(timezone('UTC', x), '%Y-%m-%dT%H:%M:%S.%gZ')",
    trinoDoc: `${DATETIME}#to_iso8601`,
    examples: [
      { call: "to_iso8601(DATE '2020-05-11')", expected: '2020-05-11' },
      { call: "to_iso8601(TIMESTAMP '2020-05-11 11:15:05.055')", expected: '2020-05-11T11:15:05.055' },
      { call: "to_iso8601(TIMESTAMPTZ '2020-05-11 11:15:05.055+01:00')", expected: '2020-05-11T10:15:05.055Z' },
    ],
  },

  // ---- formatting and parsing ----
  {
    name: 'date_format',
    sql: `CREATE OR REPLACE TEMP MACRO date_format(ts, fmt) AS CASE WHEN ts IS NOT NULL THEN array_to_string([${MYSQL_TOKEN_VALUE('tok')} FOR tok IN ${MYSQL_TOKENS}], '') END`,
    trinoDoc: `${DATETIME}#date_format`,
    examples: [
      { call: "date_format(TIMESTAMP '2022-10-20 05:10:00', '%m-%d-%Y %H')", expected: '10-20-2022 05' }, // doc
      { call: "date_format(TIMESTAMP '2024-04-07 15:04:05.123', '%W %a %M %b %e %c %y')", expected: 'Sunday Sun April Apr 7 4 24' },
      { call: "date_format(TIMESTAMP '2024-04-07 15:04:05.123', '%r|%T|%h %I %k %l %p|%i:%s:%S.%f|%j')", expected: '03:04:05 PM|15:04:05|03 03 15 3 PM|04:05:05.123000|098' },
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
      { call: "format_datetime(TIMESTAMP '2024-04-07 15:04:05', 'yyyy-MM-dd''T''HH:mm:ssZZ')", expected: '2024-04-07T15:04:05+00:00' },
    ],
  },

  // ---- numbers ----
  {
    name: 'truncate',
    sql: 'CREATE OR REPLACE TEMP MACRO truncate(x) AS trunc(x), (x, n) AS trunc(x, n)',
    trinoDoc: `${DOCS}/math.html#truncate`,
    examples: [
      { call: "truncate(REAL '12.333', -1)", expected: 10 }, // doc: 10.0
      { call: "truncate(REAL '12.333', 0)", expected: 12 }, // doc: 12.0
      { call: "truncate(REAL '12.333', 1)", expected: 12.3 }, // doc: 12.3
      { call: 'truncate(-12.7)', expected: -12 },
    ],
  },
  {
    name: 'is_nan',
    sql: 'CREATE OR REPLACE TEMP MACRO is_nan(x) AS isnan(x)',
    trinoDoc: `${DOCS}/math.html#is_nan`,
    examples: [
      { call: "is_nan(CAST('NaN' AS DOUBLE))", expected: true },
      { call: 'is_nan(1.5)', expected: false },
    ],
  },
  {
    name: 'is_finite',
    sql: 'CREATE OR REPLACE TEMP MACRO is_finite(x) AS isfinite(x)',
    trinoDoc: `${DOCS}/math.html#is_finite`,
    examples: [
      { call: "is_finite(CAST('Infinity' AS DOUBLE))", expected: false },
      { call: 'is_finite(1.5)', expected: true },
    ],
  },
  {
    name: 'is_infinite',
    sql: 'CREATE OR REPLACE TEMP MACRO is_infinite(x) AS isinf(x)',
    trinoDoc: `${DOCS}/math.html#is_infinite`,
    examples: [{ call: "is_infinite(CAST('-Infinity' AS DOUBLE))", expected: true }],
  },
  {
    name: 'nan',
    sql: "CREATE OR REPLACE TEMP MACRO nan() AS CAST('NaN' AS DOUBLE)",
    trinoDoc: `${DOCS}/math.html#nan`,
    examples: [{ call: 'isnan(nan())', expected: true }],
  },
  {
    name: 'infinity',
    sql: "CREATE OR REPLACE TEMP MACRO infinity() AS CAST('Infinity' AS DOUBLE)",
    trinoDoc: `${DOCS}/math.html#infinity`,
    examples: [{ call: 'infinity() > 1e308', expected: true }],
  },

  // ---- strings, regex, JSON ----
  {
    name: 'codepoint',
    sql: 'CREATE OR REPLACE TEMP MACRO codepoint(s) AS unicode(s)',
    trinoDoc: `${DOCS}/string.html#codepoint`,
    examples: [
      { call: "codepoint('A')", expected: 65 },
      { call: "codepoint('€')", expected: 8364 },
    ],
  },
  {
    name: 'regexp_like',
    // Both are "contains" matches; anchor with ^ and $ for a full match, as in Trino.
    sql: 'CREATE OR REPLACE TEMP MACRO regexp_like(s, pattern) AS regexp_matches(s, pattern)',
    trinoDoc: `${DOCS}/regexp.html#regexp_like`,
    examples: [
      { call: String.raw`regexp_like('1a 2b 14m', '\d+b')`, expected: true }, // doc
      { call: String.raw`regexp_like('1a 2b 14m', '^\d+b$')`, expected: false },
    ],
  },
  {
    name: 'json_extract_scalar',
    // Trino yields NULL for objects/arrays and for text that is not JSON; DuckDB would return the
    // serialized object or raise on invalid JSON.
    sql:
      'CREATE OR REPLACE TEMP MACRO json_extract_scalar(j, path) AS CASE' +
      ' WHEN NOT json_valid(j) THEN NULL' +
      " WHEN json_type(json_extract(j, path)) IN ('OBJECT', 'ARRAY') THEN NULL" +
      ' ELSE json_extract_string(j, path) END',
    trinoDoc: `${DOCS}/json.html#json_extract_scalar`,
    examples: [
      { call: "json_extract_scalar('[1, 2, 3]', '$[2]')", expected: '3' }, // doc example, value by definition
      {
        call: `json_extract_scalar('{"store": {"book": [{"title": "Moby Dick", "author": "Herman Melville"}]}}', '$.store.book[0].author')`,
        expected: 'Herman Melville',
      },
      { call: `json_extract_scalar('{"a": {"b": 1}}', '$.a')`, expected: null },
      { call: `json_extract_scalar('{"a": true}', '$.a')`, expected: 'true' },
      { call: `json_extract_scalar('{"a": null}', '$.a')`, expected: null },
      { call: `json_extract_scalar('{"a": 1}', '$.missing')`, expected: null },
      { call: `json_extract_scalar('not json', '$.a')`, expected: null },
    ],
  },
  {
    name: 'json_parse',
    sql: 'CREATE OR REPLACE TEMP MACRO json_parse(s) AS json(s)',
    trinoDoc: `${DOCS}/json.html#json_parse`,
    examples: [{ call: "CAST(json_parse('[1, 2, 3]') AS VARCHAR)", expected: '[1,2,3]' }], // doc: JSON '[1,2,3]'
  },
  {
    name: 'json_format',
    sql: 'CREATE OR REPLACE TEMP MACRO json_format(j) AS CAST(json(j) AS VARCHAR)',
    trinoDoc: `${DOCS}/json.html#json_format`,
    examples: [
      { call: "json_format(JSON '[1, 2, 3]')", expected: '[1,2,3]' }, // doc
      { call: `json_format(JSON '"a"')`, expected: '"a"' }, // doc
    ],
  },
  {
    name: 'json_size',
    sql:
      'CREATE OR REPLACE TEMP MACRO json_size(j, path) AS CASE' +
      ' WHEN json_extract(j, path) IS NULL THEN NULL' +
      " WHEN json_type(json_extract(j, path)) = 'OBJECT' THEN CAST(len(json_keys(j, path)) AS BIGINT)" +
      " WHEN json_type(json_extract(j, path)) = 'ARRAY' THEN CAST(json_array_length(j, path) AS BIGINT)" +
      ' ELSE 0 END',
    trinoDoc: `${DOCS}/json.html#json_size`,
    examples: [
      { call: `json_size('{"x": {"a": 1, "b": 2}}', '$.x')`, expected: 2 }, // doc
      { call: `json_size('{"x": [1, 2, 3]}', '$.x')`, expected: 3 }, // doc
      { call: `json_size('{"x": {"a": 1, "b": 2}}', '$.x.a')`, expected: 0 }, // doc
      { call: `json_size('{"x": 1}', '$.y')`, expected: null },
    ],
  },

  // ---- aggregates ----
  {
    name: 'approx_distinct',
    // Both are HyperLogLog estimates; the error argument is accepted and ignored.
    sql: 'CREATE OR REPLACE TEMP MACRO approx_distinct(x) AS approx_count_distinct(x), (x, e) AS approx_count_distinct(x)',
    trinoDoc: `${DOCS}/aggregate.html#approx_distinct`,
    examples: [
      { call: '(SELECT approx_distinct(x) FROM (VALUES (1), (2), (2), (3), (NULL)) t(x))', expected: 3 },
      { call: '(SELECT approx_distinct(x, 0.0230) FROM (VALUES (1), (2), (2), (3)) t(x))', expected: 3 },
    ],
  },
  {
    name: 'approx_percentile',
    sql: 'CREATE OR REPLACE TEMP MACRO approx_percentile(x, p) AS approx_quantile(x, p)',
    trinoDoc: `${DOCS}/aggregate.html#approx_percentile`,
    examples: [{ call: '(SELECT approx_percentile(x, 0.5) FROM (VALUES (1), (2), (2), (3), (10)) t(x))', expected: 2 }],
  },

  // ---- built-ins DuckDB has with other semantics: these macros shadow them (see NAME_CLASHES) ----
  {
    name: 'date_add',
    // The two-argument overload is DuckDB's own date_add(date, interval), kept for DuckDB-only code.
    sql:
      'CREATE OR REPLACE TEMP MACRO date_add(a, b) AS a + b,' +
      ` (unit, value, x DATE) AS CAST(x + ${INTERVAL_OF_UNIT('unit', 'value')} AS DATE),` +
      ` (unit, value, x) AS x + ${INTERVAL_OF_UNIT('unit', 'value')}`,
    trinoDoc: `${DATETIME}#date_add`,
    examples: [
      { call: "date_add('second', 86, TIMESTAMP '2020-03-01 00:00:00')", expected: '2020-03-01 00:01:26' }, // doc
      { call: "date_add('hour', 9, TIMESTAMP '2020-03-01 00:00:00')", expected: '2020-03-01 09:00:00' }, // doc
      { call: "date_add('day', -1, TIMESTAMP '2020-03-01 00:00:00')", expected: '2020-02-29 00:00:00' }, // doc
      // Month arithmetic clamps to the month end, like `timestamp '2012-10-31 01:00' + interval '1' month`.
      { call: "date_add('month', 1, TIMESTAMP '2012-10-31 01:00:00')", expected: '2012-11-30 01:00:00' },
      { call: "date_add('quarter', 1, DATE '2024-01-31')", expected: '2024-04-30' },
      { call: "typeof(date_add('day', 1, DATE '2024-01-31'))", expected: 'DATE' },
      { call: "date_add('millisecond', 1500, TIMESTAMP '2020-03-01 00:00:00')", expected: '2020-03-01 00:00:01.5' },
      { call: "date_add(DATE '2024-01-01', INTERVAL 1 DAY)", expected: '2024-01-02 00:00:00' },
    ],
  },
  {
    name: 'concat',
    // Trino's concat is NULL when any argument is NULL (DuckDB's skips NULLs); `||` propagates NULL.
    // Overloads stand in for the variadic form, up to 8 arguments. Found by the trino-target conformance test.
    sql: `CREATE OR REPLACE TEMP MACRO concat${[2, 3, 4, 5, 6, 7, 8]
      .map((n) => {
        const args = Array.from({ length: n }, (_, i) => `a${i + 1}`);
        return `(${args.join(', ')}) AS ${args.join(' || ')}`;
      })
      .join(', ')}`,
    trinoDoc: `${DOCS}/string.html#concat`,
    examples: [
      { call: "concat('a', 'b')", expected: 'ab' },
      { call: "concat('a', NULL)", expected: null },
      { call: "concat('a', '/', 'b', '-', 'c')", expected: 'a/b-c' },
      { call: "concat('STORE', CAST(NULL AS VARCHAR), 'x')", expected: null },
    ],
  },
  {
    name: 'date_diff',
    // DuckDB's date_diff counts unit boundaries crossed; Trino counts whole units elapsed, which is
    // DuckDB's date_sub (including the end-of-month rule for months).
    sql: 'CREATE OR REPLACE TEMP MACRO date_diff(unit, a, b) AS date_sub(unit, a, b)',
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
    trinoDoc: `${DATETIME}#millisecond`,
    examples: [{ call: "millisecond(TIMESTAMP '2001-08-22 03:04:05.321')", expected: 321 }],
  },
  {
    name: 'split_part',
    // Trino returns NULL past the last field; DuckDB returns ''.
    sql:
      'CREATE OR REPLACE TEMP MACRO split_part(s, delimiter, idx) AS CASE' +
      ' WHEN idx <= len(string_split(s, delimiter)) THEN string_split(s, delimiter)[idx] END',
    trinoDoc: `${DOCS}/string.html#split_part`,
    examples: [
      { call: "split_part('a,b,c', ',', 2)", expected: 'b' },
      { call: "split_part('a,b,c', ',', 4)", expected: null },
      { call: "split_part('a,,c', ',', 2)", expected: '' },
    ],
  },
  {
    name: 'regexp_extract',
    // Trino returns NULL when the pattern does not match; DuckDB returns ''.
    sql:
      'CREATE OR REPLACE TEMP MACRO regexp_extract(s, pattern) AS CASE WHEN regexp_matches(s, pattern) THEN system.main.regexp_extract(s, pattern) END,' +
      ' (s, pattern, grp) AS CASE WHEN regexp_matches(s, pattern) THEN system.main.regexp_extract(s, pattern, grp) END',
    trinoDoc: `${DOCS}/regexp.html#regexp_extract`,
    examples: [
      { call: String.raw`regexp_extract('1a 2b 14m', '\d+')`, expected: '1' }, // doc
      { call: String.raw`regexp_extract('1a 2b 14m', '(\d+)([a-z]+)', 2)`, expected: 'a' }, // doc
      { call: String.raw`regexp_extract('abc', '\d+')`, expected: null },
    ],
  },
  {
    name: 'element_at',
    // DuckDB's element_at rejects arrays and returns a one-element list for maps; the subscript
    // operator already has Trino's element_at semantics (NULL when out of range or key missing,
    // negative index counts from the end).
    sql: 'CREATE OR REPLACE TEMP MACRO element_at(container, key) AS container[key]',
    trinoDoc: `${DOCS}/array.html#element_at`,
    examples: [
      { call: 'element_at([10, 20, 30], 2)', expected: 20 },
      { call: 'element_at([10, 20, 30], -1)', expected: 30 },
      { call: 'element_at([10, 20, 30], 4)', expected: null },
      { call: "element_at(MAP {'a': 1, 'b': 2}, 'b')", expected: 2 },
      { call: "element_at(MAP {'a': 1}, 'z')", expected: null },
    ],
  },
  {
    name: 'cardinality',
    // DuckDB's cardinality accepts only maps. No DuckDB length function accepts both lists and maps,
    // and a macro cannot branch on type without binding every branch, so both go through JSON.
    sql:
      "CREATE OR REPLACE TEMP MACRO cardinality(x) AS CASE WHEN starts_with(typeof(x), 'MAP') THEN CAST(len(json_keys(to_json(x))) AS BIGINT)" +
      ' ELSE CAST(json_array_length(to_json(x)) AS BIGINT) END',
    trinoDoc: `${DOCS}/array.html#cardinality`,
    examples: [
      { call: 'cardinality([1, NULL, 3])', expected: 3 },
      { call: 'cardinality(CAST([] AS INTEGER[]))', expected: 0 },
      { call: "cardinality(MAP {'a': 1, 'b': 2})", expected: 2 },
      { call: "cardinality(split('a,b,c', ','))", expected: 3 },
      { call: 'cardinality(CAST(NULL AS INTEGER[]))', expected: null },
    ],
  },
];

/**
 * Trino names that DuckDB already defines differently. DuckDB lets a connection-level macro shadow
 * a built-in, so each is resolved by a macro in {@link TRINO_COMPAT_MACROS}; no SQL rewriting is
 * needed. The cost is that DuckDB-flavoured calls to these names change meaning on a connection
 * where the macros are installed.
 */
export const NAME_CLASHES: readonly NameClash[] = [
  {
    name: 'date_add',
    trino: 'date_add(unit, value, timestamp) -> same type as timestamp',
    duckdb: 'date_add(date, interval) -> TIMESTAMP (a system macro for date + interval)',
    resolution:
      'Overloaded temp macro: 2 arguments keep the DuckDB meaning, 3 arguments are Trino; typed overload keeps DATE as DATE.',
  },
  {
    name: 'concat',
    trino: 'concat(a, b, …): NULL when any argument is NULL',
    duckdb: 'concat(a, b, …): NULL arguments are skipped',
    resolution: 'Temp macro overloaded for 2 to 8 arguments, joining them with ||, which propagates NULL.',
  },
  {
    name: 'date_diff',
    trino: 'date_diff(unit, a, b): whole units elapsed from a to b',
    duckdb: 'date_diff(part, a, b): unit boundaries crossed (23:45 -> 03:56 next day is 1 day)',
    resolution: 'Temp macro delegating to DuckDB date_sub, which counts whole units; same argument order.',
  },
  {
    name: 'date_trunc',
    trino: 'date_trunc(unit, x) -> same type as x',
    duckdb: 'date_trunc(part, DATE) -> TIMESTAMP',
    resolution: 'Temp macro with a DATE-typed overload casting back to DATE; other types call system.main.date_trunc.',
  },
  {
    name: 'millisecond',
    trino: 'millisecond(x): millisecond of the second, 0..999',
    duckdb: 'millisecond(x): milliseconds since the minute, 0..59999',
    resolution: 'Temp macro: system.main.millisecond(x) % 1000.',
  },
  {
    name: 'split_part',
    trino: 'split_part(s, delim, i): NULL when i is past the last field',
    duckdb: "split_part(s, delim, i): '' when i is past the last field",
    resolution: 'Temp macro over string_split.',
  },
  {
    name: 'regexp_extract',
    trino: 'regexp_extract(s, pattern[, group]): NULL when there is no match',
    duckdb: "regexp_extract(s, pattern[, group[, options]]): '' when there is no match",
    resolution:
      'Temp macro guarding system.main.regexp_extract with regexp_matches. The DuckDB 4-argument options form cannot be kept (options must be a bind-time constant); call system.main.regexp_extract for it.',
  },
  {
    name: 'element_at',
    trino: 'element_at(array, i) / element_at(map, key) -> element or NULL',
    duckdb: 'element_at(map, key) -> list of matches; no array overload',
    resolution: 'Temp macro using the subscript operator, which has the Trino semantics for both.',
  },
  {
    name: 'cardinality',
    trino: 'cardinality(array | map) -> bigint',
    duckdb: 'cardinality(map) only',
    resolution: 'Temp macro counting through to_json so both lists and maps work.',
  },
];

/**
 * The statements that install every macro on a DuckDB connection, in a safe order.
 *
 * DuckDB binds a macro body when the macro is created, so a body may only use functions that
 * exist at that moment. No macro here depends on another one, and bodies that need a shadowed
 * built-in call it as `system.main.<name>`; still, the non-shadowing macros come first so that
 * they are bound against the untouched built-ins. Run on every new connection (they are TEMP).
 */
export function trinoCompatMacroSql(): string[] {
  const shadowing = new Set(NAME_CLASHES.map((c) => c.name));
  const plain = TRINO_COMPAT_MACROS.filter((m) => !shadowing.has(m.name));
  const shadows = TRINO_COMPAT_MACROS.filter((m) => shadowing.has(m.name));
  return [...plain, ...shadows].map((m) => m.sql);
}
