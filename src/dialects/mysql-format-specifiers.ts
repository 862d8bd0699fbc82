/**
 * Trino's MySQL-style date format specifiers (https://trino.io/docs/current/functions/datetime.html#mysql-date-functions),
 * one table for every use: `date_format` (DuckDB strftime, in the compatibility macro), `date_parse`
 * (DuckDB strptime, in the statement rewrite and the `{{date_parse}}` helper) and the Spark pattern
 * of the Glue job (https://spark.apache.org/docs/3.5.4/sql-ref-datetime-pattern.html).
 */
import { HelperArgumentError } from './helper-argument-error.js';

export interface MysqlSpecifier {
  /** DuckDB strftime/strptime specifier(s) with the same meaning. */
  readonly duckdb: string;
  /** When formatting needs something else than parsing (Trino prints %f from milliseconds). */
  readonly duckdbFormat?: string;
  /** Spark datetime pattern; absent when the specifier is for formatting only. */
  readonly spark?: string;
}

export const MYSQL_FORMAT_SPECIFIERS: Readonly<Record<string, MysqlSpecifier>> = {
  '%a': { duckdb: '%a', spark: 'EEE' },
  '%b': { duckdb: '%b', spark: 'MMM' },
  '%c': { duckdb: '%-m', spark: 'M' },
  '%d': { duckdb: '%d', spark: 'dd' },
  '%e': { duckdb: '%-d', spark: 'd' },
  // Trino prints six digits of a value truncated to milliseconds.
  '%f': { duckdb: '%f', duckdbFormat: '%g000', spark: 'SSSSSS' },
  '%H': { duckdb: '%H', spark: 'HH' },
  '%h': { duckdb: '%I', spark: 'hh' },
  '%I': { duckdb: '%I', spark: 'hh' },
  '%i': { duckdb: '%M', spark: 'mm' },
  '%j': { duckdb: '%j', spark: 'DDD' },
  '%k': { duckdb: '%-H', spark: 'H' },
  '%l': { duckdb: '%-I' },
  '%M': { duckdb: '%B', spark: 'MMMM' },
  '%m': { duckdb: '%m', spark: 'MM' },
  '%p': { duckdb: '%p', spark: 'a' },
  '%r': { duckdb: '%I:%M:%S %p', spark: 'hh:mm:ss a' },
  '%S': { duckdb: '%S', spark: 'ss' },
  '%s': { duckdb: '%S', spark: 'ss' },
  '%T': { duckdb: '%H:%M:%S', spark: 'HH:mm:ss' },
  '%v': { duckdb: '%V' },
  '%W': { duckdb: '%A', spark: 'EEEE' },
  '%x': { duckdb: '%G' },
  '%Y': { duckdb: '%Y', spark: 'yyyy' },
  '%y': { duckdb: '%y', spark: 'yy' },
  '%%': { duckdb: '%%', spark: '%' },
};

/** Specifiers Trino documents as not supported: a view using them fails on Athena, so it fails locally too. */
export const UNSUPPORTED_MYSQL_SPECIFIERS: readonly string[] = ['%D', '%U', '%u', '%V', '%w', '%X'];

/** Specifiers that parse (date_parse): all but the formatting-only ones, which have no Spark pattern. */
const PARSEABLE = Object.keys(MYSQL_FORMAT_SPECIFIERS).filter((s) => MYSQL_FORMAT_SPECIFIERS[s]!.spark !== undefined);

/** Translates a MySQL-style parse format; an unknown specifier is an error, so a typo never parses silently wrong. */
export function translateMysqlFormat(format: string, to: 'duckdb' | 'spark'): string {
  return format.replace(/%./g, (spec) => {
    const t = MYSQL_FORMAT_SPECIFIERS[spec];
    if (!t || t.spark === undefined) throw new HelperArgumentError(`format specifier ${spec} is not supported (supported: ${PARSEABLE.join(' ')})`);
    return to === 'duckdb' ? t.duckdb : t.spark;
  });
}
