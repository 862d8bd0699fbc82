import type { S3EventRecord } from 'aws-lambda';
import { hiddenListKey } from '../compiler/table-objects.js';
import { readHiddenList, writeHiddenList, type HiddenEntry } from '../compaction/hidden-list.js';
import type { TableEntry } from '../manifest/manifest.js';
import { ObjectNotFoundError } from '../storage/object-store.js';
import { newAdmittedKeys } from './admit-keys.js';
import { MAX_KEY_BYTES, type IngestContext } from './ingest-context.js';
import { finishBatchCommit, type BatchLedgerEntry, type Sinks } from './land-batch.js';
import { ledgerKey, readJson, sha, STREAM_FILE_PREFIX, versionIndexKey, type LedgerEntry } from './ledger-entry.js';
import type { ObjectReport } from './object-report.js';
import { iterateRawRecords } from './parse-raw-records.js';
import { rejection, type Rejection } from './record-checks.js';
import { checkS3EventKey } from './s3-event-key.js';

/**
 * The one-object path: reads the object of an S3 record, validates and maps its records, and
 * writes one Parquet file per table and partition under a name derived from the object's key, ETag
 * and version generation — so a re-delivered event rewrites the same files instead of adding rows.
 * Bad records go to `rejected/` with their reason while the good ones land. A new version of a key
 * replaces the rows of the previous version (S3 semantics: an overwrite replaces the object)
 * through the hidden lists. Throws only on storage errors; a malformed event is recorded, not retried.
 */
export async function landObject(ctx: IngestContext, record: S3EventRecord): Promise<ObjectReport> {
  const { store, clock, log, tablesPrefix, keyIndex } = ctx;
  const rawKey = String(record.s3?.object?.key ?? '');
  const checked = checkS3EventKey(rawKey, MAX_KEY_BYTES);
  if ('reason' in checked) return ctx.rejectEvent(record, rawKey, checked.reason);
  const key = checked.key;
  const base = { key, recordsIn: 0, landed: 0, rejected: 0, written: [] as string[] };
  if (!key.startsWith(ctx.incoming)) {
    // Writing outside incoming/ is what keeps this from being a trigger loop; reading outside it is a misconfiguration.
    log({ level: 'warn', msg: 'ignored: key outside the incoming prefix', key, incoming: ctx.incoming });
    return { ...base, outcome: 'ignored' };
  }
  let object;
  try {
    object = await store.get(key);
  } catch (e) {
    if ((e as Error).name === 'InvalidObjectKeyError') return ctx.rejectEvent(record, rawKey, (e as Error).message);
    if (e instanceof ObjectNotFoundError) {
      // Deleted after the event: S3 has nothing to read either; no row existed to lose.
      log({ level: 'warn', msg: 'ignored: object cannot be read', key, reason: (e as Error).message });
      return { ...base, outcome: 'ignored' };
    }
    throw e;
  }

  // Versions: the key index says which version of this key landed last and which files it wrote.
  const indexKey = versionIndexKey(tablesPrefix, key);
  let previous = await readJson<LedgerEntry>(store, indexKey);
  if (previous?.batch !== undefined) {
    const batch = await readJson<BatchLedgerEntry>(store, ledgerKey(tablesPrefix, previous.batch));
    // A batch without its ledger entry never committed: nothing of it is visible, so nothing landed.
    if (batch === undefined) previous = undefined;
    else {
      await finishBatchCommit(store, batch);
      if (previous.etag === object.etag) {
        log({ level: 'info', msg: 'duplicate delivery: already landed', key, etag: object.etag, batch: previous.batch });
        return { ...base, outcome: 'duplicate' };
      }
      // Its rows share the batch's files with other objects' rows: they cannot be hidden alone.
      const generation = (previous.generation ?? 1) + 1;
      const reason = `object ${key} was replaced (ETag ${previous.etag} → ${object.etag}) after its earlier version landed in a batch with other objects; this version is kept here, not landed, so that no row is doubled`;
      return quarantineVersion(ctx, record, key, object, generation, sha(`${key}\u0000${object.etag}\u0000${generation}`), reason);
    }
  }
  const sameVersion = previous !== undefined && previous.etag === object.etag;
  const generation = previous === undefined ? 1 : sameVersion ? (previous.generation ?? 1) : (previous.generation ?? 1) + 1;
  // Generation 1 keeps the historical name (key, ETag), so lakes landed before versions existed stay idempotent.
  const dataId = sha(generation === 1 ? `${key}\u0000${object.etag}` : `${key}\u0000${object.etag}\u0000${generation}`);
  const ownLedgerKey = ledgerKey(tablesPrefix, dataId);
  const landedBefore = await readJson<LedgerEntry>(store, ownLedgerKey);
  if (landedBefore) {
    // A lake landed before the key index existed: index this version, or the next one would not hide it.
    if (!sameVersion && !landedBefore.quarantinedVersion) await store.put(indexKey, JSON.stringify({ ...landedBefore, generation, dataId }));
    log({ level: 'info', msg: 'duplicate delivery: already landed', key, etag: object.etag });
    return { ...base, outcome: 'duplicate' };
  }
  // Generation 0 is the placeholder an unfinished first version leaves in the index: nothing landed.
  const replacing = previous !== undefined && previous.generation !== 0 && !sameVersion ? previous : undefined;
  const oldFiles = (replacing?.files ?? []).filter((f) => f.startsWith(tablesPrefix));
  const window = ctx.window();
  const rejections: Rejection[] = [];

  if (replacing && (await anyCompacted(ctx, oldFiles))) {
    // The old rows now live inside a merged file among others' rows and cannot be hidden alone:
    // landing the new version would double them. Keep it whole, with the reason, for an operator.
    const reason = `object ${key} was replaced (ETag ${replacing.etag} → ${object.etag}) after its earlier version was compacted; this version is kept here, not landed, so that no row is doubled`;
    return quarantineVersion(ctx, record, key, object, generation, dataId, reason);
  }

  const sinks: Sinks = new Map();
  const mapped = await ctx.mapObject(object.body, dataId, key, window, sinks, newAdmittedKeys());
  const { landed, recordsIn, keys } = mapped;
  rejections.push(...mapped.rejections);

  const now = () => clock().toISOString();
  const fileKeyOf = (sink: { table: TableEntry; partition: string }) => `${sink.table.location}${sink.partition}${STREAM_FILE_PREFIX}${dataId}.parquet`;
  const dataFiles = [...sinks.values()].map(fileKeyOf);
  const own = new Set(dataFiles);
  // Files of versions of this key that crashed before their commit: visible or not, they must go.
  const leftovers = (previous?.inFlight ?? []).filter((f) => !own.has(f));
  const toHide = [...oldFiles, ...leftovers];
  // Our files are named in the index before they exist, so a later version can hide them even if
  // this invocation never finishes (and the retry, reading the newer object, would not know them).
  if (dataFiles.length > 0) {
    const base: LedgerEntry = previous ?? { key, etag: '', generation: 0, landedAt: now(), landed: 0, rejected: 0, files: [] };
    await store.put(indexKey, JSON.stringify({ ...base, inFlight: [...leftovers, ...dataFiles] }));
  }
  const written: string[] = [];
  const pending = new Map<string, HiddenEntry[]>(); // replace list key → its entries
  for (const sink of sinks.values()) {
    const fileKey = fileKeyOf(sink);
    if (toHide.length > 0) {
      // Hidden before it exists, so readers never see the new rows beside the old ones.
      const listKey = ctx.replaceListKey(sink.table, sink.partition, dataId);
      const entries = [{ file: fileKey, state: 'pending' as const, compaction: `ingest-${dataId}`, at: now() }];
      await writeHiddenList(store, listKey, entries);
      pending.set(listKey, entries);
    }
    await store.put(fileKey, sink.writer.finish());
    written.push(fileKey);
  }
  if (toHide.length > 0) {
    // Compaction merges only files with a ledger entry: without it, the old files stay as they are.
    if (replacing?.dataId) await store.delete(ledgerKey(tablesPrefix, replacing.dataId));
    // Commit, per partition: one PUT hides the old version's files and reveals the new one's.
    const lists = new Map<string, HiddenEntry[]>([...pending.keys()].map((k) => [k, []]));
    for (const file of toHide) {
      const located = ctx.locate(file);
      if (!located) continue;
      const listKey = ctx.replaceListKey(located.table, located.partition, dataId);
      let entries = lists.get(listKey);
      if (!entries) lists.set(listKey, (entries = []));
      entries.push({ file, state: 'superseded', compaction: `ingest-${dataId}`, at: now() });
    }
    for (const [listKey, entries] of lists) {
      if (entries.length > 0) await writeHiddenList(store, listKey, entries);
      else await store.delete(listKey);
    }
  }
  // The key files are the index, not output: `written` keeps listing data, rejection and ledger keys.
  // Written after the data and before the ledger, as the data files are: a crash in between redoes both.
  if (keyIndex) await keyIndex.record(dataId, keys.landed);
  if (rejections.length > 0) written.push(await ctx.writeRejections(record, key, object.etag, dataId, rejections));
  const entry: LedgerEntry = { key, etag: object.etag, generation, dataId, landedAt: now(), landed, rejected: rejections.length, files: written };
  // The index first, the ledger last: a crash before the ledger means the next delivery redoes the
  // work under the same names (the index already says this version, so nothing is hidden twice),
  // and compaction leaves these files alone until the ledger entry exists.
  await store.put(indexKey, JSON.stringify(entry));
  await store.put(ownLedgerKey, JSON.stringify(entry));
  const eventTime = Date.parse(record.eventTime);
  const delayMs = Number.isNaN(eventTime) ? undefined : clock().getTime() - eventTime;
  const report: ObjectReport = {
    key,
    outcome: 'landed',
    recordsIn,
    landed,
    rejected: rejections.length,
    written,
    ...(delayMs !== undefined ? { delayMs } : {}),
    ...(replacing ? { replaced: { etag: replacing.etag, files: oldFiles.length } } : {}),
  };
  log({
    level: rejections.length > 0 ? 'warn' : 'info',
    msg: replacing ? 'landed a new version' : 'landed',
    key,
    etag: object.etag,
    landed,
    rejected: rejections.length,
    files: written.length,
    delayMs,
    reasons: rejections.slice(0, 5).map((r) => r.reason),
  });
  return report;
}

/** A version that cannot replace the landed one: kept whole in `rejected/` with the reason, for an operator. */
async function quarantineVersion(
  ctx: IngestContext,
  record: S3EventRecord,
  key: string,
  object: { body: Uint8Array; etag: string },
  generation: number,
  dataId: string,
  reason: string,
): Promise<ObjectReport> {
  const rejections: Rejection[] = [];
  let recordsIn = 0;
  for (const r of iterateRawRecords(object.body)) {
    recordsIn++;
    rejections.push(rejection(r, reason));
  }
  if (recordsIn === 0) rejections.push({ line: 0, reason, original: '' });
  const written = [await ctx.writeRejections(record, key, object.etag, dataId, rejections)];
  const entry: LedgerEntry = {
    key,
    etag: object.etag,
    generation,
    dataId,
    landedAt: ctx.clock().toISOString(),
    landed: 0,
    rejected: rejections.length,
    files: written,
    quarantinedVersion: true,
  };
  await ctx.store.put(ledgerKey(ctx.tablesPrefix, dataId), JSON.stringify(entry));
  ctx.log({ level: 'warn', msg: 'replaced after compaction or batching: quarantined', key, etag: object.etag });
  return { key, outcome: 'landed', recordsIn, landed: 0, rejected: rejections.length, written };
}

/** True when some file of the old version is gone or already superseded by a compaction. */
async function anyCompacted(ctx: IngestContext, files: readonly string[]): Promise<boolean> {
  const lists = new Map<string, Set<string>>();
  for (const f of files) {
    const located = ctx.locate(f);
    if (!located) continue;
    if (!(await ctx.store.head(f))) return true;
    const listKey = hiddenListKey(located.table, ctx.tablesPrefix, located.partition);
    let hidden = lists.get(listKey);
    if (!hidden) lists.set(listKey, (hidden = new Set((await readHiddenList(ctx.store, listKey)).map((e) => e.file))));
    if (hidden.has(f)) return true;
  }
  return false;
}
