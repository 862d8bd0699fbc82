/**
 * Handlebars helpers for Trino constructs that a DuckDB macro cannot imitate — usually because
 * DuckDB already has a built-in of the same name with another signature. One implementation per
 * dialect; the analyst writes `{{date_add "day" 7 "t.transaction_datetime"}}`.
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

const UNITS = new Set(['second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year']);

function unit(u: string): string {
  const x = u.toLowerCase();
  if (!UNITS.has(x)) throw new Error(`unit "${u}" is not one of ${[...UNITS].join(', ')}`);
  return x;
}

export const MACRO_HELPERS: Readonly<Record<string, MacroHelper>> = {
  date_add: {
    arity: 3,
    usage: '{{date_add "day" 7 "t.transaction_datetime"}}',
    docs: 'https://trino.io/docs/current/functions/datetime.html#date_add',
    render: {
      trino: (u, n, x) => `date_add('${unit(u)}', ${n}, ${x})`,
      duckdb: (u, n, x) => `(${x} + to_${unit(u) === 'quarter' ? 'months' : `${unit(u)}s`}(${unit(u) === 'quarter' ? `3 * (${n})` : n}))`,
      spark: (u, n, x) => `timestampadd(${unit(u).toUpperCase()}, ${n}, ${x})`,
    },
  },
  date_diff: {
    arity: 3,
    usage: '{{date_diff "day" "a" "b"}}',
    docs: 'https://trino.io/docs/current/functions/datetime.html#date_diff',
    render: {
      trino: (u, a, b) => `date_diff('${unit(u)}', ${a}, ${b})`,
      duckdb: (u, a, b) => `date_diff('${unit(u)}', ${a}, ${b})`,
      spark: (u, a, b) => `timestampdiff(${unit(u).toUpperCase()}, ${a}, ${b})`,
    },
  },
};
