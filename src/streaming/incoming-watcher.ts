import { watch, type FSWatcher } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { callbackFs } from '../storage/callback-fs.js';
import path from 'node:path';
import type { FileShape } from './stable-file.js';

export interface IncomingWatcher {
  /** Resolves once the entries present at start have been reported. */
  readonly ready: Promise<void>;
  /**
   * Resolves once the events the kernel had queued when it was called have been reported: a turn
   * of the event loop reads them, and the `lstat`s and folder walks they started have ended.
   */
  drain(): Promise<void>;
  close(): void;
}

/**
 * How an entry was reported: `renamedIn` when the kernel's events show a rename of a dot file of
 * the same folder onto this name (the writer contract: write `.name`, then rename) — the file was
 * complete when it appeared; otherwise `changed` (created, written or found by a walk), which says
 * nothing about whether its writer is done.
 */
export type EntryEvent = 'renamedIn' | 'changed';

/** Dot names remembered per folder at most; past this the memory is dropped (renames are then settled). */
const MAX_DOT_NAMES = 10_000;

/** What a folder's watch remembers of its dot files, to recognise `rename(.x, name)`. */
interface FolderState {
  /** Dot names seen appear (created, written, or present when the folder was walked) and not yet gone. */
  readonly dots: Set<string>;
  /** A dot name whose departure was the folder's last namespace event, in this turn of the event loop. */
  departed: string | undefined;
}

/**
 * Reports every entry that appears or changes below `root` (never dot files: writers' temporary
 * files), with the entries present at start first. One inotify watch per directory and one `lstat`
 * per event, so the cost of an event does not grow with the files already in its folder — a
 * general-purpose watcher that re-reads the folder on each event (chokidar does) costs O(n) per
 * file, and a day folder of one-transaction files holds tens of thousands. Links are never
 * followed. When the kernel drops events (its queue overflowed) or a folder's watch fails, that
 * folder is walked again: a file reported twice costs one `lstat`, one never reported would be lost.
 *
 * Renamed-in files. Node's `fs.watch` reports inotify's IN_CREATE, IN_DELETE, IN_MOVED_FROM and
 * IN_MOVED_TO all as `rename`, and IN_MODIFY as `change` — no `moved_to` or `close_write` of its own.
 * But `rename(".x", "name")` within one folder queues IN_MOVED_FROM(".x") and IN_MOVED_TO("name")
 * back to back (the kernel holds the folder's lock across both, so no create or delete of that
 * folder comes between), and libuv hands every queued event to the watch in one turn of the event
 * loop. So a `rename` of a non-dot name that directly follows, in the same turn, the second `rename`
 * of a dot name this watch had seen appear is that rename: the file is complete, exactly as S3 shows
 * a PUT. The one sequence it could be mistaken for is a dot file deleted and, next in the folder, a
 * file created in place by another writer (both queued before the watch reads them) — a writer that
 * breaks the contract twice over; then the file is read early, and its later writes make it a new
 * version (docs/reliability.md). Renames from another folder, and everything else, are `changed`.
 */
export function watchIncoming(
  root: string,
  onEntry: (file: string, how: EntryEvent, seen?: FileShape) => void,
  onError: (e: Error) => void = () => {},
): IncomingWatcher {
  const watchers = new Map<string, FSWatcher>();
  const folders = new Map<string, FolderState>();
  let closed = false;
  /** `lstat`s and folder walks under way: what an event has started and not yet reported. */
  let inflight = 0;
  const track = <T>(p: Promise<T>): Promise<T> => {
    inflight++;
    return p.finally(() => inflight--);
  };

  const stateOf = (dir: string): FolderState => {
    let state = folders.get(dir);
    if (!state) folders.set(dir, (state = { dots: new Set(), departed: undefined }));
    return state;
  };

  const walk = async (dir: string): Promise<void> => {
    if (closed) return;
    attach(dir);
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return; // gone meanwhile
    }
    const state = stateOf(dir);
    for (const e of entries) {
      if (e.name.startsWith('.')) {
        // Present now: its departure, if the watch reports it, may be a rename onto a name.
        if (state.dots.size < MAX_DOT_NAMES) state.dots.add(e.name);
        continue;
      }
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else onEntry(full, 'changed');
    }
  };

  /** Classifies one event of `dir`'s watch; returns how a non-dot entry is to be reported. */
  const classify = (state: FolderState, event: string, name: string): EntryEvent | undefined => {
    if (name.startsWith('.')) {
      if (event === 'change') {
        if (state.dots.size >= MAX_DOT_NAMES) state.dots.clear();
        state.dots.add(name); // written: it exists (even if its creation came before the watch)
      } else if (state.dots.delete(name)) {
        state.departed = name; // its second `rename`: gone — moved away or deleted
        // Only the events of this turn may pair with it (see above): later ones are another story.
        setImmediate(() => {
          if (state.departed === name) state.departed = undefined;
        });
      } else {
        if (state.dots.size >= MAX_DOT_NAMES) state.dots.clear();
        state.dots.add(name); // its first `rename`: created
        state.departed = undefined;
      }
      return undefined;
    }
    if (event !== 'rename') return 'changed';
    const how: EntryEvent = state.departed !== undefined ? 'renamedIn' : 'changed';
    state.departed = undefined;
    return how;
  };

  const attach = (dir: string): void => {
    if (closed || watchers.has(dir)) return;
    const state = stateOf(dir);
    let w: FSWatcher;
    try {
      w = watch(dir, { persistent: true }, (event, name) => {
        if (name === null) {
          state.departed = undefined;
          void track(walk(dir)); // no name: the kernel could not say what changed
          return;
        }
        const how = classify(state, event, name);
        if (how === undefined) return;
        const full = path.join(dir, name);
        void track(
          callbackFs.lstat(full).then(
            // The lstat's shape goes along: a renamed-in file needs no other look before it is read.
            (st) => (st.isDirectory() ? walk(full) : onEntry(full, how, { size: st.isFile() ? st.size : -1, mtimeMs: st.mtimeMs })),
            () => {}, // renamed away or deleted: nothing to land
          ),
        );
      });
    } catch (e) {
      onError(e as Error);
      return;
    }
    w.on('error', (e) => {
      w.close();
      watchers.delete(dir);
      // Events were lost: what this folder's dots did meanwhile is unknown.
      state.dots.clear();
      state.departed = undefined;
      onError(e);
      void track(walk(dir));
    });
    watchers.set(dir, w);
  };

  return {
    ready: walk(root),
    async drain() {
      // A timer's turn, then its poll phase (where libuv reads inotify's queue), then the check
      // phase's immediate; then the lstats and walks those events started, each a few turns.
      await new Promise((r) => setTimeout(r, 0));
      await new Promise((r) => setImmediate(r));
      while (inflight > 0 && !closed) await new Promise((r) => setImmediate(r));
    },
    close() {
      closed = true;
      for (const w of watchers.values()) w.close();
      watchers.clear();
      folders.clear();
    },
  };
}
