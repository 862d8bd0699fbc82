import type { Statement } from '../compiler/statement.js';
import type { DialectName } from './dialects.js';

/**
 * What differs between engines beyond syntax. Renderers and commands read these values, never the
 * dialect's name.
 */
export interface DialectCapabilities {
  /** How a query names its positional parameters: `?` (Athena ExecutionParameters, Trino) or `$1` (DuckDB prepared statements). */
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

/** The `n`th (1-based) positional parameter in a dialect's style. */
export function parameter(style: DialectCapabilities['parameterStyle'], n: number): string {
  return style === '?' ? '?' : `$${n}`;
}
