/**
 * Handlebars helpers for Trino constructs that a DuckDB macro cannot imitate (the compatibility
 * macros in duckdb/trino-compat-macros.ts cover the rest). `date_parse` is the case in point:
 * DuckDB's `strptime` needs a format that is constant when the call is bound, which a macro
 * parameter never is — so the format is translated at compile time, once per dialect.
 * The analyst writes `{{date_parse "t.raw_time" "%Y-%m-%d %H:%i:%s"}}`.
 */
import { translateMysqlFormat } from './mysql-format-specifiers.js';
import { sqlString as quote } from './sql-literals.js';

export type MacroDialect = 'trino' | 'duckdb' | 'spark';

export interface MacroHelper {
  /** Number of positional arguments. */
  readonly arity: number;
  readonly usage: string;
  /** Vendor docs of the construct being imitated. */
  readonly docs: string;
  readonly render: Readonly<Record<MacroDialect, (...args: string[]) => string>>;
}


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
