/**
 * Handlebars helpers for Trino constructs that a DuckDB macro cannot imitate (the compatibility
 * macros in duckdb/trino-compat-macros.ts cover the rest). `date_parse` is the case in point:
 * DuckDB's `strptime` needs a format that is constant when the call is bound, which a macro
 * parameter never is — so the format is translated at compile time, once per dialect.
 * The analyst writes `{{date_parse "t.raw_time" "%Y-%m-%d %H:%i:%s"}}`.
 */
export type MacroDialect = 'trino' | 'duckdb' | 'spark';

export interface MacroHelper {
  /** Number of positional arguments. */
  readonly arity: number;
  readonly usage: string;
  /** Vendor docs of the construct being imitated. */
  readonly docs: string;
  readonly render: Readonly<Record<MacroDialect, (...args: string[]) => string>>;
}

/**
 * Trino's MySQL-style specifiers (https://trino.io/docs/current/functions/datetime.html#mysql-date-functions)
 * to DuckDB strftime (https://duckdb.org/docs/sql/functions/dateformat) and Spark datetime patterns
 * (https://spark.apache.org/docs/3.5.4/sql-ref-datetime-pattern.html).
 */
export const MYSQL_FORMAT_SPECIFIERS: Readonly<Record<string, { readonly duckdb: string; readonly spark: string }>> = {
  '%Y': { duckdb: '%Y', spark: 'yyyy' },
  '%y': { duckdb: '%y', spark: 'yy' },
  '%m': { duckdb: '%m', spark: 'MM' },
  '%c': { duckdb: '%-m', spark: 'M' },
  '%d': { duckdb: '%d', spark: 'dd' },
  '%e': { duckdb: '%-d', spark: 'd' },
  '%H': { duckdb: '%H', spark: 'HH' },
  '%k': { duckdb: '%-H', spark: 'H' },
  '%h': { duckdb: '%I', spark: 'hh' },
  '%I': { duckdb: '%I', spark: 'hh' },
  '%i': { duckdb: '%M', spark: 'mm' },
  '%s': { duckdb: '%S', spark: 'ss' },
  '%S': { duckdb: '%S', spark: 'ss' },
  '%f': { duckdb: '%f', spark: 'SSSSSS' },
  '%p': { duckdb: '%p', spark: 'a' },
  '%T': { duckdb: '%H:%M:%S', spark: 'HH:mm:ss' },
  '%r': { duckdb: '%I:%M:%S %p', spark: 'hh:mm:ss a' },
  '%b': { duckdb: '%b', spark: 'MMM' },
  '%M': { duckdb: '%B', spark: 'MMMM' },
  '%a': { duckdb: '%a', spark: 'EEE' },
  '%W': { duckdb: '%A', spark: 'EEEE' },
  '%j': { duckdb: '%j', spark: 'DDD' },
  '%%': { duckdb: '%%', spark: '%' },
};

/** Translates a MySQL-style format; unknown specifiers are an error, so a typo never parses silently wrong. */
export function translateMysqlFormat(format: string, to: 'duckdb' | 'spark'): string {
  return format.replace(/%./g, (spec) => {
    const t = MYSQL_FORMAT_SPECIFIERS[spec];
    if (!t) throw new Error(`date_parse: format specifier ${spec} is not supported (supported: ${Object.keys(MYSQL_FORMAT_SPECIFIERS).join(' ')})`);
    return t[to];
  });
}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

export const MACRO_HELPERS: Readonly<Record<string, MacroHelper>> = {
  date_parse: {
    arity: 2,
    usage: '{{date_parse "t.raw_time" "%Y-%m-%d %H:%i:%s"}}',
    docs: 'https://trino.io/docs/current/functions/datetime.html#date_parse',
    render: {
      trino: (x, f) => `date_parse(${x}, ${quote(f)})`,
      duckdb: (x, f) => `strptime(${x}, ${quote(translateMysqlFormat(f, 'duckdb'))})`,
      spark: (x, f) => `to_timestamp(${x}, ${quote(translateMysqlFormat(f, 'spark'))})`,
    },
  },
};
