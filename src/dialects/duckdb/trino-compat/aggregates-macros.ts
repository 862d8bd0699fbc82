/** Aggregate functions (each expands to one aggregate call, so OVER (…) still applies). */
import { DOCS, type TrinoCompatMacro } from './trino-compat-macro.js';

export const AGGREGATES_MACROS: readonly TrinoCompatMacro[] = [
  {
    name: 'approx_distinct',
    // Exact. Trino's HyperLogLog is exact up to a few hundred distinct values and within ~2.3%
    // above; DuckDB's approx_count_distinct is already off at 100 (96) and by ~20% at 1,000, so the
    // exact count is the closest local answer. The error argument is accepted and ignored.
    sql: 'CREATE OR REPLACE TEMP MACRO approx_distinct(x) AS count(DISTINCT x), (x, e) AS count(DISTINCT x)',
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
  {
    name: 'count_if',
    // DuckDB's count_if is NULL over no non-NULL input; Trino's is 0. One aggregate call, so OVER works.
    sql: 'CREATE OR REPLACE TEMP MACRO count_if(x) AS count(CASE WHEN x THEN 1 END)',
    shadows: {
      trino: 'count_if(x) over only NULLs: 0',
      duckdb: 'count_if(x) over only NULLs: NULL',
      resolution: 'Temp macro as count(CASE WHEN x THEN 1 END), one aggregate so OVER still applies.',
    },
    trinoDoc: `${DOCS}/aggregate.html#count_if`,
    examples: [],
  },
];
