/**
 * The inputs and expressions the Trino-compatibility library is checked on, against a real Trino.
 * Data only: `trino-compat-macros.trino.test.ts` runs every probe on both engines and compares.
 *
 * Each probe is one query: `SELECT <exprs> FROM (VALUES <rows>) AS t(<columns>)`, written once in
 * plain Trino SQL — exactly what an analyst would write — and sent unchanged to both engines.
 * The inputs are the edge cases where engines disagree: NULLs, leap days, year, month and ISO-week
 * boundaries, DST transitions, negative and big numbers, empty and unicode strings.
 */
export interface Probe {
  readonly topic: string;
  /** Column names of the input table. */
  readonly columns: readonly string[];
  /** One SQL literal per column, per row. */
  readonly rows: readonly (readonly string[])[];
  /** Trino expressions over the columns; each becomes one result column. */
  readonly exprs: readonly string[];
}

const dates = [
  "DATE '2024-02-29'", // leap day
  "DATE '1900-02-28'", // 1900 is not a leap year
  "DATE '2000-02-29'", // 2000 is
  "DATE '2023-12-31'",
  "DATE '2024-01-01'",
  "DATE '2020-12-31'", // ISO week 53 of 2020
  "DATE '2021-01-03'", // still ISO 2020-W53
  "DATE '2021-01-04'", // ISO 2021-W01
  "DATE '2024-12-30'", // ISO 2025-W01
  "DATE '2026-12-31'",
  "DATE '1970-01-01'",
  "DATE '1969-12-31'",
  "DATE '2024-03-31'", // month end, for month arithmetic
  'CAST(NULL AS date)',
].map((d) => [d]);

const timestamps = [
  "TIMESTAMP '2024-02-29 23:59:59.999'",
  "TIMESTAMP '2023-12-31 23:59:59.500'",
  "TIMESTAMP '2024-01-01 00:00:00.000'",
  "TIMESTAMP '2024-03-31 01:30:00.000'", // Europe/Berlin springs forward at 01:00 UTC
  "TIMESTAMP '2024-10-27 00:30:00.000'", // Europe/Berlin falls back at 01:00 UTC
  "TIMESTAMP '2024-03-10 07:30:00.000'", // America/New_York springs forward at 07:00 UTC
  "TIMESTAMP '1969-12-31 23:59:59.001'", // before the epoch
  "TIMESTAMP '2020-05-11 10:05:05.055'",
  "TIMESTAMP '1900-02-28 12:00:00.000'",
  "TIMESTAMP '2021-01-03 12:34:56.789'",
  "TIMESTAMP '2024-04-07 15:04:05.123'",
  'CAST(NULL AS timestamp(3))',
].map((t) => [t]);

const strings = [
  "''",
  "'abc'",
  "'héllo'", // precomposed é: one code point, two UTF-8 bytes
  `'he${'\u0301'}llo'`, // e + combining acute: two code points
  "'😀x'", // astral plane: one code point, a surrogate pair in Java
  "'a,b,,c'",
  "'  pad  '",
  "'Straße'",
  "'ÀÉÎ'",
  'CAST(NULL AS varchar)',
].map((s) => [s]);

export const PROBES: readonly Probe[] = [
  {
    topic: 'date parts',
    columns: ['d'],
    rows: dates,
    exprs: [
      'day_of_week(d)', 'dow(d)', 'day_of_month(d)', 'day(d)', 'day_of_year(d)', 'doy(d)', 'week_of_year(d)', 'week(d)',
      'year_of_week(d)', 'yow(d)', 'year(d)', 'quarter(d)', 'month(d)', 'last_day_of_month(d)',
    ],
  },
  {
    topic: 'date arithmetic',
    columns: ['d'],
    rows: dates,
    exprs: [
      "date_trunc('week', d)", "date_trunc('month', d)", "date_trunc('quarter', d)", "date_trunc('year', d)",
      "date_add('day', 1, d)", "date_add('day', -1, d)", "date_add('week', 1, d)", "date_add('month', 1, d)",
      "date_add('month', -1, d)", "date_add('quarter', 1, d)", "date_add('year', 1, d)", "date_add('year', -4, d)",
      "date_diff('day', DATE '2024-01-01', d)", "date_diff('week', DATE '2024-01-01', d)", "date_diff('month', DATE '2024-01-31', d)",
      "date_diff('quarter', DATE '2024-01-01', d)", "date_diff('year', DATE '2000-02-29', d)", "date_diff('day', d, DATE '2024-01-01')",
      "d + INTERVAL '1' DAY", "d - INTERVAL '1' MONTH", "d + INTERVAL '1' YEAR",
      'CAST(d AS varchar)', 'CAST(d AS timestamp)', 'to_iso8601(d)', 'd < DATE \'2024-01-01\'',
    ],
  },
  {
    topic: 'date formatting',
    columns: ['d'],
    rows: dates,
    exprs: [
      "date_format(d, '%Y-%m-%d')", "date_format(d, '%a %W %b %M %e %c %j')", "date_format(d, '%x-W%v')", "date_format(d, '%y %H:%i:%s %p')",
      "format_datetime(d, 'yyyy-MM-dd')", "format_datetime(d, 'EEE EEEE MMM MMMM d D')", "format_datetime(d, 'xxxx-''W''ww-e')",
      "format_datetime(d, 'YYYY yy')", "format_datetime(d, 'HH:mm:ss')",
    ],
  },
  {
    topic: 'timestamp parts and arithmetic',
    columns: ['ts'],
    rows: timestamps,
    exprs: [
      'hour(ts)', 'minute(ts)', 'second(ts)', 'millisecond(ts)', 'day_of_week(ts)', 'week_of_year(ts)', 'year_of_week(ts)', 'last_day_of_month(ts)',
      "date_trunc('second', ts)", "date_trunc('minute', ts)", "date_trunc('hour', ts)", "date_trunc('day', ts)", "date_trunc('week', ts)",
      "date_trunc('month', ts)", "date_trunc('year', ts)",
      "date_add('millisecond', 1, ts)", "date_add('second', -1, ts)", "date_add('minute', 90, ts)", "date_add('hour', 24, ts)",
      "date_add('day', 1, ts)", "date_add('month', 1, ts)", "date_add('year', 1, ts)",
      "date_diff('millisecond', TIMESTAMP '2024-01-01 00:00:00.000', ts)", "date_diff('second', TIMESTAMP '2024-01-01 00:00:00.000', ts)",
      "date_diff('hour', TIMESTAMP '2024-01-01 00:00:00.000', ts)", "date_diff('day', TIMESTAMP '2024-01-01 00:00:00.000', ts)",
      "date_diff('month', TIMESTAMP '2024-01-31 12:00:00.000', ts)", "date_diff('year', TIMESTAMP '2000-02-29 00:00:00.000', ts)",
      "ts + INTERVAL '1' HOUR", "ts - INTERVAL '1' DAY", "ts + INTERVAL '1' MONTH",
      'to_unixtime(ts)', 'to_iso8601(ts)', 'CAST(ts AS date)', 'CAST(ts AS varchar)', 'date(ts)',
    ],
  },
  {
    topic: 'timestamp formatting',
    columns: ['ts'],
    rows: timestamps,
    exprs: [
      "date_format(ts, '%Y-%m-%d %H:%i:%s.%f')", "date_format(ts, '%r|%T|%h %I %k %l %p')", "date_format(ts, '%j %x-%v %W')",
      "format_datetime(ts, 'yyyy-MM-dd HH:mm:ss.SSS')", "format_datetime(ts, 'h:mm a K k S SS SSSSSS')",
    ],
  },
  {
    topic: 'time zones',
    columns: ['ts'],
    rows: timestamps,
    exprs: [
      "hour(ts AT TIME ZONE 'Europe/Berlin')", "date_format(ts AT TIME ZONE 'America/New_York', '%Y-%m-%d %H:%i:%s')",
      "to_unixtime(ts AT TIME ZONE 'Europe/Berlin')", "CAST(ts AT TIME ZONE 'Europe/Berlin' AS timestamp)",
      "to_unixtime(with_timezone(ts, 'Europe/Berlin'))", "hour(with_timezone(ts, 'America/New_York'))",
    ],
  },
  {
    topic: 'zoned timestamp literals',
    columns: ['k'],
    rows: [['1']],
    exprs: [
      "hour(TIMESTAMP '2024-03-31 03:30:00 Europe/Berlin')", "date_format(TIMESTAMP '2024-10-27 02:30:00.250 America/New_York', '%H:%i:%s.%f')",
      "CAST(TIMESTAMP '2024-03-31 03:30:00 +02:00' AS timestamp)", "CAST(TIMESTAMP '2024-02-29 23:59:59.999 UTC' AS date)",
      "to_unixtime(TIMESTAMP '2020-05-11 10:05:05.055 UTC')", "day_of_week(TIMESTAMP '2021-01-03 23:30:00 Asia/Tokyo')",
    ],
  },
  {
    topic: 'unix time',
    columns: ['n'],
    rows: [['0e0'], ['1589191505.055e0'], ['-1.5e0'], ['1711846800e0'], ['1710052200e0'], ['1730000000.9999e0'], ['CAST(NULL AS double)']],
    exprs: [
      'from_unixtime(n)', 'to_unixtime(from_unixtime(n))', "hour(from_unixtime(n, 'Europe/Berlin'))",
      "date_format(from_unixtime(n, 'America/New_York'), '%Y-%m-%d %H:%i:%s')", "to_unixtime(from_unixtime(n, 'Europe/Berlin'))",
      "CAST(from_unixtime(n, 'Europe/Berlin') AS timestamp)", 'from_unixtime(n, 2, 30)', 'from_unixtime_nanos(CAST(floor(n) AS bigint) * 1000000000 + 123456789)',
    ],
  },
  {
    topic: 'ISO 8601 timestamps',
    columns: ['s'],
    rows: [
      ["'2020-05-11'"], ["'2020-05-11T11:15:05'"], ["'2020-05-11T11:15:05.055+01:00'"], ["'2020-05-11T11:15:05.123456Z'"],
      ["'2024-02-29T23:59:59.999-05:00'"], ["'2024-03-31T02:30:00+02:00'"], ['CAST(NULL AS varchar)'],
    ],
    exprs: [
      'to_unixtime(from_iso8601_timestamp(s))', "date_format(from_iso8601_timestamp(s), '%Y-%m-%d %H:%i:%s.%f')",
      'hour(from_iso8601_timestamp(s))', 'CAST(from_iso8601_timestamp(s) AS timestamp)', 'CAST(from_iso8601_timestamp(s) AS date)',
    ],
  },
  {
    topic: 'ISO 8601 dates',
    columns: ['s'],
    rows: [["'2020-05-11'"], ["'2020-W10'"], ["'2020-W10-3'"], ["'2020-123'"], ["'2020-W53-7'"], ["'2024-02-29'"], ["'2024-366'"], ['CAST(NULL AS varchar)']],
    exprs: ['from_iso8601_date(s)'],
  },
  {
    topic: 'date_parse',
    columns: ['s'],
    rows: [["'2024-02-29 23:59:59'"], ["'1900-02-28 00:00:00'"], ["'2023-12-31 12:00:01'"], ['CAST(NULL AS varchar)']],
    exprs: ["date_parse(s, '%Y-%m-%d %H:%i:%s')", "date_parse(substr(s, 1, 10), '%Y-%m-%d')", "date_parse(substr(s, 1, 10), '%d')"],
  },
  {
    topic: 'strings',
    columns: ['s'],
    rows: strings,
    exprs: [
      'length(s)', 'upper(s)', 'lower(s)', 'reverse(s)', 'substr(s, 2)', 'substr(s, -2)', 'substr(s, 0)', 'substr(s, 2, 2)', 'substr(s, -3, 2)',
      'substring(s, 2)', "strpos(s, 'l')", "strpos(s, '')", "concat(s, 'x')", "concat(s, 'x', s)", 'concat(s, CAST(NULL AS varchar))', "s || 'x'",
      "lpad(s, 5, '*')", "rpad(s, 5, '*')", "lpad(s, 2, '*')", 'trim(s)', 'ltrim(s)', 'rtrim(s)', "replace(s, 'l', 'L')", "replace(s, 'l')",
      "split(s, ',')", "split(s, ',', 2)", "split(s, ',', 1)", "strpos(s, 'l', 2)", "strpos(s, 'l', -1)", "strpos(s, ',', 3)", "strpos(s, 'p', 1)",
      "split_part(s, ',', 1)", "split_part(s, ',', 3)", "split_part(s, ',', 9)", "cardinality(split(s, ','))",
      "array_join(split(s, ','), '|')", "element_at(split(s, ','), 2)", "element_at(split(s, ','), -1)", "starts_with(s, 'a')",
      "s = 'abc '", "s < 'b'", 'length(to_utf8(s))', 'greatest(s, \'b\')', 'least(s, \'b\')', "coalesce(s, 'null')", "nullif(s, '')",
      "position('l' IN s)", "s LIKE '%l%'", 'chr(65)', "codepoint(CAST('€' AS varchar(1)))", "to_hex(to_utf8(s))",
    ],
  },
  {
    topic: 'regular expressions',
    columns: ['s'],
    rows: [["'1a 2b 14m'"], ["'abc'"], ["''"], ["'héllo wörld'"], ["'a.b.c'"], ["'banana'"], ['CAST(NULL AS varchar)']],
    exprs: [
      String.raw`regexp_like(s, '\d+b')`, String.raw`regexp_like(s, '^\w+$')`, "regexp_like(s, 'B')", "regexp_like(s, '(?i)B')",
      String.raw`regexp_extract(s, '\d+')`, String.raw`regexp_extract(s, '(\d+)([a-z]+)', 2)`, "regexp_extract(s, '[a-zé]+')",
      String.raw`regexp_extract_all(s, '\d+')`, String.raw`regexp_replace(s, '\d')`, "regexp_replace(s, '[aeiou]', '*')",
      String.raw`regexp_replace(s, '(\w)(\w)', '$2$1')`, String.raw`regexp_split(s, '\s')`, String.raw`regexp_count(s, '\w')`,
      String.raw`regexp_position(s, '\d')`, "regexp_like(s, '\\.')", String.raw`regexp_like(s, '^\p{L}+$')`, "regexp_like(s, 'a(?=n)')",
      String.raw`regexp_extract(s, '(\w)\1')`,
    ],
  },
  {
    topic: 'integer arithmetic',
    columns: ['a', 'b'],
    rows: [['5', '2'], ['-5', '2'], ['5', '-2'], ['-7', '2'], ['0', '3'], ['7', '7'], ['2147483647', '2'], ['CAST(NULL AS integer)', '1']],
    exprs: [
      'a / b', 'a % b', 'mod(a, b)', 'a * b', 'a - b', 'abs(a)', 'sign(a)', 'a / b * b', 'CAST(a AS bigint) / b', 'CAST(a AS double) / b',
      'a / CAST(b AS double)', 'power(a, 2)', 'sqrt(CAST(abs(a) AS double))', 'ceil(a)', 'ceiling(a)', 'floor(a)', 'round(a)', 'CAST(a AS varchar)',
      'CAST(a AS decimal(12, 2)) / b', 'avg(a) OVER ()', 'sum(a) OVER ()', 'greatest(a, b)', 'least(a, b)', 'a BETWEEN b AND 10',
    ],
  },
  {
    topic: 'doubles',
    columns: ['v'],
    rows: [['2.5e0'], ['-2.5e0'], ['0.5e0'], ['1.5e0'], ['-0.5e0'], ['0.285e0'], ['1.005e0'], ['123456.789e0'], ['1e20'], ['-1e-7'], ['CAST(NULL AS double)']],
    exprs: [
      'round(v)', 'round(v, 1)', 'round(v, 2)', 'round(v, -1)', 'truncate(v)', 'ceil(v)', 'floor(v)', 'abs(v)', 'sign(v)',
      'CAST(v AS decimal(38, 2))', 'v / 0', 'is_nan(v / 0)', 'is_finite(v)', 'is_infinite(v / 0)', 'v * 1e300', 'CAST(v AS real)', 'ceiling(v)', 'is_nan(nan())', 'infinity() > v', 'is_infinite(-infinity())',
    ],
  },
  {
    topic: 'double to integer casts',
    columns: ['v'],
    rows: [['2.5e0'], ['-2.5e0'], ['0.5e0'], ['1.5e0'], ['-0.5e0'], ['3.49e0'], ['-3.5e0'], ['CAST(NULL AS double)']],
    exprs: ['CAST(v AS integer)', 'CAST(v AS bigint)', 'CAST(v AS smallint)', 'CAST(v AS tinyint)', 'try_cast(v AS integer)'],
  },
  {
    topic: 'decimals',
    columns: ['m'],
    rows: [["DECIMAL '2.50'"], ["DECIMAL '-2.50'"], ["DECIMAL '0.125'"], ["DECIMAL '1.005'"], ["DECIMAL '-0.005'"], ["DECIMAL '12345678901234.99'"], ['CAST(NULL AS decimal(16, 3))']],
    exprs: [
      'round(m)', 'round(m, 1)', 'round(m, 2)', 'truncate(m)', 'truncate(m, 1)', 'CAST(m AS integer)', 'CAST(m AS bigint)', 'CAST(m AS double)',
      'm * 2', 'm + 1', 'm / 3', 'm / 2', 'm * m', 'CAST(m AS varchar)', 'abs(m)', 'ceil(m)', 'floor(m)', 'avg(m) OVER ()', 'sum(m) OVER ()',
    ],
  },
  {
    topic: 'casts from text',
    columns: ['s'],
    rows: [["'12'"], ["' 12 '"], ["'-0'"], ["'1.5'"], ["'1e3'"], ["'abc'"], ["''"], ["'2024-02-29'"], ["'true'"], ['CAST(NULL AS varchar)']],
    exprs: [
      'try_cast(s AS integer)', 'try_cast(s AS bigint)', 'try_cast(s AS double)', 'try_cast(s AS decimal(10, 2))', 'try_cast(s AS date)',
      'try_cast(s AS boolean)', 'try_cast(s AS timestamp)', 'try(CAST(s AS integer))',
    ],
  },
  {
    topic: 'JSON',
    columns: ['j'],
    rows: [
      [`'{"a": {"b": 1}, "c": [1, 2.50, "x"], "k e y": "v", "u": "é😀", "n": null, "t": true, "f": 1.0, "big": 12345678901234567890}'`],
      [`'[1, 2, 3]'`], [`'{"a": "1"}'`], [`'not json'`], [`'{}'`], ['CAST(NULL AS varchar)'],
    ],
    exprs: [
      "json_extract_scalar(j, '$.a')", "json_extract_scalar(j, '$.a.b')", "json_extract_scalar(j, '$.c[1]')", "json_extract_scalar(j, '$.c[2]')",
      "json_extract_scalar(j, '$[\"k e y\"]')", "json_extract_scalar(j, '$.u')", "json_extract_scalar(j, '$.n')", "json_extract_scalar(j, '$.t')",
      "json_extract_scalar(j, '$.f')", "json_extract_scalar(j, '$.big')", "json_extract_scalar(j, '$[0]')", "json_extract_scalar(j, '$.c[9]')",
      "json_format(json_extract(j, '$.a'))", "json_format(json_extract(j, '$.c'))", "json_array_length(json_extract(j, '$.c'))", "json_size(j, '$.c')",
      "json_size(j, '$.a')", 'json_array_length(j)', "json_format(json_parse(nullif(j, 'not json')))",
    ],
  },
  {
    topic: 'arrays',
    columns: ['a'],
    rows: [['ARRAY[1, 2, NULL, 3]'], ['ARRAY[3, 1, 2, 1]'], ['ARRAY[4]'], ['NULLIF(ARRAY[1], ARRAY[1])']],
    exprs: [
      'cardinality(a)', 'element_at(a, 1)', 'element_at(a, -1)', 'element_at(a, 9)', "array_join(a, ',')", "array_join(a, ',', 'N')",
      'array_distinct(a)', 'array_distinct(concat(a, a))', 'array_sort(a)', 'array_max(a)', 'array_min(a)', 'contains(a, 2)', 'array_position(a, 1)', 'slice(a, 2, 2)',
      'reverse(a)', 'concat(a, ARRAY[9])', 'a || 9', 'array_remove(a, 1)', 'sequence(1, 3)', 'flatten(ARRAY[a, a])', 'array_except(a, ARRAY[1])',
    ],
  },
  {
    topic: 'maps',
    columns: ['k'],
    rows: [["'a'"], ["'b'"], ["'z'"], ['CAST(NULL AS varchar)']],
    exprs: [
      "element_at(MAP(ARRAY['a', 'b'], ARRAY[1, 2]), k)", "cardinality(MAP(ARRAY['a', 'b'], ARRAY[1, 2]))", "map_keys(MAP(ARRAY['a', 'b'], ARRAY[1, 2]))",
      "map_values(MAP(ARRAY['a', 'b'], ARRAY[1, 2]))", "contains(map_keys(MAP(ARRAY['a', 'b'], ARRAY[1, 2])), k)",
    ],
  },
  {
    topic: 'casts to parametric types',
    columns: ['j'],
    rows: [["'[1, 2]'"], ["'[]'"], ["'[3, null]'"], ['CAST(NULL AS varchar)']],
    exprs: [
      'CAST(json_parse(j) AS array(integer))', 'CAST(json_parse(j) AS array(varchar))', 'cardinality(CAST(json_parse(j) AS array(bigint)))',
      "CAST(json_extract(j, '$') AS array(double))",
    ],
  },
  {
    // Trino's HyperLogLog is exact up to a few hundred distinct values: 250 values, 300 rows.
    topic: 'approx_distinct',
    columns: ['x', 's'],
    rows: Array.from({ length: 300 }, (_, i) => [String((i * 7919) % 250), `'v${(i * 7919) % 250}'`]),
    exprs: ['approx_distinct(x) OVER ()', 'approx_distinct(s) OVER ()', 'approx_distinct(x, 0.01) OVER ()', 'approx_distinct(x % 10) OVER ()'],
  },
  {
    topic: 'aggregates',
    columns: ['g', 'x'],
    rows: [['1', '1'], ['1', '2'], ['1', '2'], ['1', 'NULL'], ['2', '5'], ['2', '-5'], ['3', 'NULL']],
    exprs: [
      'approx_distinct(x) OVER (PARTITION BY g)', 'count(x) OVER (PARTITION BY g)', 'count_if(x > 1) OVER (PARTITION BY g)',
      'avg(x) OVER (PARTITION BY g)', 'sum(x) OVER (PARTITION BY g)', 'max_by(x, x) OVER (PARTITION BY g)', 'bool_and(x > 0) OVER (PARTITION BY g)',
      'approx_percentile(x, 0.5) OVER (PARTITION BY g)', 'stddev(x) OVER (PARTITION BY g)', 'variance(x) OVER (PARTITION BY g)',
    ],
  },
];

/** Expressions both engines must reject (Trino raises; a NULL or Infinity locally would hide a bug). */
export const REJECTED: readonly string[] = [
  '1 / 0', '5 % 0', 'DECIMAL \'1.0\' / 0', '2147483647 + 1', '9223372036854775807 + 1', 'CAST(3000000000 AS integer)', "CAST('abc' AS integer)",
  "date_add('fortnight', 1, DATE '2024-01-01')", "date_format(DATE '2024-01-01', '%D')", "format_datetime(DATE '2024-01-01', 'yyyy-qq')",
  'CAST(1e20 AS bigint)', 'truncate(12.333e0, 1)', "CAST(json_parse('[1, 2, 3]') AS varchar)", "format_datetime(TIMESTAMP '2024-04-07 15:04:05', 'yyyy-MM-dd''T''HH:mm:ssZZ')", "json_extract_scalar('{}', 'a')",
];
