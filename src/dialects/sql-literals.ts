/**
 * The one place SQL text is escaped. Every literal or identifier the project puts into a statement
 * goes through one of these, so a name or value can never end a quote early.
 */

/** A string literal in Trino, DuckDB and Spark SQL (and Athena's DML): a quote is doubled. */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** A double-quoted identifier (Trino, DuckDB): a double quote is doubled. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A backquoted identifier (Hive DDL, which Athena's DDL uses): a backquote is doubled. */
export function hiveIdentifier(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}

const HIVE_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t', '\0': '\\0' };

/**
 * A string literal in DDL (Hive's lexer, which Athena DDL uses): C-style escapes. `''` would not do:
 * Hive reads `'a''b'` as two adjacent literals and concatenates them, dropping the apostrophe.
 */
export function hiveString(text: string): string {
  return `'${text.replace(/[\\'\n\r\t\0]/g, (c) => HIVE_ESCAPES[c]!)}'`;
}

/**
 * A query parameter as SQL literal text, which Athena's ExecutionParameters and Trino's
 * `EXECUTE IMMEDIATE … USING` both take: a string must be a quoted literal or it is read as an
 * expression; a number must be finite.
 */
export function parameterLiteral(value: string | number): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`query parameter ${value} is not a finite number`);
    return String(value);
  }
  return sqlString(value);
}
