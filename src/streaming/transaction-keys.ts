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

/** The ids an invocation landed in one partition, and the object (its key) each came from, by position. */
export interface LandedIds {
  readonly ids: string[];
  readonly sources: string[];
}

/** One candidate record of an object: its line, key and partition. */
export interface KeyCandidate {
  readonly line: number;
  readonly id: string;
  readonly partitionValue: string;
}

/** Who landed an id first: the identity of the landing (object or batch) and the object. */
export interface EarlierKey {
  readonly identity: string;
  readonly source: string;
}

/**
 * The handler's view of the index. Key files never change once written, so a warm process reads
 * each one once; later invocations list the day and read only the new ones.
 */
export class TransactionKeyIndex {
  private readonly cache = new Map<string, Map<string, EarlierKey>>();
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
   * The partition's index (id → who landed it first), listed again at most once per invocation
   * (reading only key files not read before); {@link freshIndex} returns it without a listing.
   */
  async index(value: string): Promise<ReadonlyMap<string, EarlierKey>> {
    return this.freshIndex(value) ?? this.partition(value);
  }

  /** The partition's index if it was listed during this invocation, else undefined (call {@link index}). */
  freshIndex(value: string): ReadonlyMap<string, EarlierKey> | undefined {
    return this.fresh.has(value) ? this.cache.get(value) : undefined;
  }

  /**
   * Writes the key files of an object or a batch of objects (one per partition); call after the
   * data files, before the ledger entry.
   */
  async record(identity: string, landed: ReadonlyMap<string, LandedIds>): Promise<string[]> {
    const written: string[] = [];
    await Promise.all(
      [...landed].map(async ([value, { ids, sources }]) => {
        const key = keyFileKey(this.tablesPrefix, this.keyed, value, identity, this.clock().getTime());
        const single = sources.every((s) => s === sources[0]);
        const file: KeyFile = single ? { source: sources[0] ?? '', ids } : { ids, sources };
        await this.store.put(key, JSON.stringify(file), { contentType: 'application/json' });
        const index = this.cache.get(value);
        if (index) addIds(index, identity, ids, sources, '');
        this.read.get(value)?.add(key);
        written.push(key);
      }),
    );
    return written;
  }

  private async partition(value: string): Promise<Map<string, EarlierKey>> {
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
      addIds(index, file.identity, file.ids, file.sources, file.source);
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
 * Adds the ids of one key file to a partition's index, first landed wins (ids already there stay).
 * One {@link EarlierKey} per source, not per id: a file's ids mostly share their object.
 */
function addIds(index: Map<string, EarlierKey>, identity: string, ids: readonly string[], sources: readonly string[] | undefined, source0: string): void {
  let earlier: EarlierKey | undefined;
  for (let i = 0; i < ids.length; i++) {
    const source = sources?.[i] ?? source0;
    if (earlier?.source !== source) earlier = { identity, source };
    if (!index.has(ids[i]!)) index.set(ids[i]!, earlier);
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
