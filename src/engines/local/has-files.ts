import { readdir } from 'node:fs/promises';
import path from 'node:path';

/** True when any file with the extension exists below `dir` (temp files, named `.tmp-…`, do not count). */
export async function hasFiles(dir: string, extension: string): Promise<boolean> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    if (e.isFile() && e.name.endsWith(extension)) return true;
  }
  for (const e of entries) {
    if (e.isDirectory() && !e.name.startsWith('.') && (await hasFiles(path.join(dir, e.name), extension))) return true;
  }
  return false;
}
