import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { QueryParams, Row } from '../../src/engines/engine.js';

/**
 * DuckDB with nothing of ours on top: the original design's engine (JSON read in place) and the
 * "engine's own speed" baseline of the backfill suite. One connection; default threads, like the
 * LocalEngine, so both sides get the same machine.
 */
export class PlainDuckDb {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async open(): Promise<PlainDuckDb> {
    const instance = await DuckDBInstance.create(':memory:');
    return new PlainDuckDb(instance, await instance.connect());
  }

  /** Rows as JSON-safe objects, the same representation the LocalEngine returns. */
  async query(sql: string, params?: QueryParams): Promise<Row[]> {
    const reader = await this.connection.runAndReadAll(sql, params ? ([...params] as DuckDBValue[]) : undefined);
    return reader.getRowObjectsJson() as Row[];
  }

  async run(sql: string): Promise<void> {
    await this.connection.run(sql);
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
