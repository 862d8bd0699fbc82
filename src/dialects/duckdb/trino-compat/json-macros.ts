/** JSON functions (Trino returns NULL for text that is not JSON; DuckDB would raise). */
import { DOCS, type TrinoCompatMacro } from './trino-compat-macro.js';

/*
 * Trino JSON paths may quote a key in brackets (`$["key with space"]`); DuckDB spells it `$."key"`.
 * Translated inside the call, so a path that is a column works too.
 */
const JSON_PATH = (path: string): string => String.raw`system.main.regexp_replace(${path}, '\[\s*"([^"]*)"\s*\]', '."\1"', 'g')`;

export const JSON_MACROS: readonly TrinoCompatMacro[] = [
  {
    name: 'json_extract_scalar',
    // Trino yields NULL for objects/arrays and for text that is not JSON; DuckDB would return the
    // serialized object or raise on invalid JSON.
    sql:
      'CREATE OR REPLACE TEMP MACRO json_extract_scalar(j, path) AS CASE' +
      ' WHEN NOT json_valid(j) THEN NULL' +
      ` WHEN json_type(system.main.json_extract(j, ${JSON_PATH('path')})) IN ('OBJECT', 'ARRAY') THEN NULL` +
      ` ELSE json_extract_string(j, ${JSON_PATH('path')}) END`,
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
    name: 'json_extract',
    // Trino yields NULL for text that is not JSON, and accepts bracket-quoted keys in the path.
    sql: `CREATE OR REPLACE TEMP MACRO json_extract(j, path) AS CASE WHEN json_valid(j) THEN system.main.json_extract(j, ${JSON_PATH('path')}) END`,
    shadows: {
      trino: 'json_extract(text that is not JSON, path): NULL; $["key"] paths',
      duckdb: 'raises on invalid JSON; no bracket-quoted keys',
      resolution: 'Temp macro guarding with json_valid and translating the path.',
    },
    trinoDoc: `${DOCS}/json.html#json_extract`,
    examples: [],
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
      ' WHEN NOT json_valid(j) THEN NULL' +
      ` WHEN system.main.json_extract(j, ${JSON_PATH('path')}) IS NULL THEN NULL` +
      ` WHEN json_type(system.main.json_extract(j, ${JSON_PATH('path')})) = 'OBJECT' THEN CAST(len(json_keys(j, ${JSON_PATH('path')})) AS BIGINT)` +
      ` WHEN json_type(system.main.json_extract(j, ${JSON_PATH('path')})) = 'ARRAY' THEN CAST(system.main.json_array_length(j, ${JSON_PATH('path')}) AS BIGINT)` +
      ' ELSE 0 END',
    trinoDoc: `${DOCS}/json.html#json_size`,
    examples: [
      { call: `json_size('{"x": {"a": 1, "b": 2}}', '$.x')`, expected: 2 }, // doc
      { call: `json_size('{"x": [1, 2, 3]}', '$.x')`, expected: 3 }, // doc
      { call: `json_size('{"x": {"a": 1, "b": 2}}', '$.x.a')`, expected: 0 }, // doc
      { call: `json_size('{"x": 1}', '$.y')`, expected: null },
    ],
  },
  {
    name: 'json_array_length',
    // NULL for text that is not JSON or not an array (DuckDB raises, or answers 0).
    sql:
      "CREATE OR REPLACE TEMP MACRO json_array_length(j) AS CASE WHEN json_valid(j) AND json_type(j) = 'ARRAY' THEN CAST(system.main.json_array_length(j) AS BIGINT) END," +
      ` (j, path) AS CASE WHEN json_valid(j) AND json_type(j, ${JSON_PATH('path')}) = 'ARRAY' THEN CAST(system.main.json_array_length(j, ${JSON_PATH('path')}) AS BIGINT) END`,
    shadows: {
      trino: 'json_array_length(non-array or invalid JSON): NULL',
      duckdb: 'raises on invalid JSON, 0 for objects',
      resolution: 'Temp macro guarding with json_valid and json_type.',
    },
    trinoDoc: `${DOCS}/json.html#json_array_length`,
    examples: [],
  },
];
