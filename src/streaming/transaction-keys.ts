import type { TableEntry } from '../manifest/manifest.js';
import type { ObjectStore } from '../storage/object-store.js';
import { mapInOrder } from '../util/map-in-order.js';
import type { MappedValue } from './evaluate-mapping.js';

/**
 * Key semantics (docs/reliability.md, "Key semantics"): a `transaction_id` lands once — the first
 * landed wins, and a later record with an id already landed is quarantined in `rejected/` with the
 * reason `duplicate transaction_id`, naming where the first one landed.
 *
 * The key is the column of the `unique` test of the source's partitioned table (`transactions`:
 * `transaction_id`), and its partition (`dt`) scopes the index: a transaction's day comes from its
 * own datetime, so a duplicate always falls in the same partition as the original.
 *
 * The index is one small object per landed object (or batch) and day,
 * `tables/_keys/<table>/dt=…/<minute>/<landed at>-<identity>.json` (`<minute>` and `<landed at>`:
 * epoch milliseconds, 13 digits; the minute folder is the landing time rounded down to the minute),
 * holding the ids it landed — written with the data, before the ledger entry, so no per-transaction
 * write. The handler reads the day's key files before it lands anything: a warm process reads each
 * file once (they never change) and lists only from the minute folder of the newest one it read
 * minus {@link KEY_LIST_OVERLAP_MS} (S3 `StartAfter`), so an invocation lists the key files of the
 * last minute or two, not the day's: with a day in one folder, a local listing read every file name
 * of the day on every call. Lakes written before the minute folders hold
 * `dt=…/<landed at>-<identity>.json`; they are read the same way (the names sort by time in both
 * layouts) and are never rewritten. Two invocations landing the same new id at the same moment can both pass (each
 * reads the index before the other writes it); compaction, one run per table, is the final arbiter
 * and removes the later one ({@link KeyArbiter}).
 */
export const KEYS_DIR = '_keys/';
/** Listing restarts this long before the newest key file read: writers' clocks and PUTs are not ordered. */
export const KEY_LIST_OVERLAP_MS = 60_000;
/** Key files read at once by a cold process (a day may hold thousands). */
const KEY_READ_CONCURRENCY = 32;

export interface KeyedTable {
  readonly table: TableEntry;
  /** The key column (`transaction_id`). */
  readonly column: string;
  /** The partition column scoping the index (`dt`). */
  readonly partition: string;
}

/** The partitioned table whose `unique` test declares the key of the source's records, if any. */
export function keyedTable(tables: readonly TableEntry[]): KeyedTable | undefined {
  for (const table of tables) {
    const unique = table.tests.find((t) => t.kind === 'unique');
    if (unique && table.partitionedBy.length === 1) return { table, column: unique.column, partition: table.partitionedBy[0]!.name };
  }
  return undefined;
}

/** Where a landed key file of one object and partition lives. */
export function keyFileKey(tablesPrefix: string, keyed: KeyedTable, partitionValue: string, identity: string, landedAtMs: number): string {
  return `${keyIndexPrefix(tablesPrefix, keyed, partitionValue)}${minuteFolder(landedAtMs)}${stamp(landedAtMs)}-${identity}.json`;
}

function stamp(ms: number): string {
  return String(Math.max(0, Math.floor(ms))).padStart(13, '0');
}

/**
 * The minute folder of a landing time, `<13 digits>/`. Digits only, so that in byte order a folder
 * sorts among the older layout's `<13 digits>-<identity>.json` names by time: one `StartAfter` of
 * a minute's stamp lists both layouts from that minute on.
 */
function minuteFolder(ms: number): string {
  return `${stamp(Math.floor(Math.max(0, ms) / 60_000) * 60_000)}/`;
}

/** Where a listing of the key files landed at or after `ms` starts (both layouts; S3 `StartAfter`). */
function listFrom(prefix: string, ms: number): string {
  return `${prefix}${minuteFolder(ms).slice(0, -1)}`;
}

export function keyIndexPrefix(tablesPrefix: string, keyed: KeyedTable, partitionValue: string): string {
  return `${tablesPrefix}${KEYS_DIR}${keyed.table.name}/${keyed.partition}=${partitionValue}/`;
}

interface KeyFile {
  /** The incoming object the ids came from (a key file of one object). */
  readonly source?: string;
  readonly ids: readonly string[];
  /** A batch's key file: the object each id came from, by position in `ids`. */
  readonly sources?: readonly string[];
}

/** One id an object landed, and which object (its key): a batch lands many objects' ids in one key file. */
export interface LandedKey {
  readonly id: string;
  readonly source: string;
}

/** One candidate record of an object: its line, key and partition. */
export interface KeyCandidate {
  readonly line: number;
  readonly id: string;
  readonly partitionValue: string;
}

export interface Admission {
  /** Index in the candidates → the reason it is a duplicate. */
  readonly duplicates: ReadonlyMap<number, string>;
  /** What to record once the admitted rows are written: partition value → ids. */
  readonly landed: ReadonlyMap<string, readonly string[]>;
}

/**
 * The handler's view of the index. Key files never change once written, so a warm process reads
 * each one once; later invocations list the day and read only the new ones.
 */
export class TransactionKeyIndex {
  private readonly cache = new Map<string, Map<string, { readonly identity: string; readonly source: string }>>();
  private readonly read = new Map<string, Set<string>>();
  /** Per partition: the newest landing time (ms) among the key files read. */
  private readonly newest = new Map<string, number>();

  constructor(
    private readonly store: ObjectStore,
    private readonly tablesPrefix: string,
    readonly keyed: KeyedTable,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /**
   * First landed wins: a candidate is a duplicate when its id already landed from another object
   * (the index), or appears on an earlier line of this object. Ids an earlier version of the same
   * object (`source`, its key) landed are not duplicates: a new version replaces those rows.
   */
  async admit(identity: string, source: string, candidates: readonly KeyCandidate[]): Promise<Admission> {
    const duplicates = new Map<number, string>();
    const landed = new Map<string, string[]>();
    const firstLine = new Map<string, number>();
    // The partitions' indexes first (a listing each, at most once per invocation); then one synchronous pass.
    const indexes = new Map<string, Map<string, { readonly identity: string; readonly source: string }>>();
    for (const c of candidates) if (!indexes.has(c.partitionValue)) indexes.set(c.partitionValue, await this.partition(c.partitionValue));
    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[i]!;
      const index = indexes.get(c.partitionValue)!;
      const earlier = index.get(c.id);
      if (earlier && earlier.identity !== identity && earlier.source !== source) {
        duplicates.set(i, `duplicate transaction_id ${c.id}: first landed from ${earlier.source}`);
        continue;
      }
      const seenAt = firstLine.get(`${c.partitionValue}\u0000${c.id}`);
      if (seenAt !== undefined) {
        duplicates.set(i, `duplicate transaction_id ${c.id}: first landed from line ${seenAt} of this object`);
        continue;
      }
      firstLine.set(`${c.partitionValue}\u0000${c.id}`, c.line);
      let ids = landed.get(c.partitionValue);
      if (!ids) landed.set(c.partitionValue, (ids = []));
      ids.push(c.id);
    }
    return { duplicates, landed };
  }

  /**
   * Writes the key files of an object or a batch of objects (one per partition); call after the
   * data files, before the ledger entry.
   */
  async record(identity: string, landed: ReadonlyMap<string, readonly LandedKey[]>): Promise<string[]> {
    const written: string[] = [];
    await Promise.all(
      [...landed].map(async ([value, keys]) => {
        const key = keyFileKey(this.tablesPrefix, this.keyed, value, identity, this.clock().getTime());
        const ids = keys.map((k) => k.id);
        const single = keys.every((k) => k.source === keys[0]?.source);
        const file: KeyFile = single ? { source: keys[0]?.source ?? '', ids } : { ids, sources: keys.map((k) => k.source) };
        await this.store.put(key, JSON.stringify(file), { contentType: 'application/json' });
        const index = this.cache.get(value);
        if (index) for (const k of keys) if (!index.has(k.id)) index.set(k.id, { identity, source: k.source });
        this.read.get(value)?.add(key);
        written.push(key);
      }),
    );
    return written;
  }

  private async partition(value: string): Promise<Map<string, { readonly identity: string; readonly source: string }>> {
    let index = this.cache.get(value);
    let read = this.read.get(value);
    if (!index || !read) {
      this.cache.set(value, (index = new Map()));
      this.read.set(value, (read = new Set()));
    }
    if (this.fresh.has(value)) return index;
    const prefix = keyIndexPrefix(this.tablesPrefix, this.keyed, value);
    const newest = this.newest.get(value);
    const startAfter = newest === undefined ? undefined : listFrom(prefix, newest - KEY_LIST_OVERLAP_MS);
    for (const file of await readKeyFiles(this.store, prefix, read, startAfter)) {
      for (const [i, id] of file.ids.entries()) if (!index.has(id)) index.set(id, { identity: file.identity, source: file.sources?.[i] ?? file.source });
      read.add(file.key);
      if (newest === undefined || file.landedAtMs > (this.newest.get(value) ?? 0))
        this.newest.set(value, Math.max(file.landedAtMs, this.newest.get(value) ?? 0));
    }
    this.fresh.add(value);
    return index;
  }

  /** Partitions listed during the current invocation (cleared by {@link startInvocation}). */
  private readonly fresh = new Set<string>();

  /** Each invocation lists the index again (other processes land meanwhile), reading only new files. */
  startInvocation(): void {
    this.fresh.clear();
  }
}

/**
 * The key files under `prefix` not in `skip` (after `startAfter`), in landing order — landing time,
 * then identity: the order in which their objects landed, which decides who was first. Sorted
 * here, not taken from the listing: the two layouts interleave by name only to the minute.
 */
export async function readKeyFiles(
  store: ObjectStore,
  prefix: string,
  skip: ReadonlySet<string> = new Set(),
  startAfter?: string,
): Promise<{ key: string; identity: string; landedAtMs: number; source: string; ids: readonly string[]; sources?: readonly string[] }[]> {
  const keys: string[] = [];
  for await (const o of store.list(prefix, startAfter === undefined ? { keysOnly: true } : { startAfter, keysOnly: true }))
    if (!skip.has(o.key) && o.key.endsWith('.json')) keys.push(o.key);
  // Read in parallel, kept in key order (the order decides who landed first).
  const read = await mapInOrder(keys, KEY_READ_CONCURRENCY, async (key) => {
    const m = /\/(\d{13})-([^/]+)\.json$/.exec(key);
    if (!m) return undefined;
    let file: KeyFile;
    try {
      file = JSON.parse(new TextDecoder().decode((await store.get(key)).body)) as KeyFile;
    } catch (e) {
      if ((e as Error).name === 'ObjectNotFoundError') return undefined;
      throw e;
    }
    return { key, identity: m[2]!, landedAtMs: Number(m[1]), source: file.source ?? '', ids: file.ids, ...(file.sources ? { sources: file.sources } : {}) };
  });
  const out = read.filter((x) => x !== undefined);
  return out.sort((a, b) => a.landedAtMs - b.landedAtMs || (a.identity < b.identity ? -1 : a.identity > b.identity ? 1 : 0));
}

/** The key candidate of a mapped record: its id and partition in the keyed table's rows. */
export function keyCandidate(
  keyed: KeyedTable,
  line: number,
  rows: ReadonlyMap<TableEntry, readonly Readonly<Record<string, MappedValue>>[]>,
): KeyCandidate | undefined {
  const row = rows.get(keyed.table)?.[0];
  if (!row) return undefined;
  const id = row[keyed.column];
  const partitionValue = row[keyed.partition];
  if (id === null || id === undefined || partitionValue === null || partitionValue === undefined) return undefined;
  return { line, id: String(id), partitionValue: String(partitionValue) };
}
