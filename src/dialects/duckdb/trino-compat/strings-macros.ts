/** Strings and regular expressions (Trino: Java regex; DuckDB: RE2). */
import { DOCS, overloads, NULL_IF_ANY_NULL, type TrinoCompatMacro } from './trino-compat-macro.js';

/*
 * Trino's substr: start 0 gives '', a negative start counts from the end, and a start before the
 * first character gives '' (DuckDB clamps it to the start of the string instead).
 */
const SUBSTR_START = (s: string, start: string): string => `CASE WHEN ${start} < 0 THEN length(${s}) + ${start} + 1 ELSE ${start} END`;
const SUBSTR_EMPTY = (s: string, start: string): string => `${start} = 0 OR abs(${start}) > length(${s})`;

/** Trino's substr under either of its names: the start computed as Trino does, then DuckDB's own substr. */
function substrMacro(name: 'substr' | 'substring'): string {
  return (
    `CREATE OR REPLACE TEMP MACRO ${name}(s, start) AS CASE WHEN s IS NULL OR start IS NULL THEN NULL WHEN ${SUBSTR_EMPTY('s', 'start')} THEN ''` +
    ` ELSE system.main.substr(s, ${SUBSTR_START('s', 'start')}) END,` +
    ` (s, start, n) AS CASE WHEN s IS NULL OR start IS NULL OR n IS NULL THEN NULL WHEN ${SUBSTR_EMPTY('s', 'start')} THEN ''` +
    ` ELSE system.main.substr(s, ${SUBSTR_START('s', 'start')}, n) END`
  );
}

export const STRINGS_MACROS: readonly TrinoCompatMacro[] = [
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
    name: 'concat',
    // Trino's concat is NULL when any argument is; DuckDB's skips NULLs. A macro cannot be variadic,
    // hence one overload per arity up to 10. (Not `||`: a folded NULL operand types it INTEGER.)
    sql: `CREATE OR REPLACE TEMP MACRO concat(a1) AS a1, ${overloads(NULL_IF_ANY_NULL('concat'))}`,
    shadows: {
      trino: 'concat(a, b, \u2026): NULL when any argument is NULL',
      duckdb: 'concat(a, b, \u2026): NULL arguments skipped',
      resolution: 'Temp macro with one overload per arity (1..10) chaining `||`, which is NULL-propagating for strings and lists.',
    },
    trinoDoc: `${DOCS}/string.html#concat`,
    examples: [],
  },
  {
    name: 'substr',
    sql: substrMacro('substr'),
    shadows: {
      trino: "substr(s, 0) = ''; a start before the first character gives ''",
      duckdb: 'substr(s, 0) and substr(s, -99) clamp to the whole string',
      resolution: 'Temp macro computing the start as Trino does, then system.main.substr.',
    },
    trinoDoc: `${DOCS}/string.html#substr`,
    examples: [],
  },
  {
    name: 'substring',
    sql: substrMacro('substring'),
    shadows: {
      trino: 'as substr',
      duckdb: 'as substr',
      resolution: 'As substr (also reached by `substring(s FROM i FOR n)`).',
    },
    trinoDoc: `${DOCS}/string.html#substring`,
    examples: [],
  },
  {
    name: 'reverse',
    // Trino reverses code points (a combining accent moves with them); DuckDB reverses graphemes.
    sql: "CREATE OR REPLACE TEMP MACRO reverse(x VARCHAR) AS array_to_string(list_reverse(string_split(x, '')), ''), (x) AS list_reverse(x)",
    shadows: {
      trino: 'reverse(varchar) reverses code points',
      duckdb: 'reverse(varchar) reverses grapheme clusters',
      resolution: "VARCHAR overload reverses string_split(x, ''); lists go to list_reverse.",
    },
    trinoDoc: `${DOCS}/string.html#reverse`,
    examples: [],
  },
  {
    name: 'replace',
    // Trino's two-argument form removes the search string.
    sql: "CREATE OR REPLACE TEMP MACRO replace(s, search) AS system.main.replace(s, search, ''), (s, search, r) AS system.main.replace(s, search, r)",
    shadows: {
      trino: 'replace(s, search) removes search',
      duckdb: 'replace needs three arguments',
      resolution: "Two-argument overload passes '' as the replacement.",
    },
    trinoDoc: `${DOCS}/string.html#replace`,
    examples: [],
  },
  {
    name: 'split_part',
    // Trino returns NULL past the last field; DuckDB returns ''.
    sql:
      'CREATE OR REPLACE TEMP MACRO split_part(s, delimiter, idx) AS CASE' +
      ' WHEN idx <= len(string_split(s, delimiter)) THEN string_split(s, delimiter)[idx] END',
    shadows: {
      trino: 'split_part(s, delim, i): NULL when i is past the last field',
      duckdb: "split_part(s, delim, i): '' when i is past the last field",
      resolution: 'Temp macro over string_split.',
    },
    trinoDoc: `${DOCS}/string.html#split_part`,
    examples: [
      { call: "split_part('a,b,c', ',', 2)", expected: 'b' },
      { call: "split_part('a,b,c', ',', 4)", expected: null },
      { call: "split_part('a,,c', ',', 2)", expected: '' },
    ],
  },
  {
    name: 'to_utf8',
    sql: 'CREATE OR REPLACE TEMP MACRO to_utf8(s) AS encode(s)',
    trinoDoc: `${DOCS}/string.html#to_utf8`,
    examples: [],
  },
  {
    name: 'split',
    // Trino's three-argument form stops after `limit` fields; the last one keeps the rest.
    sql:
      'CREATE OR REPLACE TEMP MACRO split(s, delimiter) AS string_split(s, delimiter),' +
      ' (s, delimiter, lim) AS CASE WHEN s IS NULL OR delimiter IS NULL OR lim IS NULL THEN NULL' +
      ' WHEN len(string_split(s, delimiter)) <= lim THEN string_split(s, delimiter)' +
      ' ELSE list_append(string_split(s, delimiter)[1:lim - 1], array_to_string(string_split(s, delimiter)[lim:], delimiter)) END',
    shadows: {
      trino: 'split(s, delimiter[, limit])',
      duckdb: 'split(s, delimiter): no limit form',
      resolution: 'Two-argument overload is string_split; the limit form joins the fields past the limit back.',
    },
    trinoDoc: `${DOCS}/string.html#split`,
    examples: [],
  },
  {
    name: 'strpos',
    // Trino's three-argument form finds the n-th occurrence (overlapping; negative n counts from the
    // end), 0 when there are fewer.
    sql:
      'CREATE OR REPLACE TEMP MACRO strpos(s, sub) AS system.main.strpos(s, sub),' +
      ' (s, sub, n) AS CASE WHEN s IS NULL OR sub IS NULL OR n IS NULL THEN NULL ELSE CAST(coalesce(' +
      '[i FOR i IN range(1, length(s) + 1) IF system.main.substr(s, i, length(sub)) = sub][n], 0) AS BIGINT) END',
    shadows: {
      trino: 'strpos(s, sub[, instance])',
      duckdb: 'strpos(s, sub): no instance form',
      resolution: 'Two-argument overload is the built-in; the instance form lists every match position.',
    },
    trinoDoc: `${DOCS}/string.html#strpos`,
    examples: [],
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
    name: 'regexp_extract',
    // Trino returns NULL when the pattern does not match; DuckDB returns ''.
    sql:
      'CREATE OR REPLACE TEMP MACRO regexp_extract(s, pattern) AS CASE WHEN regexp_matches(s, pattern) THEN system.main.regexp_extract(s, pattern) END,' +
      ' (s, pattern, grp) AS CASE WHEN regexp_matches(s, pattern) THEN system.main.regexp_extract(s, pattern, grp) END',
    shadows: {
      trino: 'regexp_extract(s, pattern[, group]): NULL when there is no match',
      duckdb: "regexp_extract(s, pattern[, group[, options]]): '' when there is no match",
      resolution:
        'Temp macro guarding system.main.regexp_extract with regexp_matches. The DuckDB 4-argument options form cannot be kept (options must be a bind-time constant); call system.main.regexp_extract for it.',
    },
    trinoDoc: `${DOCS}/regexp.html#regexp_extract`,
    examples: [
      { call: String.raw`regexp_extract('1a 2b 14m', '\d+')`, expected: '1' }, // doc
      { call: String.raw`regexp_extract('1a 2b 14m', '(\d+)([a-z]+)', 2)`, expected: 'a' }, // doc
      { call: String.raw`regexp_extract('abc', '\d+')`, expected: null },
    ],
  },
  {
    name: 'regexp_replace',
    // Trino replaces every match and writes groups as $1 (Java); DuckDB replaces the first match
    // unless told 'g' and writes groups as \1 (RE2).
    sql:
      "CREATE OR REPLACE TEMP MACRO regexp_replace(s, pattern) AS system.main.regexp_replace(s, pattern, '', 'g')," +
      String.raw` (s, pattern, r) AS system.main.regexp_replace(s, pattern, system.main.regexp_replace(r, '\$(\d)', '\\\1', 'g'), 'g')`,
    shadows: {
      trino: 'regexp_replace(s, p[, r]): every match, groups as $1',
      duckdb: 'regexp_replace(s, p, r[, options]): first match only, groups as \\1',
      resolution: 'Temp macro: option g, and $n translated to \\n in the replacement. The DuckDB options form is not kept.',
    },
    trinoDoc: `${DOCS}/regexp.html#regexp_replace`,
    examples: [],
  },
  {
    name: 'regexp_split',
    sql: 'CREATE OR REPLACE TEMP MACRO regexp_split(s, pattern) AS string_split_regex(s, pattern)',
    trinoDoc: `${DOCS}/regexp.html#regexp_split`,
    examples: [],
  },
  {
    name: 'regexp_count',
    sql: 'CREATE OR REPLACE TEMP MACRO regexp_count(s, pattern) AS CAST(len(regexp_extract_all(s, pattern)) AS BIGINT)',
    trinoDoc: `${DOCS}/regexp.html#regexp_count`,
    examples: [],
  },
  {
    name: 'regexp_position',
    // 1-based position of the first match, -1 without one. Located through the matched text, which
    // is exact unless the same text also occurs earlier without matching (anchors, context).
    sql:
      'CREATE OR REPLACE TEMP MACRO regexp_position(s, pattern) AS CASE WHEN s IS NULL OR pattern IS NULL THEN NULL' +
      ' WHEN regexp_matches(s, pattern) THEN CAST(system.main.strpos(s, system.main.regexp_extract(s, pattern)) AS INTEGER) ELSE -1 END',
    trinoDoc: `${DOCS}/regexp.html#regexp_position`,
    examples: [],
  },
];
