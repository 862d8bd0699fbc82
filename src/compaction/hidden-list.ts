import type { ObjectStore } from '../storage/object-store.js';

/**
 * One line of a partition's hidden list. `pending`: a compacted file being written, not yet to be
 * read. `superseded`: a small file whose rows now live in a compacted file, kept on disk for a
 * grace period so that queries already running can still read it.
 */
export interface HiddenEntry {
  readonly file: string;
  readonly state: 'pending' | 'superseded';
  readonly compaction: string;
  /** When the entry was written (ISO); superseded files are deleted once this is older than the grace period. */
  readonly at: string;
  /**
   * A `pending` file whose merge is complete and waits for a later run to commit it
   * (`commitDelayMs`): when it was written, and the files it replaces.
   */
  readonly writtenAt?: string;
  readonly replaces?: readonly string[];
}

export async function readHiddenList(store: ObjectStore, key: string): Promise<HiddenEntry[]> {
  const info = await store.head(key);
  if (!info) return [];
  const text = new TextDecoder().decode((await store.get(key)).body);
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as HiddenEntry);
}

/** One atomic PUT: this is the commit point of a compaction. */
export async function writeHiddenList(store: ObjectStore, key: string, entries: readonly HiddenEntry[]): Promise<void> {
  await store.put(key, entries.map((e) => JSON.stringify(e)).join('\n') + (entries.length > 0 ? '\n' : ''), { contentType: 'application/x-ndjson' });
}
