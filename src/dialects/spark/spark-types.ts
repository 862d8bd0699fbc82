import type { TypeTable } from '../type-table.js';

/**
 * Spark SQL's types (Glue 5 runs Spark 3.5): `string`, `array<int>`, `struct<a: int>`.
 * https://spark.apache.org/docs/3.5.4/sql-ref-datatypes.html
 */
export const SPARK_TYPES: TypeTable = {
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
  decimal: (p, s) => `decimal(${p}, ${s})`,
  char: (n) => `char(${n})`,
  array: (e) => `array<${e}>`,
  map: (k, v) => `map<${k}, ${v}>`,
  struct: (fields) => `struct<${fields.map(([n, t]) => `${n}: ${t}`).join(', ')}>`,
};
