import type { TypeTable } from '../type-table.js';

/**
 * Trino's types, which Athena's queries, views and CTAS use (`varchar`, `array(integer)`, `row(a integer)`).
 * https://trino.io/docs/current/language/types.html
 */
export const TRINO_TYPES: TypeTable = {
  scalars: {
    varchar: 'varchar',
    tinyint: 'tinyint',
    smallint: 'smallint',
    integer: 'integer',
    bigint: 'bigint',
    real: 'real',
    double: 'double',
    boolean: 'boolean',
    varbinary: 'varbinary',
    date: 'date',
    timestamp: 'timestamp',
  },
  decimal: (p, s) => `decimal(${p}, ${s})`,
  char: (n) => `char(${n})`,
  array: (e) => `array(${e})`,
  map: (k, v) => `map(${k}, ${v})`,
  struct: (fields) => `row(${fields.map(([n, t]) => `${n} ${t}`).join(', ')})`,
};
