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
 * The library is data, one file per topic under `trino-compat/`: per Trino function one
 * `CREATE OR REPLACE TEMP MACRO`, its Trino doc page, and `shadows` when it hides a DuckDB built-in
 * of the same name. Real Trino is the oracle: tests/conformance runs every macro on edge-case inputs
 * against a Trino server and compares (docs/trino-compat.md). The few documented `examples` that
 * remain run without Java in tests/dialects.
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
 * Built-ins checked against Trino and left alone because DuckDB already matches: `strpos`, `week`,
 * `year`, `quarter`, `month`, `day`, `hour`, `minute`, `second`, `last_day`, `split`, `lpad`, `rpad`,
 * `trim`, `lower`, `length`, `starts_with`, `chr`, `contains`, `array_sort`, `flatten`, `map_keys`,
 * `map_values`, `bool_and`, `max_by`, `stddev`, `variance`, `if` (rewritten to CASE by DuckDB's parser).
 *
 * What no macro can do lives elsewhere: DuckDB settings on the local engine's connections
 * (`integer_division`, the UTC session zone) and statement rewriting (`date_parse` with a literal
 * format, Trino's `array(T)`/`row(…)`/`map(K, V)` type names) in trino-statement-rewrite.ts. The
 * differences that remain (CAST rounding, decimal division, division by zero, zoned values as
 * wall-clock TIMESTAMPs, Java-only regex syntax, …) are listed with their reasons in
 * tests/conformance/trino-compat-known-gaps.ts.
 */
import { DATETIME_MACROS } from './trino-compat/datetime-macros.js';
import { NUMBERS_MACROS } from './trino-compat/numbers-macros.js';
import { STRINGS_MACROS } from './trino-compat/strings-macros.js';
import { JSON_MACROS } from './trino-compat/json-macros.js';
import { COLLECTIONS_MACROS } from './trino-compat/collections-macros.js';
import { AGGREGATES_MACROS } from './trino-compat/aggregates-macros.js';
import type { NameClash, TrinoCompatMacro } from './trino-compat/trino-compat-macro.js';

export type { NameClash, TrinoCompatMacro } from './trino-compat/trino-compat-macro.js';

/** Every Trino function this project imitates on DuckDB, one file per topic under trino-compat/. */
export const TRINO_COMPAT_MACROS: readonly TrinoCompatMacro[] = [
  ...DATETIME_MACROS,
  ...NUMBERS_MACROS,
  ...STRINGS_MACROS,
  ...JSON_MACROS,
  ...COLLECTIONS_MACROS,
  ...AGGREGATES_MACROS,
];

/**
 * Trino names that DuckDB already defines differently, from the `shadows` field of the entries.
 * DuckDB lets a connection-level macro shadow a built-in, so each is resolved by its macro; the
 * cost is that DuckDB-flavoured calls to these names change meaning on a connection where the
 * macros are installed.
 */
export const NAME_CLASHES: readonly NameClash[] = TRINO_COMPAT_MACROS.flatMap((m) => (m.shadows ? [{ name: m.name, ...m.shadows }] : []));

/**
 * The statements that install every macro on a DuckDB connection, in a safe order.
 *
 * DuckDB binds a macro body when the macro is created, so a body may only use functions that
 * exist at that moment. No macro here depends on another one, and bodies that need a shadowed
 * built-in call it as `system.main.<name>`; still, the non-shadowing macros come first so that
 * they are bound against the untouched built-ins. Run on every new connection (they are TEMP).
 */
export function trinoCompatMacroSql(): string[] {
  const plain = TRINO_COMPAT_MACROS.filter((m) => !m.shadows);
  const shadows = TRINO_COMPAT_MACROS.filter((m) => m.shadows);
  return [...plain, ...shadows].map((m) => m.sql);
}
