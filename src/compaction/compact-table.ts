import { randomBytes } from 'node:crypto';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { hiddenListKey, usesVisibilityScheme } from '../compiler/table-objects.js';
import { COMPACTION_DEFAULTS } from '../config/infra-config-schema.js';
import type { Manifest, TableEntry } from '../manifest/manifest.js';
import { Lease, LeaseLostError } from '../storage/lease-lock.js';
import type { ConditionalObjectStore, ObjectInfo, ObjectStore } from '../storage/object-store.js';
import type { MappedValue } from '../streaming/evaluate-mapping.js';
import { LEDGER_DIR, STREAM_FILE_PREFIX } from '../streaming/ingest-handler.js';
import { keyedTable } from '../streaming/transaction-keys.js';
import { parquetColumnData, parquetSchema } from '../streaming/write-parquet.js';
import { readHiddenList, writeHiddenList, type HiddenEntry } from './hidden-list.js';

export const COMPACT_FILE_PREFIX = 'compact-';
/** Library-level knobs, not config keys: the CLI's `--settle` and `--lease` default to these. */
export const COMPACT_SETTLE_MS_DEFAULT = 2000;
export const COMPACT_LEASE_MS_DEFAULT = 2 * 60_000;

export interface CompactOptions {
  /** Largest compacted file, in bytes of input Parquet. @default infra.compaction.targetMb (128 MiB) */
  readonly targetBytes?: number;
  /** Only files last written this long ago are compacted (late data keeps landing meanwhile). @default 0 */
  readonly olderThanMs?: number;
  /** Superseded files are deleted only this long after the commit, so running queries can finish. @default infra.compaction.graceMinutes (10 min) */
  readonly graceMs?: number;
  /**
   * Pause before and after writing the compacted file. A reader lists the files and reads the
   * hidden lists at two moments, in either order; these pauses make sure no reader pairs a file
   * listing and a hidden list from different sides of a change. @default COMPACT_SETTLE_MS_DEFAULT (2 s)
   */
  readonly settleMs?: number;
  /**
   * Commit a merged file in a later run, at least this long after it was written, instead of
   * `settleMs` after it in the same run. Athena (Trino) enumerates a table's files progressively
   * while a query runs, so the gap between a query's file listing and its hidden-list read is
   * bounded only by the query's run time: a delay longer than the longest query (Athena's DML
   * timeout, 30 min by default) makes the switch safe there, and a Lambda need not wait for it.
   * @default undefined (commit in the same run)
   */
  readonly commitDelayMs?: number;
  /**
   * One compactor per table: a run holds the table's lock object (`tables/_locks/compaction/<table>.json`)
   * with a lease this long, renewed before every change to a hidden list and between files. A
   * crashed run blocks the table at most this long. @default COMPACT_LEASE_MS_DEFAULT (2 min)
   */
  readonly leaseMs?: number;
  /** Names this run in the lock object, for the messages of runs that find the table locked. @default host:pid:random */
  readonly owner?: string;
  readonly clock?: () => Date;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Only these tables. @default every partitioned table */
  readonly tables?: readonly string[];
  readonly onPartition?: (result: PartitionResult) => void;
}

export interface PartitionResult {
  readonly table: string;
  readonly partition: string;
  /** Small files merged (0 when there was nothing to do). */
  readonly inputFiles: number;
  readonly outputFiles: number;
  readonly rows: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
  /** Files of an interrupted compaction rolled back (pending) or completed (superseded). */
  readonly recovered: { readonly rolledBack: number; readonly deleted: number };
  /** Merged files written by this run that a later run commits (`commitDelayMs`). */
  readonly awaitingCommit?: number;
  /**
   * Why this partition could not be compacted (an unreadable file, a storage error). The partition
   * is left as it was — its uncommitted merge rolled back — and the other partitions are still compacted.
   */
  readonly error?: string;
  /** Rows dropped because their key (`transaction_id`) landed first elsewhere; quarantined in `rejected/`. */
  readonly duplicatesDropped?: number;
  /** Set when the whole table was skipped because another compactor holds its lock (`partition` is ""). */
  readonly skipped?: string;
}

/** The lock object of a table's compactor. */
export function compactionLockKey(tablesPrefix: string, table: string): string {
  return `${tablesPrefix}_locks/compaction/${table}.json`;
}

const MiB = 1024 * 1024;
/** Small files are latency-bound to read (S3 GETs especially): read this many at once, in key order… */
const READ_CONCURRENCY = 32;
/** …but never more than this many bytes of input Parquet at once. */
const READ_BATCH_BYTES = 32 * MiB;
/** Rows decoded and held at once by a merge: one row group of the output file. */
const MERGE_ROW_GROUP = 100_000;

/**
 * Compacts the small files of every partition of the partitioned tables: streaming files (once
 * their ledger entry exists, so a redelivered event can never bring them back) and earlier
 * compacted files below the target size. Batch files are left alone: a backfill rewrites them by
 * name. Each merge follows the visibility protocol of docs/compaction.md — write the new file
 * hidden, commit by rewriting the partition's hidden list in one PUT, delete the old files after a
 * grace period — and a run first completes or rolls back whatever an interrupted run left.
 */
export async function compactTables(store: ConditionalObjectStore, manifest: Manifest, options: CompactOptions = {}): Promise<PartitionResult[]> {
  const tables = manifest.models.filter((m): m is TableEntry => m.kind === 'table' && usesVisibilityScheme(m) && (!options.tables || options.tables.includes(m.name)));
  const unknown = (options.tables ?? []).filter((t) => !tables.some((x) => x.name === t));
  if (unknown.length > 0) throw new Error(`no partitioned table named ${unknown.join(', ')} (partitioned tables: ${manifest.models.filter((m) => m.kind === 'table' && m.partitionedBy.length > 0).map((m) => m.name).join(', ')})`);
  const results: PartitionResult[] = [];
  // The ledger is never listed (it holds one entry per incoming object ever landed, until its
  // lifecycle expiry): each streamed file the run would merge is checked with one GET, shared by
  // the tables (both tables' files of an incoming object share its ledger entry). The work is
  // bounded by the files of the partitions compacted.
  const ledger = new LedgerLookup(store, `${manifest.prefixes.tables}${LEDGER_DIR}`);
  const clock = options.clock ?? (() => new Date());
  for (const t of tables) {
    const lease = await Lease.tryAcquire(store, compactionLockKey(manifest.prefixes.tables, t.name), {
      ttlMs: options.leaseMs ?? COMPACT_LEASE_MS_DEFAULT,
      clock,
      ...(options.owner === undefined ? {} : { owner: options.owner }),
    });
    if (!(lease instanceof Lease)) {
      const r = { ...emptyResult(t.name, ''), skipped: `being compacted by ${lease.heldBy.owner} until ${new Date(lease.heldBy.expiresAt).toISOString()}` };
      results.push(r);
      options.onPartition?.(r);
      continue;
    }
    try {
      for (const [partition, files] of await listPartitions(store, t)) {
        let r: PartitionResult;
        try {
          await lease.keepAlive();
          r = await compactPartition(store, manifest, t, partition, files, ledger, lease, options);
        } catch (e) {
          // One bad partition (an unreadable file, a transient storage error) must not stop the others.
          r = { ...emptyResult(t.name, partition), error: (e as Error).message };
        }
        results.push(r);
        options.onPartition?.(r);
        // Taken over after a stall: the new holder owns the table now.
        if (r.error !== undefined && /^lost the lock/.test(r.error)) break;
      }
    } finally {
      await lease.release().catch(() => {});
    }
  }
  return results;
}

async function listPartitions(store: ObjectStore, t: TableEntry): Promise<Map<string, ObjectInfo[]>> {
  const out = new Map<string, ObjectInfo[]>();
  for await (const o of store.list(t.location)) {
    const rest = o.key.slice(t.location.length);
    const slash = rest.lastIndexOf('/');
    if (slash < 0 || !o.key.endsWith('.parquet')) continue;
    const partition = rest.slice(0, slash + 1);
    let list = out.get(partition);
    if (!list) out.set(partition, (list = []));
    list.push(o);
  }
  return out;
}

async function compactPartition(
  store: ConditionalObjectStore,
  manifest: Manifest,
  t: TableEntry,
  partition: string,
  files: ObjectInfo[],
  ledger: LedgerLookup,
  lease: Lease,
  o: CompactOptions,
): Promise<PartitionResult> {
  const clock = o.clock ?? (() => new Date());
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const targetBytes = o.targetBytes ?? COMPACTION_DEFAULTS.targetMb * MiB;
  const graceMs = o.graceMs ?? COMPACTION_DEFAULTS.graceMinutes * 60_000;
  const listKey = hiddenListKey(t, manifest.prefixes.tables, partition);
  let entries = await readHiddenList(store, listKey);

  // Recovery: an interrupted run left pending files (roll back) or superseded files (finish, after the grace period).
  let rolledBack = 0;
  let deleted = 0;
  const keep: HiddenEntry[] = [];
  const removed = new Set<string>();
  const due: HiddenEntry[] = [];
  for (const e of entries) {
    if (e.state === 'pending' && e.writtenAt !== undefined && e.replaces !== undefined) {
      // A complete merge waiting for its commit (commitDelayMs): still sound, it is committed below
      // once its delay is over; otherwise it is rolled back like an interrupted one.
      if (await deferredMergeIsSound(store, manifest, e, ledger)) {
        if (clock().getTime() - Date.parse(e.writtenAt) >= (o.commitDelayMs ?? 0)) due.push(e);
        else keep.push(e);
        continue;
      }
      await store.delete(e.file);
      removed.add(e.file);
      rolledBack++;
    } else if (e.state === 'pending') {
      await store.delete(e.file);
      removed.add(e.file);
      rolledBack++;
    } else if (clock().getTime() - Date.parse(e.at) >= graceMs) {
      await store.delete(e.file);
      removed.add(e.file);
      deleted++;
    } else keep.push(e);
  }
  let committedLate = { inputFiles: 0, outputFiles: 0 };
  if (due.length > 0) {
    // Commit the merges whose delay is over: one PUT reveals them and hides what they replace.
    const now = clock().toISOString();
    for (const e of due) keep.push(...e.replaces!.map((file) => ({ file, state: 'superseded' as const, compaction: e.compaction, at: now })));
    committedLate = { inputFiles: due.reduce((a, e) => a + e.replaces!.length, 0), outputFiles: due.length };
  }
  if (keep.length !== entries.length || due.length > 0) {
    await lease.renew();
    // Deleting before rewriting the list is safe: a deleted pending file was never visible, a
    // deleted superseded file stays hidden by the line we are about to drop only after it is gone.
    await writeHiddenList(store, listKey, keep);
    entries = keep;
  }
  // Files still being merged by a waiting commit are not candidates again.
  const hidden = new Set([...entries.map((e) => e.file), ...entries.flatMap((e) => (e.state === 'pending' ? (e.replaces ?? []) : []))]);
  const cutoff = clock().getTime() - (o.olderThanMs ?? 0);

  const candidates: ObjectInfo[] = [];
  const streamed: { file: ObjectInfo; id: string }[] = [];
  for (const f of files) {
    if (hidden.has(f.key) || removed.has(f.key)) continue;
    const name = f.key.slice(f.key.lastIndexOf('/') + 1);
    if (name.startsWith(COMPACT_FILE_PREFIX) && f.size < targetBytes) candidates.push(f);
    else if (name.startsWith(STREAM_FILE_PREFIX) && f.lastModified.getTime() <= cutoff) streamed.push({ file: f, id: name.slice(STREAM_FILE_PREFIX.length, -'.parquet'.length) });
  }
  // Without its ledger entry the source event may be redelivered and write this file again.
  const landed = await ledger.landed(streamed.map((x) => x.id));
  for (const x of streamed) if (landed.has(x.id)) candidates.push(x.file);
  candidates.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const result: { -readonly [K in keyof PartitionResult]: PartitionResult[K] } = { ...emptyResult(t.name, partition), recovered: { rolledBack, deleted }, ...committedLate };
  if (candidates.length < 2) return result;

  for (const bin of binPack(candidates, targetBytes)) {
    if (bin.length < 2) continue;
    const id = `${clock().toISOString().replace(/[-:.TZ]/g, '')}-${randomBytes(4).toString('hex')}`;
    const output = `${t.location}${partition}${COMPACT_FILE_PREFIX}${id}.parquet`;
    // 1. Announce the new file as pending: readers must not see it until the commit.
    entries = [...entries, { file: output, state: 'pending', compaction: id, at: clock().toISOString() }];
    // Every change to the list is made right after a successful renewal: a run that stalled past
    // its lease and was taken over stops here instead of overwriting the new holder's list.
    await lease.renew();
    await writeHiddenList(store, listKey, entries);
    // A reader may read the hidden lists before it lists the files (DuckDB builds the anti-join's
    // hash table first): one that read the old list must have listed files before the new one appears.
    await sleep(o.settleMs ?? COMPACT_SETTLE_MS_DEFAULT);
    // 2. Write it, streaming: one output row group of decoded rows in memory at a time.
    let merged: { bytes: Uint8Array; rows: number; dropped: number };
    try {
      const arbiter = keyArbiter(store, manifest, t, partition, ledger);
      merged = await mergeFiles(store, t, arbiter ? arbiter.order(bin) : bin, () => lease.keepAlive(), arbiter);
      if (arbiter && arbiter.dropped.length > 0) await arbiter.quarantine(output, clock());
      await lease.renew();
      await store.put(output, merged.bytes);
    } catch (e) {
      // Taken over: the new holder rolls the pending file back; touching the list now would undo its work.
      if (e instanceof LeaseLostError) throw e;
      // Roll back now rather than leave it to the next run: the partition stays exactly as it was.
      entries = entries.filter((x) => x.file !== output);
      await writeHiddenList(store, listKey, entries);
      await store.delete(output);
      throw e;
    }
    if (o.commitDelayMs !== undefined) {
      // 3'. A later run commits it (see commitDelayMs): record that the merge is complete, and what it replaces.
      entries = [...entries.filter((e) => e.file !== output), { file: output, state: 'pending', compaction: id, at: clock().toISOString(), writtenAt: clock().toISOString(), replaces: bin.map((f) => f.key) }];
      await lease.renew();
      await writeHiddenList(store, listKey, entries);
      result.awaitingCommit = (result.awaitingCommit ?? 0) + 1;
      result.rows += merged.rows;
      result.duplicatesDropped = (result.duplicatesDropped ?? 0) + merged.dropped;
      result.bytesOut += merged.bytes.length;
      continue;
    }
    await sleep(o.settleMs ?? COMPACT_SETTLE_MS_DEFAULT);
    // 3. Commit: one PUT reveals the new file and hides the old ones together.
    const now = clock().toISOString();
    entries = [...entries.filter((e) => e.file !== output), ...bin.map((f) => ({ file: f.key, state: 'superseded' as const, compaction: id, at: now }))];
    await lease.renew();
    await writeHiddenList(store, listKey, entries);
    result.inputFiles += bin.length;
    result.outputFiles += 1;
    result.rows += merged.rows;
    result.duplicatesDropped = (result.duplicatesDropped ?? 0) + merged.dropped;
    result.bytesIn += bin.reduce((a, f) => a + f.size, 0);
    result.bytesOut += merged.bytes.length;
  }
  // 4. Old files whose grace period is over go now (with graceMs 0, those of this run).
  const remaining: HiddenEntry[] = [];
  for (const e of entries) {
    if (e.state === 'superseded' && clock().getTime() - Date.parse(e.at) >= graceMs) await store.delete(e.file);
    else remaining.push(e);
  }
  if (remaining.length !== entries.length) {
    await lease.renew();
    await writeHiddenList(store, listKey, remaining);
  }
  return result;
}

/**
 * Whether a merge waiting for its commit may still be committed: its file exists and every file it
 * replaces is still there and still counts — a streamed file whose ledger entry is gone was replaced
 * by a newer version of its object (the handler deletes it), and committing would bring its rows back.
 */
async function deferredMergeIsSound(store: ObjectStore, manifest: Manifest, e: HiddenEntry, ledger: LedgerLookup): Promise<boolean> {
  if (!(await store.head(e.file))) return false;
  const streamed: string[] = [];
  for (const file of e.replaces ?? []) {
    if (!(await store.head(file))) return false;
    const name = file.slice(file.lastIndexOf('/') + 1);
    if (name.startsWith(STREAM_FILE_PREFIX)) streamed.push(name.slice(STREAM_FILE_PREFIX.length, -'.parquet'.length));
  }
  // Asked afresh: the run's cache may predate the replacement.
  const landed = await new LedgerLookup(store, ledger.prefix).landed(streamed);
  return streamed.every((id) => landed.has(id));
}

/** Groups files in key order into bins of at most `target` bytes. */
export function binPack(files: readonly ObjectInfo[], target: number): ObjectInfo[][] {
  const bins: ObjectInfo[][] = [];
  let current: ObjectInfo[] = [];
  let size = 0;
  for (const f of files) {
    if (current.length > 0 && size + f.size > target) {
      bins.push(current);
      current = [];
      size = 0;
    }
    current.push(f);
    size += f.size;
  }
  if (current.length > 0) bins.push(current);
  return bins;
}

function emptyResult(table: string, partition: string): PartitionResult {
  return { table, partition, inputFiles: 0, outputFiles: 0, rows: 0, bytesIn: 0, bytesOut: 0, recovered: { rolledBack: 0, deleted: 0 } };
}

/**
 * Merges `files` into one Parquet file without ever holding more than one output row group of
 * decoded rows ({@link MERGE_ROW_GROUP}) plus one read batch of input bytes ({@link READ_BATCH_BYTES}):
 * inputs are decoded row group by row group and appended to the output as they come. The output's
 * compressed bytes stay in memory until the single PUT (at most about the target size).
 */
async function mergeFiles(store: ObjectStore, t: TableEntry, files: readonly ObjectInfo[], keepAlive: () => Promise<void>, arbiter?: KeyArbiter): Promise<{ bytes: Uint8Array; rows: number; dropped: number }> {
  if (t.compression !== 'snappy') throw new Error(`compaction writes snappy only, not ${t.compression}`);
  const writer = new ByteWriter();
  const parquet = new ParquetWriter({ writer, schema: parquetSchema(t.columns), codec: 'SNAPPY' });
  let buffer: Record<string, MappedValue>[] = [];
  let rows = 0;
  let dropped = 0;
  const flush = (): void => {
    if (buffer.length === 0) return;
    void parquet.write({ columnData: parquetColumnData(t.columns, buffer), rowGroupSize: buffer.length });
    rows += buffer.length;
    buffer = [];
  };
  for (const batch of readBatches(files)) {
    await keepAlive();
    const bodies = await Promise.all(batch.map(async (f) => ({ key: f.key, body: (await store.get(f.key)).body })));
    for (const { key, body } of bodies) {
      try {
        for await (const part of readRowGroups(body)) {
          for (const row of part) {
            if (arbiter && !arbiter.keep(key, row)) {
              dropped++;
              continue;
            }
            buffer.push(row);
            if (buffer.length >= MERGE_ROW_GROUP) flush();
          }
        }
      } catch (e) {
        throw new Error(`cannot read ${key}: ${(e as Error).message}`);
      }
    }
  }
  flush();
  void parquet.finish();
  return { bytes: new Uint8Array(writer.getBuffer()), rows, dropped };
}

/** Consecutive files, at most {@link READ_CONCURRENCY} and {@link READ_BATCH_BYTES} per batch (a larger file alone). */
function* readBatches(files: readonly ObjectInfo[]): Generator<ObjectInfo[]> {
  let batch: ObjectInfo[] = [];
  let bytes = 0;
  for (const f of files) {
    if (batch.length > 0 && (batch.length >= READ_CONCURRENCY || bytes + f.size > READ_BATCH_BYTES)) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(f);
    bytes += f.size;
  }
  if (batch.length > 0) yield batch;
}

/** The rows of one Parquet file, one row group at a time. */
async function* readRowGroups(body: Uint8Array): AsyncGenerator<Record<string, MappedValue>[]> {
  const file = body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer;
  const metadata = parquetMetadata(file);
  let start = 0;
  for (const group of metadata.row_groups) {
    const end = start + Number(group.num_rows);
    const rows = (await parquetReadObjects({ file, metadata, rowStart: start, rowEnd: end })) as Record<string, unknown>[];
    yield rows.map((r) => {
      const out: Record<string, MappedValue> = {};
      for (const [k, v] of Object.entries(r)) out[k] = v instanceof Date ? v.getTime() : (v as MappedValue);
      return out;
    });
    start = end;
  }
}

interface KeyArbiter {
  /** Compacted and batch files first (their rows won earlier), then streamed files in landing order. */
  order(files: readonly ObjectInfo[]): ObjectInfo[];
  /** Whether this row of this file is its key's first landing. */
  keep(file: string, row: Readonly<Record<string, MappedValue>>): boolean;
  readonly dropped: { file: string; row: Readonly<Record<string, MappedValue>>; reason: string }[];
  /** Records the dropped rows of the keyed table in `rejected/` (one object per merge). */
  quarantine(output: string, now: Date): Promise<void>;
}

/**
 * Compaction is the final arbiter of the key rule (first landed wins; docs/reliability.md): the
 * handler's index keeps a duplicate out unless two invocations land the same new key at the same
 * moment, and then both files hold it. Within a merge, earlier compacted files come first, then the
 * streamed files in landing order (last-modified time, then key); a key's rows are kept from the
 * first file that holds it and dropped from the others — in every table that carries the key
 * column, so `transactions` and `transaction_items` agree — and the dropped transactions are
 * quarantined. No key file is read: the cost stays bounded by the files merged.
 */
function keyArbiter(store: ObjectStore, manifest: Manifest, t: TableEntry, partition: string, ledger: LedgerLookup): KeyArbiter | undefined {
  const siblings = manifest.models.filter((m): m is TableEntry => m.kind === 'table' && m.mapping.source === t.mapping.source);
  const keyed = keyedTable(siblings);
  if (!keyed || !t.columns.some((c) => c.name === keyed.column)) return undefined;
  if (!new RegExp(`^${keyed.partition}=[^/]+/$`).test(partition)) return undefined;
  const identityOf = (file: string): string | undefined => {
    const name = file.slice(file.lastIndexOf('/') + 1);
    return name.startsWith(STREAM_FILE_PREFIX) ? name.slice(STREAM_FILE_PREFIX.length, -'.parquet'.length) : undefined;
  };
  // Keys already kept in this merge, and from which file: without an index entry, the first file wins.
  const keptIn = new Map<string, string>();
  const dropped: KeyArbiter['dropped'] = [];
  return {
    order(files) {
      // The ledger's landing time is the same for an object's files in every table: both tables
      // pick the same first landing.
      const r = (f: ObjectInfo): number => {
        const id = identityOf(f.key);
        return id === undefined ? Number.NEGATIVE_INFINITY : (ledger.entry(id)?.landedAt ?? Number.MAX_SAFE_INTEGER);
      };
      const name = (f: ObjectInfo): string => identityOf(f.key) ?? f.key;
      return [...files].sort((a, b) => {
        const d = r(a) - r(b);
        if (d !== 0 && !Number.isNaN(d)) return d;
        return name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0;
      });
    },
    keep(file, row) {
      const id = String(row[keyed.column]);
      const identity = identityOf(file);
      let reason: string | undefined;
      const earlier = keptIn.get(id);
      if (earlier !== undefined && earlier !== file) {
        const from = identityOf(earlier);
        const source = from === undefined ? undefined : ledger.entry(from)?.key;
        reason = `duplicate transaction_id ${id}: first landed ${source ? `from ${source}` : `in ${earlier}`}`;
      }
      if (reason === undefined) {
        keptIn.set(id, file);
        return true;
      }
      if (t.name === keyed.table.name) dropped.push({ file, row, reason });
      return false;
    },
    dropped,
    async quarantine(output, now) {
      const name = output.slice(output.lastIndexOf('/') + 1, -'.parquet'.length);
      const body = {
        source: { compaction: output },
        rejectedAt: now.toISOString(),
        rejected: dropped.map((d) => ({ line: 0, reason: d.reason, file: d.file, original: JSON.stringify(d.row, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) })),
      };
      await store.put(`${manifest.prefixes.rejected}${now.toISOString().slice(0, 10)}/${name}.json`, `${JSON.stringify(body, null, 2)}\n`, { contentType: 'application/json' });
    },
  };
}

/**
 * Ledger entries by key (a GET each, never a listing), at most {@link READ_CONCURRENCY} at once, each
 * identity asked once per run; the entry's landing time orders the first landing of a key.
 */
class LedgerLookup {
  private readonly known = new Map<string, { landedAt: number; key: string } | null>();

  constructor(
    private readonly store: ObjectStore,
    readonly prefix: string,
  ) {}

  async landed(ids: readonly string[]): Promise<Set<string>> {
    const ask = [...new Set(ids.filter((id) => !this.known.has(id)))];
    for (let i = 0; i < ask.length; i += READ_CONCURRENCY) {
      await Promise.all(
        ask.slice(i, i + READ_CONCURRENCY).map(async (id) => {
          try {
            const body = JSON.parse(new TextDecoder().decode((await this.store.get(`${this.prefix}${id}.json`)).body)) as { key?: string; landedAt?: string };
            this.known.set(id, { landedAt: Date.parse(body.landedAt ?? '') || 0, key: body.key ?? '' });
          } catch (e) {
            if ((e as Error).name !== 'ObjectNotFoundError') throw e;
            this.known.set(id, null);
          }
        }),
      );
    }
    return new Set(ids.filter((id) => this.known.get(id)));
  }

  entry(id: string): { readonly landedAt: number; readonly key: string } | undefined {
    return this.known.get(id) ?? undefined;
  }
}
