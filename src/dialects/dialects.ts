/**
 * Every SQL dialect the project renders, in one list; the unions below derive from it.
 * `athena` is Athena's own mix (Hive DDL, Trino queries); `trino` the same objects created on a
 * real Trino server; `duckdb` the local engine; `spark` the Glue job's transforms.
 */
export const DIALECTS = ['athena', 'trino', 'duckdb', 'spark'] as const;

export type DialectName = (typeof DIALECTS)[number];

/**
 * The dialects a model's query text is written for: Athena runs Trino's, so a model body and a
 * helper are rendered once for Trino and once each for DuckDB and Spark.
 */
export type QueryDialect = Exclude<DialectName, 'athena'>;

export const QUERY_DIALECTS: readonly QueryDialect[] = DIALECTS.filter((d): d is QueryDialect => d !== 'athena');
