import { HIVE_TYPES } from '../athena/hive-types.js';
import type { TypeTable } from '../type-table.js';

/**
 * Spark SQL's types (Glue 5 runs Spark 3.5): `string`, `array<int>`, `struct<a: int>`.
 * https://spark.apache.org/docs/3.5.4/sql-ref-datatypes.html
 */
export const SPARK_TYPES: TypeTable = {
  // Spark SQL spells the scalars as Hive does.
  scalars: HIVE_TYPES.scalars,
  decimal: (p, s) => `decimal(${p}, ${s})`,
  char: (n) => `char(${n})`,
  array: (e) => `array<${e}>`,
  map: (k, v) => `map<${k}, ${v}>`,
  struct: (fields) => `struct<${fields.map(([n, t]) => `${n}: ${t}`).join(', ')}>`,
};
