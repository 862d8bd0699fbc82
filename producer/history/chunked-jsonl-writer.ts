import type { ObjectStore } from '../../src/storage/object-store.js';

/**
 * Collects JSON Lines and writes them as numbered objects of at most `linesPerChunk` lines, so
 * memory holds one chunk however long the history is. Each chunk is one atomic `put`.
 */
export class ChunkedJsonlWriter {
  private lines: string[] = [];
  private chunkIndex = 0;
  /** Keys written so far, in order. */
  readonly keys: string[] = [];
  bytes = 0;

  constructor(
    private readonly store: ObjectStore,
    private readonly keyOf: (chunkIndex: number) => string,
    private readonly linesPerChunk: number,
  ) {
    if (!Number.isInteger(linesPerChunk) || linesPerChunk < 1) {
      throw new RangeError(`lines per chunk must be a positive integer, got ${linesPerChunk}`);
    }
  }

  /** Adds one line (without its newline). Call {@link flush} when {@link full} turns true. */
  add(line: string): void {
    this.lines.push(line);
  }

  get full(): boolean {
    return this.lines.length >= this.linesPerChunk;
  }

  /** Writes the pending lines, if any, as the next chunk. */
  async flush(): Promise<void> {
    if (this.lines.length === 0) return;
    const body = Buffer.from(`${this.lines.join('\n')}\n`, 'utf8');
    this.lines = [];
    const key = this.keyOf(this.chunkIndex++);
    await this.store.put(key, body, { contentType: 'application/x-ndjson' });
    this.keys.push(key);
    this.bytes += body.byteLength;
  }
}
