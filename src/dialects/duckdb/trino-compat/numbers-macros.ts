/** Numbers: rounding, integer-typed results, NaN and infinity, NULL-propagating greatest/least. */
import { DOCS, overloads, NULL_IF_ANY_NULL, type TrinoCompatMacro } from './trino-compat-macro.js';

export const NUMBERS_MACROS: readonly TrinoCompatMacro[] = [
  {
    name: 'truncate',
    sql: 'CREATE OR REPLACE TEMP MACRO truncate(x) AS trunc(x), (x, n) AS trunc(x, n)',
    trinoDoc: `${DOCS}/math.html#truncate`,
    examples: [
      // The doc's examples use REAL, which Trino 476 rejects with two arguments (decimal only).
      { call: "truncate(DECIMAL '12.333', -1)", expected: 10 },
      { call: "truncate(DECIMAL '12.333', 0)", expected: 12 },
      { call: "truncate(DECIMAL '12.333', 1)", expected: 12.3 },
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
  {
    name: 'ceil',
    // Trino keeps integers integers; DuckDB's ceil/floor of an integer is a DOUBLE.
    sql: 'CREATE OR REPLACE TEMP MACRO ceil(x TINYINT) AS x, (x SMALLINT) AS x, (x INTEGER) AS x, (x BIGINT) AS x, (x) AS system.main.ceil(x)',
    shadows: {
      trino: 'ceil(integer) -> integer',
      duckdb: 'ceil(integer) -> DOUBLE',
      resolution: 'Typed overloads return integers unchanged; others call system.main.ceil.',
    },
    trinoDoc: `${DOCS}/math.html#ceil`,
    examples: [],
  },
  {
    name: 'ceiling',
    sql: 'CREATE OR REPLACE TEMP MACRO ceiling(x TINYINT) AS x, (x SMALLINT) AS x, (x INTEGER) AS x, (x BIGINT) AS x, (x) AS system.main.ceil(x)',
    shadows: {
      trino: 'ceiling(integer) -> integer',
      duckdb: 'ceiling(integer) -> DOUBLE',
      resolution: 'As ceil.',
    },
    trinoDoc: `${DOCS}/math.html#ceiling`,
    examples: [],
  },
  {
    name: 'floor',
    sql: 'CREATE OR REPLACE TEMP MACRO floor(x TINYINT) AS x, (x SMALLINT) AS x, (x INTEGER) AS x, (x BIGINT) AS x, (x) AS system.main.floor(x)',
    shadows: {
      trino: 'floor(integer) -> integer',
      duckdb: 'floor(integer) -> DOUBLE',
      resolution: 'As ceil.',
    },
    trinoDoc: `${DOCS}/math.html#floor`,
    examples: [],
  },
  {
    name: 'sign',
    // Trino's sign has the argument's type; DuckDB's is always TINYINT.
    sql:
      // Overloads are tried in order and an INTEGER casts to DOUBLE, so the integer ones come first.
      'CREATE OR REPLACE TEMP MACRO sign(x TINYINT) AS CAST(system.main.sign(x) AS TINYINT), (x SMALLINT) AS CAST(system.main.sign(x) AS SMALLINT),' +
      ' (x INTEGER) AS CAST(system.main.sign(x) AS INTEGER), (x BIGINT) AS CAST(system.main.sign(x) AS BIGINT),' +
      ' (x DOUBLE) AS CAST(system.main.sign(x) AS DOUBLE), (x FLOAT) AS CAST(system.main.sign(x) AS FLOAT), (x) AS system.main.sign(x)',
    shadows: {
      trino: 'sign(double) -> double',
      duckdb: 'sign(x) -> TINYINT',
      resolution: 'Typed overloads cast back to DOUBLE/FLOAT.',
    },
    trinoDoc: `${DOCS}/math.html#sign`,
    examples: [],
  },
  {
    name: 'greatest',
    sql: `CREATE OR REPLACE TEMP MACRO greatest(a1) AS a1, ${overloads(NULL_IF_ANY_NULL('greatest'))}`,
    shadows: {
      trino: 'greatest(a, b, \u2026): NULL when any argument is NULL',
      duckdb: 'greatest(a, b, \u2026): NULLs skipped',
      resolution: 'Temp macro per arity: NULL if any argument is NULL, else system.main.greatest.',
    },
    trinoDoc: `${DOCS}/comparison.html#greatest`,
    examples: [],
  },
  {
    name: 'least',
    sql: `CREATE OR REPLACE TEMP MACRO least(a1) AS a1, ${overloads(NULL_IF_ANY_NULL('least'))}`,
    shadows: {
      trino: 'least(a, b, \u2026): NULL when any argument is NULL',
      duckdb: 'least(a, b, \u2026): NULLs skipped',
      resolution: 'Temp macro per arity: NULL if any argument is NULL, else system.main.least.',
    },
    trinoDoc: `${DOCS}/comparison.html#least`,
    examples: [],
  },
];
