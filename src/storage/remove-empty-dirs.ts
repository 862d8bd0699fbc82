import { readdir, rmdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * Removes `dir` and the folders beneath it that hold no file, deepest first; a folder that still
 * holds a file is kept with that file, so nothing but empty folders is ever removed. Returns whether
 * `dir` itself is gone (or was never there).
 */
export async function removeEmptyDirs(dir: string): Promise<boolean> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw e;
  }
  let empty = true;
  for (const e of entries) {
    if (!(e.isDirectory() && (await removeEmptyDirs(path.join(dir, e.name))))) empty = false;
  }
  if (!empty) return false;
  try {
    await rmdir(dir);
    return true;
  } catch (e) {
    // Something was written into it meanwhile: it is not empty any more, and stays.
    if ((e as NodeJS.ErrnoException).code === 'ENOTEMPTY' || (e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

/** Removes `dir` only if it is an empty folder (a shared parent such as `envs/` once its last member is gone). */
export async function removeIfEmpty(dir: string): Promise<void> {
  try {
    await rmdir(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTEMPTY' && code !== 'EEXIST') throw e;
  }
}
