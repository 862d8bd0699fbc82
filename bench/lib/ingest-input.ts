import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** One object as it would arrive in `incoming/`. */
export interface IncomingObject {
  readonly key: string;
  readonly body: Uint8Array;
  /** Transactions in it. */
  readonly transactions: number;
}

/** Reads the first `count` raw transaction lines of a generated history, in order. */
export async function readRawLines(rawTransactionsDir: string, count: number): Promise<string[]> {
  const lines: string[] = [];
  for (const chunk of (await readdir(rawTransactionsDir)).filter((f) => f.endsWith('.jsonl')).sort()) {
    const reader = createInterface({ input: createReadStream(path.join(rawTransactionsDir, chunk)), crlfDelay: Infinity });
    for await (const line of reader) {
      if (line.trim() === '') continue;
      lines.push(line);
      if (lines.length === count) {
        reader.close();
        return lines;
      }
    }
  }
  if (lines.length < count) throw new RangeError(`the history has ${lines.length} transactions, ${count} were asked for`);
  return lines;
}

/**
 * Packs raw transaction lines into incoming objects of `perFile` transactions: with 1, one JSON
 * object per file (the original design's producer, `.json`); above, JSON Lines (`.jsonl`), the
 * micro-batching producer's files. Every line ends with `\n`, as the live producer writes them.
 */
export function packIncoming(lines: readonly string[], perFile: number, prefix = 'incoming/bench/'): IncomingObject[] {
  if (!Number.isInteger(perFile) || perFile < 1) throw new RangeError(`perFile must be a positive integer, got ${perFile}`);
  const out: IncomingObject[] = [];
  for (let i = 0; i < lines.length; i += perFile) {
    const group = lines.slice(i, i + perFile);
    const name = `${String(out.length).padStart(7, '0')}${perFile === 1 ? '.json' : '.jsonl'}`;
    out.push({ key: `${prefix}${name}`, body: Buffer.from(`${group.join('\n')}\n`, 'utf8'), transactions: group.length });
  }
  return out;
}

/**
 * The ceiling: decode each body and `JSON.parse` each of its records — the least any ingest must do.
 * Returns the number of records parsed (so the work cannot be optimized away).
 */
export function parseOnly(objects: readonly IncomingObject[]): number {
  const decoder = new TextDecoder('utf-8');
  let parsed = 0;
  for (const o of objects) {
    const text = decoder.decode(o.body);
    let start = 0;
    for (;;) {
      const end = text.indexOf('\n', start);
      const line = end < 0 ? text.slice(start) : text.slice(start, end);
      if (line.length > 0 && (JSON.parse(line) as { transaction_id?: unknown }).transaction_id !== undefined) parsed++;
      if (end < 0) break;
      start = end + 1;
    }
  }
  return parsed;
}
