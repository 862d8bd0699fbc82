import { createReadStream } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** What {@link writeOriginalLayout} wrote. */
export interface OriginalLayout {
  /** The folder holding `<store_id>/<transaction_id>.json`. */
  readonly dir: string;
  /** A DuckDB glob matching every transaction file (and nothing else). */
  readonly glob: string;
  readonly files: number;
  /** Σ file sizes (the bytes a reader must read; blocks on disk are more). */
  readonly bytes: number;
}

const WRITES_IN_FLIGHT = 64;

/**
 * Rewrites a generated history (`*.jsonl` chunks in `rawTransactionsDir`) into the original design's
 * layout: one raw JSON object per transaction, in its own file `<dir>/<store_id>/<transaction_id>.json`
 * — what the original ECS task left in `incoming/`, queried in place by the original design. The
 * line is copied byte for byte (plus `\n`), so both layouts hold exactly the same JSON.
 *
 * Throws when two lines share a transaction id: a silent overwrite would make the two layouts
 * disagree for a reason that has nothing to do with their speed.
 */
export async function writeOriginalLayout(rawTransactionsDir: string, dir: string): Promise<OriginalLayout> {
  const chunks = (await readdir(rawTransactionsDir)).filter((f) => f.endsWith('.jsonl')).sort();
  const storeDirs = new Set<string>();
  const seen = new Set<string>();
  const inFlight = new Set<Promise<void>>();
  let files = 0;
  let bytes = 0;
  for (const chunk of chunks) {
    const lines = createInterface({ input: createReadStream(path.join(rawTransactionsDir, chunk)), crlfDelay: Infinity });
    for await (const line of lines) {
      if (line.trim() === '') continue;
      const { transaction_id: id, store_id: store } = JSON.parse(line) as { transaction_id?: unknown; store_id?: unknown };
      if (typeof id !== 'string' || typeof store !== 'string' || !/^[A-Za-z0-9_-]+$/.test(id) || !/^[A-Za-z0-9_-]+$/.test(store)) {
        throw new Error(`${chunk}: a line without a file-name-safe transaction_id and store_id: ${line.slice(0, 120)}`);
      }
      if (seen.has(id)) throw new Error(`${chunk}: transaction ${id} appears twice`);
      seen.add(id);
      const storeDir = path.join(dir, store);
      if (!storeDirs.has(storeDir)) {
        await mkdir(storeDir, { recursive: true });
        storeDirs.add(storeDir);
      }
      const body = `${line}\n`;
      const write = writeFile(path.join(storeDir, `${id}.json`), body).then(() => {
        inFlight.delete(write);
      });
      inFlight.add(write);
      files++;
      bytes += Buffer.byteLength(body);
      if (inFlight.size >= WRITES_IN_FLIGHT) await Promise.race(inFlight);
    }
  }
  await Promise.all(inFlight);
  return { dir, glob: path.join(dir, '*', '*.json'), files, bytes };
}
