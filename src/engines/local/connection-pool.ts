import type { DuckDBConnection } from '@duckdb/node-api';

/** A fixed set of DuckDB connections; callers beyond it wait their turn, first come first served. */
export class ConnectionPool {
  private readonly idle: DuckDBConnection[];
  private readonly waiting: ((c: DuckDBConnection) => void)[] = [];
  private closed = false;

  constructor(private readonly connections: readonly DuckDBConnection[]) {
    this.idle = [...connections];
  }

  async with<T>(fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    const c = await this.acquire();
    try {
      return await fn(c);
    } finally {
      this.release(c);
    }
  }

  acquire(): Promise<DuckDBConnection> {
    if (this.closed) return Promise.reject(new Error('the local engine is closed'));
    const c = this.idle.pop();
    if (c) return Promise.resolve(c);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(c: DuckDBConnection): void {
    const next = this.waiting.shift();
    if (next) next(c);
    else this.idle.push(c);
  }

  close(): void {
    this.closed = true;
    for (const c of this.connections) c.closeSync();
  }
}
