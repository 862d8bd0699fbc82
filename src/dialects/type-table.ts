import type { ScalarKind, SqlType } from '../compiler/sql-type.js';

/**
 * How one dialect spells column types: a name per scalar kind and a spelling per parameterized or
 * nested kind. Each dialect folder holds one of these as data; {@link renderType} is the only code.
 */
export interface TypeTable {
  readonly scalars: Readonly<Record<ScalarKind, string>>;
  readonly decimal: (precision: number, scale: number) => string;
  readonly char: (length: number) => string;
  readonly array: (element: string) => string;
  readonly map: (key: string, value: string) => string;
  readonly struct: (fields: readonly (readonly [name: string, type: string])[]) => string;
}

/** The neutral type in a dialect's spelling. */
export function renderType(t: SqlType, table: TypeTable): string {
  switch (t.kind) {
    case 'decimal':
      return table.decimal(t.precision, t.scale);
    case 'char':
      return table.char(t.length);
    case 'array':
      return table.array(renderType(t.element, table));
    case 'map':
      return table.map(renderType(t.key, table), renderType(t.value, table));
    case 'struct':
      return table.struct(t.fields.map((f) => [f.name, renderType(f.type, table)] as const));
    default:
      return table.scalars[t.kind];
  }
}
