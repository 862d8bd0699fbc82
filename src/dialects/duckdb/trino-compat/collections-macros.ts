/** Arrays and maps. */
import { DOCS, type TrinoCompatMacro } from './trino-compat-macro.js';

export const COLLECTIONS_MACROS: readonly TrinoCompatMacro[] = [
  {
    name: 'array_join',
    // Trino skips NULL elements, or writes the replacement when one is given.
    sql:
      'CREATE OR REPLACE TEMP MACRO array_join(a, delimiter) AS array_to_string(list_filter(a, x -> x IS NOT NULL), delimiter),' +
      ' (a, delimiter, null_replacement) AS array_to_string(list_transform(a, x -> coalesce(CAST(x AS VARCHAR), null_replacement)), delimiter)',
    trinoDoc: `${DOCS}/array.html#array_join`,
    examples: [],
  },
  {
    name: 'array_max',
    // NULL when any element is NULL, as in Trino.
    sql: 'CREATE OR REPLACE TEMP MACRO array_max(a) AS CASE WHEN len(list_filter(a, x -> x IS NULL)) > 0 THEN NULL ELSE list_max(a) END',
    trinoDoc: `${DOCS}/array.html#array_max`,
    examples: [],
  },
  {
    name: 'array_min',
    sql: 'CREATE OR REPLACE TEMP MACRO array_min(a) AS CASE WHEN len(list_filter(a, x -> x IS NULL)) > 0 THEN NULL ELSE list_min(a) END',
    trinoDoc: `${DOCS}/array.html#array_min`,
    examples: [],
  },
  {
    name: 'slice',
    // A negative start counts from the end.
    sql:
      'CREATE OR REPLACE TEMP MACRO slice(a, start, n) AS list_slice(a, CASE WHEN start < 0 THEN len(a) + start + 1 ELSE start END,' +
      ' CASE WHEN start < 0 THEN len(a) + start + 1 ELSE start END + n - 1)',
    trinoDoc: `${DOCS}/array.html#slice`,
    examples: [],
  },
  {
    name: 'array_remove',
    // NULL elements stay (NULL = x is not true).
    sql: 'CREATE OR REPLACE TEMP MACRO array_remove(a, e) AS list_filter(a, x -> x IS NULL OR x <> e)',
    trinoDoc: `${DOCS}/array.html#array_remove`,
    examples: [],
  },
  {
    name: 'sequence',
    sql: 'CREATE OR REPLACE TEMP MACRO sequence(start, stop) AS generate_series(start, stop), (start, stop, step) AS generate_series(start, stop, step)',
    trinoDoc: `${DOCS}/array.html#sequence`,
    examples: [],
  },
  {
    name: 'array_except',
    // Distinct elements of a, in order, that are not in b; list_position finds NULLs too.
    sql:
      'CREATE OR REPLACE TEMP MACRO array_except(a, b) AS list_filter(list_filter(a, (x, i) -> list_position(a, x) = i),' +
      ' x -> coalesce(list_position(b, x), 0) = 0)',
    trinoDoc: `${DOCS}/array.html#array_except`,
    examples: [],
  },
  {
    name: 'array_distinct',
    // Trino keeps the first occurrence of each element in order, NULL included; DuckDB's drops NULL
    // and does not keep the order.
    sql: 'CREATE OR REPLACE TEMP MACRO array_distinct(a) AS list_filter(a, (x, i) -> list_position(a, x) = i)',
    shadows: {
      trino: 'array_distinct(a): first occurrences in order, NULL kept once',
      duckdb: 'array_distinct(a): unordered, NULL dropped',
      resolution: 'Temp macro keeping the elements whose first position is their own.',
    },
    trinoDoc: `${DOCS}/array.html#array_distinct`,
    examples: [],
  },
  {
    name: 'array_position',
    // Trino answers 0 when the element is absent (DuckDB NULL) and NULL when looking for NULL.
    sql:
      'CREATE OR REPLACE TEMP MACRO array_position(a, e) AS CASE WHEN a IS NULL OR e IS NULL THEN NULL' +
      ' ELSE CAST(coalesce(list_position(a, e), 0) AS BIGINT) END',
    shadows: {
      trino: 'array_position(a, e): 0 when absent, NULL for a NULL e',
      duckdb: 'array_position(a, e): NULL when absent',
      resolution: 'Temp macro over list_position.',
    },
    trinoDoc: `${DOCS}/array.html#array_position`,
    examples: [],
  },
  {
    name: 'element_at',
    // DuckDB's element_at rejects arrays and returns a one-element list for maps; the subscript
    // operator already has Trino's element_at semantics (NULL when out of range or key missing,
    // negative index counts from the end).
    sql: 'CREATE OR REPLACE TEMP MACRO element_at(container, key) AS container[key]',
    shadows: {
      trino: 'element_at(array, i) / element_at(map, key) -> element or NULL',
      duckdb: 'element_at(map, key) -> list of matches; no array overload',
      resolution: 'Temp macro using the subscript operator, which has the Trino semantics for both.',
    },
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
      ' ELSE CAST(system.main.json_array_length(to_json(x)) AS BIGINT) END',
    shadows: {
      trino: 'cardinality(array | map) -> bigint',
      duckdb: 'cardinality(map) only',
      resolution: 'Temp macro counting through to_json so both lists and maps work.',
    },
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
