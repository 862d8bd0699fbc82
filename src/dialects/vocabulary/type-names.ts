import type { ScalarKind } from '../../compiler/sql-type.js';

/**
 * How each dialect spells the scalar types. Data, not code: a new dialect adds a column here.
 * - Athena DDL is Hive: https://docs.aws.amazon.com/athena/latest/ug/data-types.html
 * - Athena DML/views is Trino: https://trino.io/docs/current/language/types.html
 * - DuckDB: https://duckdb.org/docs/sql/data_types/overview
 * - Spark SQL (Glue 5): https://spark.apache.org/docs/3.5.4/sql-ref-datatypes.html
 */
export const SCALAR_TYPE_NAMES: Readonly<Record<'hive' | 'trino' | 'duckdb' | 'spark', Readonly<Record<ScalarKind, string>>>> = {
  hive: {
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
  trino: {
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
  duckdb: {
    varchar: 'VARCHAR',
    tinyint: 'TINYINT',
    smallint: 'SMALLINT',
    integer: 'INTEGER',
    bigint: 'BIGINT',
    real: 'FLOAT',
    double: 'DOUBLE',
    boolean: 'BOOLEAN',
    varbinary: 'BLOB',
    date: 'DATE',
    timestamp: 'TIMESTAMP',
  },
  spark: {
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
};
