import { appendFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FileShape } from './stable-file.js';

/** Where the local runtime remembers the files it handled, in the lake. */
export const CHECKPOINT_FILE = '_ingest/checkpoint.jsonl';

/**
 * The local runtime's memory of handled files: one line per (key, size, mtime) it handled and saw
 * unchanged afterwards. It only spares a restart from rereading the backlog — exactly once is the
 * handler's ledger's job — so a torn last line after a crash simply means that file is handled again.
 */
export class IngestCheckpoint {
  private constructor(
    private readonly file: string,
    private readonly done: Set<string>,
  ) {}

  static async open(lakeDir: string): Promise<IngestCheckpoint> {
    const file = path.join(lakeDir, CHECKPOINT_FILE);
    const done = new Set<string>();
    let text = '';
    try {
      text = await readFile(file, 'utf8');
    } catch {
      // no checkpoint yet: every file present is looked at (the ledger skips what landed)
    }
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        done.add(JSON.parse(line) as string);
      } catch {
        // a torn last line after a crash: that file is simply handled again (idempotent)
      }
    }
    return new IngestCheckpoint(file, done);
  }

  /** The mark of one version of a file: a file that changes gets a new mark. */
  static markOf(key: string, shape: FileShape): string {
    return `${key}\u0000${shape.size}\u0000${shape.mtimeMs}`;
  }

  has(mark: string): boolean {
    return this.done.has(mark);
  }

  /** Records handled versions with one append. */
  async add(marks: readonly string[]): Promise<void> {
    if (marks.length === 0) return;
    for (const m of marks) this.done.add(m);
    await appendFile(this.file, marks.map((m) => `${JSON.stringify(m)}\n`).join(''));
  }
}
