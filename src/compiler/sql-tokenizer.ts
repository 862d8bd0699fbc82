/** A deliberately small SQL tokenizer: enough to read the declarative subset used by table and source models. */
export interface Token {
  readonly kind: 'word' | 'quoted' | 'number' | 'string' | 'punct';
  readonly text: string;
  /** 1-based line in the model file. */
  readonly line: number;
}

export class SqlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** Splits SQL into tokens, dropping whitespace and comments; `firstLine` is the file line of `sql`'s first line. */
export function tokenize(sql: string, firstLine = 1): Token[] {
  const tokens: Token[] = [];
  let line = firstLine;
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === '\n') {
      line++;
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else if (c === '-' && sql[i + 1] === '-') {
      while (i < sql.length && sql[i] !== '\n') i++;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) throw new SqlSyntaxError('unterminated /* comment', line);
      line += countNewlines(sql.slice(i, end));
      i = end + 2;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i))!;
      tokens.push({ kind: 'word', text: m[0], line });
      i += m[0].length;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?/.exec(sql.slice(i))!;
      tokens.push({ kind: 'number', text: m[0], line });
      i += m[0].length;
    } else if (c === '"' || c === '`' || c === "'") {
      let j = i + 1;
      let text = '';
      for (;;) {
        if (j >= sql.length) throw new SqlSyntaxError(`unterminated ${c}quoted${c} text`, line);
        if (sql[j] === c) {
          if (sql[j + 1] === c) {
            text += c;
            j += 2;
            continue;
          }
          break;
        }
        text += sql[j];
        j++;
      }
      tokens.push({ kind: c === "'" ? 'string' : 'quoted', text, line });
      line += countNewlines(text);
      i = j + 1;
    } else {
      tokens.push({ kind: 'punct', text: c, line });
      i++;
    }
  }
  return tokens;
}

function countNewlines(s: string): number {
  let n = 0;
  for (const ch of s) if (ch === '\n') n++;
  return n;
}

/** A cursor over tokens with the usual expect/accept helpers; errors carry the line. */
export class TokenCursor {
  private pos = 0;
  constructor(
    private readonly tokens: readonly Token[],
    private readonly lastLine: number,
  ) {}

  peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }

  get line(): number {
    return this.peek()?.line ?? this.lastLine;
  }

  atEnd(): boolean {
    return this.pos >= this.tokens.length;
  }

  next(): Token {
    const t = this.tokens[this.pos];
    if (!t) throw new SqlSyntaxError('unexpected end of SQL', this.lastLine);
    this.pos++;
    return t;
  }

  /** Accepts a keyword (case-insensitive) or punctuation. */
  accept(text: string): Token | undefined {
    const t = this.peek();
    if (t && (t.kind === 'word' || t.kind === 'punct') && t.text.toLowerCase() === text.toLowerCase()) {
      this.pos++;
      return t;
    }
    return undefined;
  }

  expect(text: string, what?: string): Token {
    const t = this.accept(text);
    if (!t) {
      const got = this.peek();
      throw new SqlSyntaxError(`expected ${what ?? `"${text}"`} but found ${got ? `"${got.text}"` : 'the end'}`, this.line);
    }
    return t;
  }

  /** An identifier: a bare word or a "quoted"/`quoted` name. */
  identifier(what: string): Token {
    const t = this.peek();
    if (!t || (t.kind !== 'word' && t.kind !== 'quoted')) {
      throw new SqlSyntaxError(`expected ${what} but found ${t ? `"${t.text}"` : 'the end'}`, this.line);
    }
    this.pos++;
    return t;
  }

  /** Collects the raw text up to the `)` that closes the current parenthesis level (not consumed). */
  textUntilClose(): string {
    let depth = 0;
    const parts: string[] = [];
    for (;;) {
      const t = this.peek();
      if (!t) throw new SqlSyntaxError('missing ")"', this.lastLine);
      if (t.text === '(' || t.text === '<') depth++;
      if (t.text === ')' || t.text === '>') {
        if (depth === 0 && t.text === ')') return parts.join(' ');
        depth--;
      }
      parts.push(t.text);
      this.pos++;
    }
  }
}
