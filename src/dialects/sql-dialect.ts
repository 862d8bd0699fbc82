import type { Statement } from '../compiler/statement.js';

export type DialectName = 'athena' | 'trino' | 'duckdb' | 'spark';

/**
 * What differs between engines beyond syntax. Renderers and engines branch on these flags,
 * never on the dialect's name.
 */
export interface DialectCapabilities {
  /** Tables are catalog entries over a location (Athena/Glue), rather than views over files (DuckDB). */
  readonly externalTables: boolean;
  /** New `dt=` folders are visible with no catalog change (Athena partition projection, DuckDB globs). */
  readonly partitionDiscovery: 'projection' | 'glob' | 'none';
  /** Positional query parameters: `?` (Athena ExecutionParameters) or `$1` (DuckDB prepared statements). */
  readonly parameterStyle: '?' | '$n';
  /** Max partitions a single INSERT/CTAS may write (Athena: 100, HIVE_TOO_MANY_OPEN_PARTITIONS). */
  readonly maxPartitionsPerWrite: number;
  /** Timestamp type used when writing Parquet, so files carry INT64 millis (Athena Hive tables read timestamp(3)). */
  readonly timestampWriteType: string;
}

/** Renders statements to one dialect's SQL. `undefined` means the dialect has no such artifact. */
export interface SqlRenderer {
  readonly dialect: DialectName;
  readonly capabilities: DialectCapabilities;
  render(statement: Statement): string | undefined;
}
