/**
 * Differences from Trino that the local engine keeps, each with the reason it cannot be fixed at its
 * source (a macro cannot replace an operator or a CAST, and DuckDB has no setting for it) or why the
 * local answer is a deliberate convention. The conformance test fails when one of them starts to
 * agree, so this list stays true; docs/trino-compat.md summarises it for analysts.
 */
export interface KnownGap {
  readonly topic: string;
  readonly expr: string;
  readonly why: string;
}

const CAST = 'CAST is not a function: no macro can replace it, and DuckDB has no setting for it';
const ZONED =
  'the local engine has no zone per value: a Trino timestamp with time zone is its wall-clock TIMESTAMP there, so an instant computed from it (to_unixtime) is off by the zone offset';
const DOUBLE_BY_ZERO =
  'integer_division = true (Trino integer division) also makes DuckDB answer NULL for a double divided by zero; Trino answers ±Infinity/NaN';
const DECIMAL_DIV =
  'DuckDB divides and averages decimals as DOUBLE; Trino keeps a decimal with the dividend scale. Operators and avg cannot be replaced by a macro';

export const KNOWN_GAPS: readonly KnownGap[] = [
  ...["d + INTERVAL '1' DAY", "d - INTERVAL '1' MONTH", "d + INTERVAL '1' YEAR"].map((expr) => ({
    topic: 'date arithmetic',
    expr,
    why: 'DuckDB types DATE ± INTERVAL as TIMESTAMP (operator, no setting); the values agree. Use date_add, which keeps DATE',
  })),
  {
    topic: 'timestamp parts and arithmetic',
    expr: 'CAST(ts AS varchar)',
    why: `${CAST}: DuckDB drops trailing fractional zeros (.5, none for whole seconds), Trino prints timestamp(3) with three digits`,
  },
  { topic: 'time zones', expr: "to_unixtime(ts AT TIME ZONE 'Europe/Berlin')", why: ZONED },
  { topic: 'time zones', expr: "to_unixtime(with_timezone(ts, 'Europe/Berlin'))", why: ZONED },
  { topic: 'unix time', expr: "to_unixtime(from_unixtime(n, 'Europe/Berlin'))", why: ZONED },
  { topic: 'ISO 8601 timestamps', expr: 'to_unixtime(from_iso8601_timestamp(s))', why: ZONED },
  {
    topic: 'strings',
    expr: 'upper(s)',
    why: 'Trino upper-cases code point by code point and keeps ß; DuckDB (ICU) writes the capital ẞ. A fix would also rewrite a ẞ already in the input',
  },
  {
    topic: 'strings',
    expr: 'length(to_utf8(s))',
    why: 'DuckDB length has no BLOB overload (octet_length does); shadowing length with a BLOB overload would capture VARCHAR arguments by implicit cast',
  },
  { topic: 'integer arithmetic', expr: 'CAST(a AS decimal(12, 2)) / b', why: DECIMAL_DIV },
  { topic: 'decimals', expr: 'm / 3', why: DECIMAL_DIV },
  { topic: 'decimals', expr: 'm / 2', why: DECIMAL_DIV },
  { topic: 'decimals', expr: 'avg(m) OVER ()', why: DECIMAL_DIV },
  { topic: 'decimals', expr: 'm * m', why: 'DuckDB multiplies two DECIMAL(18) into a 64-bit DECIMAL(18+) and overflows; Trino widens to decimal(34, 6)' },
  {
    topic: 'doubles',
    expr: 'CAST(v AS decimal(38, 2))',
    why: `${CAST}: Trino rounds the shortest decimal text of the double (0.285 -> 0.29), DuckDB its exact binary value (0.28499… -> 0.28)`,
  },
  { topic: 'doubles', expr: 'v / 0', why: DOUBLE_BY_ZERO },
  { topic: 'doubles', expr: 'is_nan(v / 0)', why: DOUBLE_BY_ZERO },
  { topic: 'doubles', expr: 'is_infinite(v / 0)', why: DOUBLE_BY_ZERO },
  ...['CAST(v AS integer)', 'CAST(v AS bigint)', 'CAST(v AS smallint)', 'CAST(v AS tinyint)', 'try_cast(v AS integer)'].map((expr) => ({
    topic: 'double to integer casts',
    expr,
    why: `${CAST}: Trino rounds a double half away from zero (2.5 -> 3, -0.5 -> -1), DuckDB half to even (2.5 -> 2). Write CAST(round(v) AS integer) for the same result on both`,
  })),
  ...['try_cast(s AS integer)', 'try_cast(s AS bigint)', 'try(CAST(s AS integer))'].map((expr) => ({
    topic: 'casts from text',
    expr,
    why: `${CAST}: DuckDB reads '1.5' as an integer by rounding; Trino rejects it`,
  })),
  { topic: 'casts from text', expr: 'try_cast(s AS decimal(10, 2))', why: `${CAST}: DuckDB trims spaces around a number; Trino rejects ' 12 ' as a decimal` },
  {
    topic: 'JSON',
    expr: "json_extract_scalar(j, '$.c[1]')",
    why: 'DuckDB parses JSON numbers and prints them back (2.50 -> 2.5); Trino returns the number as written',
  },
  {
    topic: 'JSON',
    expr: "json_format(json_parse(nullif(j, 'not json')))",
    why: 'Trino canonicalises parsed JSON (object keys sorted); DuckDB keeps the text order',
  },
  ...["regexp_like(s, 'a(?=n)')", String.raw`regexp_extract(s, '(\w)\1')`].map((expr) => ({
    topic: 'regular expressions',
    expr,
    why: 'Trino patterns are Java regular expressions, DuckDB uses RE2: no look-around, no back-references (DuckDB raises, so the view fails loudly rather than answering differently)',
  })),
  { topic: 'arrays', expr: 'a || 9', why: 'an operator: DuckDB concatenates only lists with ||; write concat(a, ARRAY[9])' },
  {
    topic: 'aggregates',
    expr: 'approx_percentile(x, 0.5) OVER (PARTITION BY g)',
    why: 'both are approximations with different sketches; on two values Trino answers the upper one, DuckDB interpolates',
  },
  { topic: 'errors', expr: '1 / 0', why: 'DuckDB answers NULL for integer division by zero; no setting makes it raise' },
  { topic: 'errors', expr: '5 % 0', why: 'DuckDB answers NULL for modulo by zero; no setting makes it raise' },
  { topic: 'errors', expr: "DECIMAL '1.0' / 0", why: DOUBLE_BY_ZERO },
  {
    topic: 'errors',
    expr: "format_datetime(TIMESTAMP '2024-04-07 15:04:05', 'yyyy-MM-dd''T''HH:mm:ssZZ')",
    why: 'locally a zoned value is a TIMESTAMP too, so the macro cannot tell the TIMESTAMP Trino rejects Z for from the zoned one it accepts; it prints +00:00',
  },
  {
    topic: 'errors',
    expr: 'truncate(12.333e0, 1)',
    why: 'Trino 476 truncates to n digits only decimals (its documentation shows REAL); the macro accepts any number',
  },
  {
    topic: 'errors',
    expr: "CAST(json_parse('[1, 2, 3]') AS varchar)",
    why: `${CAST}: DuckDB casts any JSON to text; Trino only JSON scalars (use json_format)`,
  },
  { topic: 'errors', expr: "json_extract_scalar('{}', 'a')", why: 'DuckDB reads a path without $ as a key; Trino rejects the path' },
];
