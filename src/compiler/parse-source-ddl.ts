import type { Column } from '../manifest/manifest.js';
import { parseSqlType, TypeParseError } from './sql-type.js';
import { SqlSyntaxError, TokenCursor, tokenize } from './sql-tokenizer.js';

export interface SourceDdl {
  readonly sourceName: string;
  readonly sourceTable: string;
  readonly columns: readonly Column[];
  readonly line: number;
}

/**
 * Reads a source declaration: `CREATE EXTERNAL TABLE pos.transactions (name type, …)` with Hive or
 * Trino type spellings. Throws {@link SqlSyntaxError} with the file line.
 */
export function parseSourceDdl(sql: string, firstLine = 1): SourceDdl {
  const lastLine = firstLine + sql.split('\n').length - 1;
  const cur = new TokenCursor(tokenize(sql, firstLine), lastLine);
  const start = cur.expect('create', 'CREATE EXTERNAL TABLE');
  cur.expect('external', 'EXTERNAL TABLE');
  cur.expect('table', 'TABLE');
  const source = cur.identifier('the source name (e.g. pos)');
  cur.expect('.', '"." between source and table name (e.g. pos.transactions)');
  const table = cur.identifier('the source table name');
  cur.expect('(');
  const columns: Column[] = [];
  const seen = new Set<string>();
  do {
    const name = cur.identifier('a column name');
    const typeLine = cur.line;
    const typeText = textUntilComma(cur);
    try {
      if (seen.has(name.text.toLowerCase())) throw new SqlSyntaxError(`duplicate column "${name.text}"`, name.line);
      seen.add(name.text.toLowerCase());
      columns.push({ name: name.text.toLowerCase(), type: parseSqlType(typeText) });
    } catch (e) {
      if (e instanceof TypeParseError) throw new SqlSyntaxError(`column "${name.text}": ${e.message}`, typeLine);
      throw e;
    }
  } while (cur.accept(','));
  cur.expect(')');
  if (!cur.atEnd()) throw new SqlSyntaxError(`unexpected "${cur.peek()!.text}" after the column list`, cur.line);
  return { sourceName: source.text.toLowerCase(), sourceTable: table.text.toLowerCase(), columns, line: start.line };
}

/** A column type runs to the next top-level `,` or the closing `)`. */
function textUntilComma(cur: TokenCursor): string {
  const parts: string[] = [];
  let depth = 0;
  for (;;) {
    const t = cur.peek();
    if (!t) throw new SqlSyntaxError('missing ")" after the column list', cur.line);
    if (depth === 0 && (t.text === ',' || t.text === ')')) break;
    if (t.text === '(' || t.text === '<') depth++;
    if (t.text === ')' || t.text === '>') depth--;
    parts.push(t.text);
    cur.next();
  }
  if (parts.length === 0) throw new SqlSyntaxError('missing column type', cur.line);
  return parts.join(' ');
}
