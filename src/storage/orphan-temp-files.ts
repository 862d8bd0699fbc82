import type { Dirent } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { TEMP_FILE_PREFIX } from './object-key.js';

export interface OrphanCleanupOptions {
  /** Only temp files last modified at least this long ago: a live writer's file is younger. */
  readonly olderThanMs: number;
  readonly now?: Date;
}

/**
 * Deletes the in-flight files (`.tmp-…`: a put's temp file, a compare-and-swap marker, the local
 * catalog's temp copy `catalog.json.tmp-…`) that a killed writer left anywhere in the lake folder,
 * once they are older than `olderThanMs`. They are never visible as objects, but they take space
 * and, for a marker, would block one version's compare-and-swap until broken. Returns the paths removed.
 */
export async function removeOrphanTempFiles(lakeDir: string, options: OrphanCleanupOptions): Promise<string[]> {
  const cutoff = (options.now ?? new Date()).getTime() - options.olderThanMs;
  const removed: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const file = path.join(dir, e.name);
      if (e.isDirectory()) {
        await walk(file);
        continue;
      }
      if (!e.isFile() || !(e.name.startsWith(TEMP_FILE_PREFIX) || /\.tmp-[^/]*$/.test(e.name))) continue;
      try {
        const st = await fs.stat(file);
        if (st.mtimeMs > cutoff) continue;
        await fs.rm(file, { force: true });
        removed.push(file);
      } catch {
        // Renamed into place or removed by its writer meanwhile.
      }
    }
  };
  await walk(path.resolve(lakeDir));
  return removed;
}
