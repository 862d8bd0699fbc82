/**
 * Handlebars helpers for Trino constructs that a DuckDB macro cannot imitate (the compatibility
 * macros in duckdb/trino-compat/ cover the rest). `date_parse` is the case in point: DuckDB's
 * `strptime` needs a format that is constant when the call is bound, which a macro parameter never
 * is — so the format is translated at compile time, once per dialect.
 *
 * A registry: one entry drives the parser (name, arity, usage in errors), the compiler (rendering
 * per dialect) and tests/dialects/model-helpers.test.ts, which renders each entry's example.
 */
import type { QueryDialect } from './dialects.js';
import { translateMysqlFormat } from './mysql-format-specifiers.js';
import { sqlString } from './sql-literals.js';

export interface ModelHelper {
  /** One line for the docs and the error that shows how to call it. */
  readonly doc: string;
  /** Vendor docs of the construct being imitated. */
  readonly vendorDoc: string;
  /** The positional arguments' names; the helper takes exactly these. */
  readonly params: readonly string[];
  /**
   * A call as an analyst writes it and what it renders to in each dialect; the test renders it, so
   * the example can never go stale.
   */
  readonly example: { readonly args: readonly string[]; readonly renders: Readonly<Record<QueryDialect, string>> };
  /** Throws a HelperArgumentError (helper-argument-error.ts) for an argument it cannot render; the compiler reports it at the call's line. */
  readonly render: Readonly<Record<QueryDialect, (...args: string[]) => string>>;
}

export const MODEL_HELPERS: Readonly<Record<string, ModelHelper>> = {
  date_parse: {
    doc: 'Parses text into a timestamp with a MySQL-style format, as Trino date_parse does.',
    vendorDoc: 'https://trino.io/docs/current/functions/datetime.html#date_parse',
    params: ['expression', 'format'],
    example: {
      args: ['t.raw_time', '%Y-%m-%d %H:%i:%s'],
      renders: {
        trino: "date_parse(t.raw_time, '%Y-%m-%d %H:%i:%s')",
        duckdb: "strptime(t.raw_time, '%Y-%m-%d %H:%M:%S')",
        spark: "to_timestamp(t.raw_time, 'yyyy-MM-dd HH:mm:ss')",
      },
    },
    render: {
      trino: (x, f) => `date_parse(${x}, ${sqlString(f)})`,
      duckdb: (x, f) => `strptime(${x}, ${sqlString(translateMysqlFormat(f, 'duckdb'))})`,
      spark: (x, f) => `to_timestamp(${x}, ${sqlString(translateMysqlFormat(f, 'spark'))})`,
    },
  },
};

/** `{{date_parse "t.raw_time" "%Y-%m-%d %H:%i:%s"}}`: how to call a helper, from its example. */
export function helperUsage(name: string, h: ModelHelper): string {
  return `{{${name} ${h.example.args.map((a) => JSON.stringify(a)).join(' ')}}}`;
}
