import { watch, type FSWatcher } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';

export interface IncomingWatcher {
  /** Resolves once the entries present at start have been reported. */
  readonly ready: Promise<void>;
  close(): void;
}

/**
 * Reports every entry that appears or changes below `root` (never dot files: writers' temporary
 * files), with the entries present at start first. One inotify watch per directory and one `lstat`
 * per event, so the cost of an event does not grow with the files already in its folder — a
 * general-purpose watcher that re-reads the folder on each event (chokidar does) costs O(n) per
 * file, and a day folder of one-transaction files holds tens of thousands. Links are never
 * followed. When the kernel drops events (its queue overflowed) or a folder's watch fails, that
 * folder is walked again: a file reported twice costs one `lstat`, one never reported would be lost.
 */
export function watchIncoming(root: string, onEntry: (file: string) => void, onError: (e: Error) => void = () => {}): IncomingWatcher {
  const watchers = new Map<string, FSWatcher>();
  let closed = false;

  const walk = async (dir: string): Promise<void> => {
    if (closed) return;
    attach(dir);
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return; // gone meanwhile
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else onEntry(full);
    }
  };

  const attach = (dir: string): void => {
    if (closed || watchers.has(dir)) return;
    let w: FSWatcher;
    try {
      w = watch(dir, { persistent: true }, (_event, name) => {
        if (name === null) {
          void walk(dir); // no name: the kernel could not say what changed
          return;
        }
        if (name.startsWith('.')) return;
        const full = path.join(dir, name);
        void lstat(full).then(
          (st) => (st.isDirectory() ? walk(full) : onEntry(full)),
          () => {}, // renamed away or deleted: nothing to land
        );
      });
    } catch (e) {
      onError(e as Error);
      return;
    }
    w.on('error', (e) => {
      w.close();
      watchers.delete(dir);
      onError(e);
      void walk(dir);
    });
    watchers.set(dir, w);
  };

  return {
    ready: walk(root),
    close() {
      closed = true;
      for (const w of watchers.values()) w.close();
      watchers.clear();
    },
  };
}
