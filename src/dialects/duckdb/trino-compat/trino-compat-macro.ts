/**
 * The shape of one entry of the Trino-compatibility library, and what several topics share.
 * See ../trino-compat-macros.ts for how the library is installed and why it is built this way.
 */

/** One Trino function imitated by a DuckDB macro. */
export interface TrinoCompatMacro {
  /** Trino function name; also the name of the DuckDB macro. */
  readonly name: string;
  /** A single `CREATE OR REPLACE TEMP MACRO` statement; re-running it is harmless. */
  readonly sql: string;
  /** Page (and anchor) of the Trino documentation describing the function. */
  readonly trinoDoc: string;
  /**
   * Set when DuckDB has a built-in of the same name with other semantics, which this macro hides.
   * Such macros are installed last and other bodies reach the built-in as `system.main.<name>`.
   */
  readonly shadows?: Omit<NameClash, 'name'>;
  /**
   * SQL expressions and the value Trino returns for them, as rendered by DuckDB's JSON row output
   * (timestamps as `YYYY-MM-DD HH:MM:SS[.fff]`). Numbers compare numerically.
   */
  readonly examples: readonly {
    readonly call: string;
    readonly expected: string | number | boolean | null;
  }[];
}

/** A Trino function whose name DuckDB already uses for something else, and how that is resolved. */
export interface NameClash {
  readonly name: string;
  /** The Trino signature and meaning. */
  readonly trino: string;
  /** The DuckDB built-in signature and meaning. */
  readonly duckdb: string;
  readonly resolution: string;
}

export const DOCS = 'https://trino.io/docs/current/functions';
export const DATETIME = `${DOCS}/datetime.html`;

/** Overloads for 2..10 arguments, because a macro cannot be variadic. */
const ARGS = (n: number): string[] => Array.from({ length: n }, (_, i) => `a${i + 1}`);
const ARITIES = [2, 3, 4, 5, 6, 7, 8, 9, 10];
export const overloads = (body: (args: string[]) => string): string => ARITIES.map((n) => `(${ARGS(n).join(', ')}) AS ${body(ARGS(n))}`).join(', ');
export const NULL_IF_ANY_NULL =
  (fn: string) =>
  (args: string[]): string =>
    `CASE WHEN ${args.map((a) => `${a} IS NULL`).join(' OR ')} THEN NULL ELSE system.main.${fn}(${args.join(', ')}) END`;
