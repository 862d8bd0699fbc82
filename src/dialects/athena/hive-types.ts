import type { TypeTable } from '../type-table.js';

/**
 * Athena's DDL types, in Hive's spelling (`string`, `array<int>`, `struct<a:int>`).
 * https://docs.aws.amazon.com/athena/latest/ug/data-types.html
 */
export const HIVE_TYPES: TypeTable = {
  scalars: {
    varchar: 'string',
    tinyint: 'tinyint',
    smallint: 'smallint',
    integer: 'int',
    bigint: 'bigint',
    real: 'float',
    double: 'double',
    boolean: 'boolean',
    varbinary: 'binary',
    date: 'date',
    timestamp: 'timestamp',
  },
  decimal: (p, s) => `decimal(${p},${s})`,
  char: (n) => `char(${n})`,
  array: (e) => `array<${e}>`,
  map: (k, v) => `map<${k},${v}>`,
  struct: (fields) => `struct<${fields.map(([n, t]) => `${n}:${t}`).join(',')}>`,
};
