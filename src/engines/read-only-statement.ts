import { tokenize, type Token } from '../compiler/sql-tokenizer.js';

/** The statements `npm run query` accepts: reading, never writing. */
export const READ_ONLY_KEYWORDS = ['SELECT', 'WITH', 'VALUES', 'SHOW', 'DESCRIBE', 'EXPLAIN'] as const;

/** A statement the read-only query path refuses, with the reason in words an analyst can act on. */
export class ReadOnlyStatementError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReadOnlyStatementError';
  }
}

/**
 * Throws {@link ReadOnlyStatementError} unless `sql` is exactly one statement (a trailing `;` is
 * fine) starting with one of {@link READ_ONLY_KEYWORDS} (after comments and opening parentheses).
 * `EXPLAIN ANALYZE` runs its statement, so the statement it explains must pass the same rule. This
 * is the engine-independent check; the local engine also asks DuckDB for the statement's type and
 * runs it with file access outside the lake disabled.
 */
export function assertReadOnlyStatement(sql: string): void {
  let tokens: Token[];
  try {
    tokens = tokenize(sql);
  } catch (e) {
    throw new ReadOnlyStatementError(`cannot read the statement: ${(e as Error).message}`);
  }
  while (tokens.length > 0 && tokens[tokens.length - 1]!.text === ';') tokens.pop();
  if (tokens.length === 0) throw new ReadOnlyStatementError('no statement given');
  const separators = tokens.filter((t) => t.kind === 'punct' && t.text === ';').length;
  if (separators > 0) throw new ReadOnlyStatementError(`exactly one statement is allowed; this text holds ${separators + 1} (separated by ";")`);
  let i = 0;
  while (tokens[i]?.text === '(') i++;
  const first = tokens[i];
  const keyword = first?.kind === 'word' ? first.text.toUpperCase() : (first?.text ?? '');
  if (!(READ_ONLY_KEYWORDS as readonly string[]).includes(keyword)) {
    throw new ReadOnlyStatementError(`${keyword || 'this'} statements are not allowed: the query command is read-only (${READ_ONLY_KEYWORDS.join(', ')})`);
  }
  if (keyword === 'EXPLAIN') {
    let j = i + 1;
    if (/^ANALY[SZ]E$/i.test(tokens[j]?.text ?? '')) j++;
    const inner = tokens[j]?.text.toUpperCase() ?? '';
    while (tokens[j]?.text === '(') j++;
    if (inner !== '(' && !['SELECT', 'WITH', 'VALUES'].includes(inner)) {
      throw new ReadOnlyStatementError(`EXPLAIN ${inner} is not allowed: the query command explains queries only (SELECT, WITH, VALUES)`);
    }
  }
}
