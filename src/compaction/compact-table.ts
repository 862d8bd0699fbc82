import { randomBytes } from 'node:crypto';
import { hiddenListKey, usesVisibilityScheme } from '../compiler/table-objects.js';
import { COMPACTION_DEFAULTS } from '../config/infra-config-schema.js';
import type { Manifest, TableEntry } from '../manifest/manifest.js';
import { Lease, LeaseLostError } from '../storage/lease-lock.js';
import type { ConditionalObjectStore, ObjectInfo, ObjectStore } from '../storage/object-store.js';
import { LEDGER_DIR, STREAM_FILE_PREFIX } from '../streaming/ledger-entry.js';
import { readHiddenList, writeHiddenList, type HiddenEntry } from './hidden-list.js';
import {
  COMPACT_FILE_PREFIX,
  COMPACT_LEASE_MS_DEFAULT,
  COMPACT_SETTLE_MS_DEFAULT,
  compactionLockKey,
  emptyResult,
  type CompactOptions,
  type PartitionResult,
} from './compact-options.js';
import { keyArbiter, LedgerLookup } from './key-arbiter.js';
import { binPack, MiB, mergeFiles } from './merge-files.js';

// The public API of compaction, importable from this one module.
export { binPack } from './merge-files.js';
export {
  COMPACT_FILE_PREFIX,
  COMPACT_LEASE_MS_DEFAULT,
  COMPACT_SETTLE_MS_DEFAULT,
  compactionLockKey,
  type CompactOptions,
  type PartitionResult,
} from './compact-options.js';

/**
 * Compacts the small files of every partition of the partitioned tables: streaming files (once
 * their ledger entry exists, so a redelivered event can never bring them back) and earlier
 * compacted files below the target size. Batch files are left alone: a backfill rewrites them by
 * name. Each merge follows the visibility protocol of docs/compaction.md — write the new file
 * hidden, commit by rewriting the partition's hidden list in one PUT, delete the old files after a
 * grace period — and a run first completes or rolls back whatever an interrupted run left.
 */
export async function compactTables(store: ConditionalObjectStore, manifest: Manifest, options: CompactOptions = {}): Promise<PartitionResult[]> {
  const tables = manifest.models.filter(
    (m): m is TableEntry => m.kind === 'table' && usesVisibilityScheme(m) && (!options.tables || options.tables.includes(m.name)),
  );
  const unknown = (options.tables ?? []).filter((t) => !tables.some((x) => x.name === t));
  if (unknown.length > 0)
    throw new Error(
      `no partitioned table named ${unknown.join(', ')} (partitioned tables: ${manifest.models
        .filter((m) => m.kind === 'table' && m.partitionedBy.length > 0)
        .map((m) => m.name)
        .join(', ')})`,
    );
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
    else if (name.startsWith(STREAM_FILE_PREFIX) && f.lastModified.getTime() <= cutoff)
      streamed.push({ file: f, id: name.slice(STREAM_FILE_PREFIX.length, -'.parquet'.length) });
  }
  // Without its ledger entry the source event may be redelivered and write this file again.
  const landed = await ledger.landed(streamed.map((x) => x.id));
  for (const x of streamed) if (landed.has(x.id)) candidates.push(x.file);
  candidates.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const result: { -readonly [K in keyof PartitionResult]: PartitionResult[K] } = {
    ...emptyResult(t.name, partition),
    recovered: { rolledBack, deleted },
    ...committedLate,
  };
  if (candidates.length < 2) return result;

  for (const bin of binPack(candidates, targetBytes)) {
    if (bin.length < 2) continue;
    const id = `${clock()
      .toISOString()
      .replace(/[-:.TZ]/g, '')}-${randomBytes(4).toString('hex')}`;
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
      entries = [
        ...entries.filter((e) => e.file !== output),
        { file: output, state: 'pending', compaction: id, at: clock().toISOString(), writtenAt: clock().toISOString(), replaces: bin.map((f) => f.key) },
      ];
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
