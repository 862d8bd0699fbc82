import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** A fresh temp folder per call; the caller removes it (see `removeAll`). */
export async function tempDir(label: string): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), `${label}-`));
}

/** Every file under `root`, as `relative/path` → bytes, sorted by path. */
export async function readTree(root: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of (await fs.readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else out.set(path.relative(root, full).split(path.sep).join('/'), await fs.readFile(full));
    }
  };
  await walk(root);
  return out;
}

export async function readLines(file: string): Promise<string[]> {
  const text = await fs.readFile(file, 'utf8');
  expectTrailingNewline(text, file);
  return text.slice(0, -1).split('\n');
}

function expectTrailingNewline(text: string, file: string): void {
  if (!text.endsWith('\n')) throw new Error(`${file} does not end with a newline`);
}

/** The fixed clock of these tests: 2024-05-01 10:00 UTC, so the default end date is 2024-04-30. */
export const FIXED_CLOCK = (): Date => new Date('2024-05-01T10:00:00Z');
