import type { S3EventRecord } from 'aws-lambda';
import { writeHiddenList } from '../compaction/hidden-list.js';
import type { TableEntry } from '../manifest/manifest.js';
import type { ObjectStore } from '../storage/object-store.js';
import { mapInOrder } from '../util/map-in-order.js';
import { newAdmittedKeys } from './admit-keys.js';
import type { IngestContext } from './ingest-context.js';
import { ledgerKey, sha, STREAM_FILE_PREFIX } from './ledger-entry.js';
import type { Rejection } from './record-checks.js';
import type { ParquetChunkWriter } from './parquet-chunk-writer.js';

/** An object of the event that lands in the batch: a first version, never seen by the index or the ledger. */
export interface FreshObject {
  readonly record: S3EventRecord;
  readonly key: string;
  readonly body: Uint8Array;
  readonly etag: string;
  /** The object's identity (sha of key and ETag), as a single landing would name it. */
  readonly dataId: string;
  /** Its entry in the version index (`_ledger/keys/<sha(key)>.json`). */
  readonly indexKey: string;
}

/** `_ledger/<batchId>.json`: the commit record of a batch (compaction asks for it by the file's id). */
export interface BatchLedgerEntry {
  readonly batch: string;
  /** A readable name for the batch, quoted by compaction's duplicate reasons. */
  readonly key: string;
  readonly etag: '';
  readonly landedAt: string;
  readonly landed: number;
  readonly rejected: number;
  readonly files: readonly string[];
  /** The replace lists that hide the batch's files until its commit; deleted by the commit. */
  readonly lists: readonly string[];
  readonly members: readonly { readonly key: string; readonly etag: string; readonly dataId: string }[];
}

/** Per table and partition: the file's writer (which holds the rows not yet encoded, as columns). */
export type Sinks = Map<string, { readonly table: TableEntry; readonly partition: string; readonly writer: ParquetChunkWriter }>;

export interface BatchObjectResult {
  readonly fresh: FreshObject;
  readonly recordsIn: number;
  readonly landed: number;
  readonly rejected: number;
  readonly written: readonly string[];
  readonly rejectionReasons: readonly string[];
}

/** Storage requests in flight at once while a batch commits (each a small PUT). */
const WRITE_CONCURRENCY = 16;

/**
 * Lands the first versions of many objects as one batch: one Parquet file per table and partition
 * for all of them (`stream-<batchId>.parquet`), one key file per partition, one ledger entry for
 * the batch, and one version-index entry per object — instead of a file, a key file, a ledger entry
 * and two index writes per object. The order makes every crash point safe:
 *
 * 1. each file's replace list (`replace-<batchId>.jsonl`, state `pending`) hides it before it exists;
 * 2. the data files, the key files, the objects' rejections;
 * 3. each object's index entry, naming the batch;
 * 4. the batch's ledger entry: the commit — from here a redelivery is a duplicate;
 * 5. the replace lists are deleted: the rows become visible. A crash before this step leaves them
 *    hidden until a redelivery of any member (a duplicate now) finishes the commit.
 *
 * A crash before 4 leaves nothing visible; the redelivered objects land again in another batch
 * (an index entry naming a batch without a ledger entry counts as nothing landed).
 */
export async function landBatch(core: IngestContext, anchored: Set<string>, objects: readonly FreshObject[]): Promise<BatchObjectResult[]> {
  const { store, clock, tablesPrefix } = core;
  const batchId = sha(`batch\u0000${objects.map((o) => o.dataId).join('\u0000')}`);
  const window = core.window();
  const sinks: Sinks = new Map();
  const keys = newAdmittedKeys();
  const mapped: { rejections: Rejection[]; landed: number; recordsIn: number }[] = [];
  // One object after another: the key rule (first landed wins) follows the event's order.
  for (const o of objects) mapped.push(await core.mapObject(o.body, batchId, o.key, window, sinks, keys));
  const now = () => clock().toISOString();
  const files = [...sinks.values()].map((sink) => ({
    sink,
    file: `${sink.table.location}${sink.partition}${STREAM_FILE_PREFIX}${batchId}.parquet`,
    list: core.replaceListKey(sink.table, sink.partition, batchId),
  }));
  const dataFiles = files.map((f) => f.file);

  // 1–2. Hidden, then written.
  await mapInOrder(files, WRITE_CONCURRENCY, async ({ list }) => anchor(store, anchored, list));
  await mapInOrder(files, WRITE_CONCURRENCY, async ({ sink, file, list }) => {
    await writeHiddenList(store, list, [{ file, state: 'pending', compaction: `ingest-${batchId}`, at: now() }]);
    await store.put(file, sink.writer.finish());
  });
  if (core.keyIndex) await core.keyIndex.record(batchId, keys.landed);
  const rejectionFiles = await mapInOrder(objects, WRITE_CONCURRENCY, async (o, i) =>
    mapped[i]!.rejections.length > 0 ? core.writeRejections(o.record, o.key, o.etag, o.dataId, mapped[i]!.rejections) : undefined,
  );
  // 3. The objects' index entries: what a redelivery or a new version of each finds.
  const landedAt = now();
  await mapInOrder(objects, WRITE_CONCURRENCY, async (o, i) => {
    const rejectionFile = rejectionFiles[i];
    const entry = {
      key: o.key,
      etag: o.etag,
      generation: 1,
      dataId: o.dataId,
      batch: batchId,
      landedAt,
      landed: mapped[i]!.landed,
      rejected: mapped[i]!.rejections.length,
      files: rejectionFile ? [...dataFiles, rejectionFile] : dataFiles,
    };
    await store.put(o.indexKey, JSON.stringify(entry));
  });
  // 4. The commit.
  const ledger: BatchLedgerEntry = {
    batch: batchId,
    key: objects.length === 1 ? objects[0]!.key : `a batch of ${objects.length} objects (${objects[0]!.key}, …)`,
    etag: '',
    landedAt,
    landed: mapped.reduce((a, m) => a + m.landed, 0),
    rejected: mapped.reduce((a, m) => a + m.rejections.length, 0),
    files: dataFiles,
    lists: files.map((f) => f.list),
    members: objects.map((o) => ({ key: o.key, etag: o.etag, dataId: o.dataId })),
  };
  await store.put(ledgerKey(tablesPrefix, batchId), JSON.stringify(ledger));
  // 5. Visible.
  await finishBatchCommit(store, ledger);
  return objects.map((fresh, i) => {
    const rejectionFile = rejectionFiles[i];
    return {
      fresh,
      recordsIn: mapped[i]!.recordsIn,
      landed: mapped[i]!.landed,
      rejected: mapped[i]!.rejections.length,
      written: rejectionFile ? [...dataFiles, rejectionFile] : dataFiles,
      rejectionReasons: mapped[i]!.rejections.slice(0, 5).map((r) => r.reason),
    };
  });
}

/** An empty list that stays beside the batches' replace lists (see {@link ANCHOR_LIST}). */
export const ANCHOR_LIST = 'ingest-anchor.jsonl';

/**
 * Writes the partition's empty anchor list once (known ones are remembered per process): the
 * batches' replace lists come and go with every commit, and a partition's hidden-list folder that
 * keeps emptying would make DuckDB's glob over the lists fail between commits (Athena reads 0 rows).
 */
async function anchor(store: ObjectStore, anchored: Set<string>, listKey: string): Promise<void> {
  const key = `${listKey.slice(0, listKey.lastIndexOf('/') + 1)}${ANCHOR_LIST}`;
  if (anchored.has(key)) return;
  if (!(await store.head(key))) await store.put(key, '', { contentType: 'application/x-ndjson' });
  anchored.add(key);
}

/** Step 5 of {@link landBatch}, idempotent: a redelivery of a committed batch's member repeats it. */
export async function finishBatchCommit(store: ObjectStore, ledger: BatchLedgerEntry): Promise<void> {
  await mapInOrder(ledger.lists, WRITE_CONCURRENCY, (list) => store.delete(list));
}
