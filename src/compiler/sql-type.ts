/**
 * Column types, dialect-neutral. Models spell types in Trino (`varchar`, `decimal(10, 2)`) or,
 * in source DDL, in Hive (`string`, `array<struct<a:int>>`); both parse to this one form and every
 * dialect renders it back from its own type table (src/dialects/<dialect>/*-types.ts, rendered by src/dialects/type-table.ts).
 */
export type SqlType =
  | { readonly kind: 'varchar' }
  | { readonly kind: 'tinyint' }
  | { readonly kind: 'smallint' }
  | { readonly kind: 'integer' }
  | { readonly kind: 'bigint' }
  /** 32-bit float: Hive `float`, Trino `real`. */
  | { readonly kind: 'real' }
  | { readonly kind: 'double' }
  | { readonly kind: 'boolean' }
  /** Hive `binary`, Trino `varbinary`. */
  | { readonly kind: 'varbinary' }
  | { readonly kind: 'date' }
  | { readonly kind: 'timestamp' }
  | { readonly kind: 'decimal'; readonly precision: number; readonly scale: number }
  /** Fixed-length text, 1..255 (Athena); padded on read, unlike varchar. */
  | { readonly kind: 'char'; readonly length: number }
  | { readonly kind: 'array'; readonly element: SqlType }
  | { readonly kind: 'map'; readonly key: SqlType; readonly value: SqlType }
  | { readonly kind: 'struct'; readonly fields: readonly StructField[] };

export interface StructField {
  readonly name: string;
  readonly type: SqlType;
}

export type ScalarKind = Exclude<SqlType['kind'], 'decimal' | 'char' | 'array' | 'map' | 'struct'>;

/**
 * Type names as written in models or stored in the Glue catalog (Hive or Trino spelling), to the
 * neutral kind: every type of https://docs.aws.amazon.com/athena/latest/ug/data-types.html that a
 * table column can have. One unknown name in someone else's table must not stop migrate, so the
 * catalog reader (not this parser) decides what to do with what is left.
 */
const SCALAR_NAMES: Readonly<Record<string, ScalarKind>> = {
  varchar: 'varchar',
  string: 'varchar',
  tinyint: 'tinyint',
  smallint: 'smallint',
  integer: 'integer',
  int: 'integer',
  bigint: 'bigint',
  float: 'real',
  real: 'real',
  double: 'double',
  boolean: 'boolean',
  binary: 'varbinary',
  varbinary: 'varbinary',
  date: 'date',
  timestamp: 'timestamp',
};

export class TypeParseError extends Error {}

/** Parses `decimal(10, 2)`, `array<struct<a:string>>`, `array(row(a varchar))`… */
export function parseSqlType(text: string): SqlType {
  const p = new TypeParser(text);
  const t = p.type();
  p.expectEnd();
  return t;
}

class TypeParser {
  private pos = 0;
  constructor(private readonly text: string) {}

  type(): SqlType {
    const name = this.word().toLowerCase();
    if (name === 'decimal' || name === 'numeric') {
      // Hive: `decimal` alone is decimal(10,0) and the scale defaults to 0 (Athena data types).
      let precision = 10;
      let scale = 0;
      if (this.tryExpect('(')) {
        precision = this.int();
        if (this.tryExpect(',')) scale = this.int();
        this.expect(')');
      }
      if (precision < 1 || precision > 38 || scale < 0 || scale > precision) {
        throw new TypeParseError(`decimal(${precision}, ${scale}): precision must be 1..38 and scale 0..precision`);
      }
      return { kind: 'decimal', precision, scale };
    }
    if (name === 'varchar' && this.peek() === '(') {
      // varchar(n) is accepted and read as varchar: Athena's Parquet tables ignore the length.
      this.expect('(');
      this.int();
      this.expect(')');
      return { kind: 'varchar' };
    }
    if (name === 'char') {
      let length = 1;
      if (this.tryExpect('(')) {
        length = this.int();
        this.expect(')');
      }
      if (length < 1 || length > 255) throw new TypeParseError(`char(${length}): the length must be 1..255`);
      return { kind: 'char', length };
    }
    if (name === 'map') {
      const close = this.open();
      const key = this.type();
      this.expect(',');
      const value = this.type();
      this.expect(close);
      return { kind: 'map', key, value };
    }
    if (name === 'array') {
      const close = this.open();
      const element = this.type();
      this.expect(close);
      return { kind: 'array', element };
    }
    if (name === 'struct' || name === 'row') {
      const close = this.open();
      const fields: StructField[] = [];
      do {
        const field = this.word().toLowerCase();
        if (this.peek() === ':') this.expect(':');
        fields.push({ name: field, type: this.type() });
      } while (this.tryExpect(','));
      this.expect(close);
      return { kind: 'struct', fields };
    }
    const kind = SCALAR_NAMES[name];
    if (kind === undefined) throw new TypeParseError(`unknown type "${name}"`);
    return { kind } as SqlType;
  }

  expectEnd(): void {
    this.skipSpace();
    if (this.pos < this.text.length) throw new TypeParseError(`unexpected "${this.text.slice(this.pos)}" after type`);
  }

  private open(): string {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === '<') {
      this.pos++;
      return '>';
    }
    if (c === '(') {
      this.pos++;
      return ')';
    }
    throw new TypeParseError(`expected "<" or "(" at "${this.text.slice(this.pos)}"`);
  }

  private word(): string {
    this.skipSpace();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos));
    if (!m) throw new TypeParseError(`expected a type name at "${this.text.slice(this.pos)}"`);
    this.pos += m[0].length;
    return m[0];
  }

  private int(): number {
    this.skipSpace();
    const m = /^\d+/.exec(this.text.slice(this.pos));
    if (!m) throw new TypeParseError(`expected a number at "${this.text.slice(this.pos)}"`);
    this.pos += m[0].length;
    return Number(m[0]);
  }

  private peek(): string | undefined {
    this.skipSpace();
    return this.text[this.pos];
  }

  private expect(c: string): void {
    if (!this.tryExpect(c)) throw new TypeParseError(`expected "${c}" at "${this.text.slice(this.pos) || 'end'}"`);
  }

  private tryExpect(c: string): boolean {
    this.skipSpace();
    if (this.text[this.pos] === c) {
      this.pos++;
      return true;
    }
    return false;
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }
}

export function sqlTypeEquals(a: SqlType, b: SqlType): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
