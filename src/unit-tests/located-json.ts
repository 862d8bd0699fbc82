/**
 * JSON with the line of every value. Case files are JSON (no new dependency), and a mistake in one
 * must name its line: `JSON.parse` forgets where values were, so this small parser keeps it.
 */
export type Located =
  | { readonly kind: 'object'; readonly line: number; readonly entries: readonly LocatedEntry[] }
  | { readonly kind: 'array'; readonly line: number; readonly items: readonly Located[] }
  /** `raw` keeps a number's digits as written, so a decimal loses no precision on its way to SQL. */
  | { readonly kind: 'scalar'; readonly line: number; readonly value: string | number | boolean | null; readonly raw?: string };

export interface LocatedEntry {
  readonly key: string;
  readonly line: number;
  readonly value: Located;
}

export class LocatedJsonError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'LocatedJsonError';
  }
}

const LITERALS: Readonly<Record<string, boolean | null>> = { true: true, false: false, null: null };
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Parses one JSON document; a syntax error or a repeated key throws {@link LocatedJsonError} with its line. */
export function parseLocatedJson(text: string): Located {
  let pos = 0;
  let line = 1;
  const fail = (message: string): never => {
    throw new LocatedJsonError(line, message);
  };
  const skip = () => {
    while (pos < text.length && /\s/.test(text[pos]!)) {
      if (text[pos] === '\n') line++;
      pos++;
    }
  };
  const describe = () => (pos >= text.length ? 'the end of the file' : JSON.stringify(text[pos]));
  const expect = (ch: string) => {
    skip();
    if (text[pos] !== ch) fail(`expected ${JSON.stringify(ch)}, found ${describe()}`);
    pos++;
  };
  const string = (): string => {
    const start = pos;
    pos++;
    while (pos < text.length && text[pos] !== '"') {
      if (text[pos] === '\n') fail('unterminated string (a string cannot span lines)');
      pos += text[pos] === '\\' ? 2 : 1;
    }
    if (pos >= text.length) fail('unterminated string');
    pos++;
    try {
      return JSON.parse(text.slice(start, pos)) as string;
    } catch {
      return fail(`invalid string ${text.slice(start, pos)}`);
    }
  };
  const value = (): Located => {
    skip();
    const at = line;
    const ch = text[pos];
    if (ch === '{') {
      pos++;
      const entries: LocatedEntry[] = [];
      skip();
      if (text[pos] === '}') {
        pos++;
        return { kind: 'object', line: at, entries };
      }
      for (;;) {
        skip();
        if (text[pos] !== '"') fail(`expected a "key" in the object, found ${describe()}`);
        const keyLine = line;
        const key = string();
        if (entries.some((e) => e.key === key)) fail(`key "${key}" appears twice in this object`);
        expect(':');
        entries.push({ key, line: keyLine, value: value() });
        skip();
        if (text[pos] === ',') pos++;
        else if (text[pos] === '}') {
          pos++;
          return { kind: 'object', line: at, entries };
        } else fail(`expected "," or "}" after the value of "${key}", found ${describe()}`);
      }
    }
    if (ch === '[') {
      pos++;
      const items: Located[] = [];
      skip();
      if (text[pos] === ']') {
        pos++;
        return { kind: 'array', line: at, items };
      }
      for (;;) {
        items.push(value());
        skip();
        if (text[pos] === ',') pos++;
        else if (text[pos] === ']') {
          pos++;
          return { kind: 'array', line: at, items };
        } else fail(`expected "," or "]" in the list, found ${describe()}`);
      }
    }
    if (ch === '"') return { kind: 'scalar', line: at, value: string() };
    NUMBER.lastIndex = pos;
    const num = NUMBER.exec(text);
    if (num) {
      pos += num[0].length;
      return { kind: 'scalar', line: at, value: Number(num[0]), raw: num[0] };
    }
    const word = /^[a-z]+/.exec(text.slice(pos, pos + 6))?.[0] ?? '';
    if (word in LITERALS) {
      pos += word.length;
      return { kind: 'scalar', line: at, value: LITERALS[word]! };
    }
    return fail(`expected a value, found ${describe()}`);
  };
  const root = value();
  skip();
  if (pos < text.length) fail(`unexpected ${describe()} after the end of the document`);
  return root;
}
