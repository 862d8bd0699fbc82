import { createHash } from 'node:crypto';
import type { S3Event, S3EventRecord } from 'aws-lambda';
import { hiddenListKey } from '../compiler/table-objects.js';
import { readHiddenList, writeHiddenList, type HiddenEntry } from '../compaction/hidden-list.js';
import type { Manifest, SourceEntry, TableEntry } from '../manifest/manifest.js';
import { ObjectNotFoundError, type ObjectStore } from '../storage/object-store.js';
import { mapInOrder } from '../util/map-in-order.js';
import { newAdmittedKeys } from './admit-keys.js';
import { datetimeWindowAt, windowConfigOf } from './datetime-window.js';
import { iterateRawRecords } from './parse-raw-records.js';
import { checkS3EventKey } from './s3-event-key.js';
import { createObjectMapper } from './map-object.js';
import { rejection, type Rejection } from './record-checks.js';
import { finishBatchCommit, landBatch, type BatchCore, type BatchLedgerEntry, type FreshObject, type Sinks } from './land-batch.js';
import { keyedTable, TransactionKeyIndex } from './transaction-keys.js';

/** A structured log line; the Lambda prints it as JSON, tests collect it. */
export type LogEntry = Readonly<Record<string, unknown>> & { readonly level: 'info' | 'warn' | 'error'; readonly msg: string };

export interface IngestHandlerDeps {
  readonly store: ObjectStore;
  readonly manifest: Manifest;
  readonly clock?: () => Date;
  readonly log?: (entry: LogEntry) => void;
  /** The source whose records arrive in `incoming/`. @default "pos.transactions" */
  readonly sourceName?: string;
  /**
   * Rows buffered per table and partition before they are encoded as one Parquet row group:
   * what bounds the handler's memory on a large object. @default 20000
   */
  readonly chunkRows?: number;
}

/**
 * `landed`: read and processed (its bad records quarantined). `duplicate`: this version had landed
 * already. `rejected`: the event itself is unusable (malformed or over-long key) — recorded in
 * `rejected/`, never retried. `ignored`: outside `incoming/`, or deleted before it could be read.
 */
export type ObjectOutcome = 'landed' | 'duplicate' | 'rejected' | 'ignored' | 'failed';

export interface HandleOptions {
  /** `throw` (default): a storage error fails the invocation. `report`: the object gets a `failed` report, the others go on. */
  readonly failures?: 'throw' | 'report';
}

/** Objects read at once while an invocation sorts its records. */
const READ_CONCURRENCY = 16;

export interface ObjectReport {
  readonly key: string;
  readonly outcome: ObjectOutcome;
  /** Records read from the object (lines, or 1 for a single object). */
  readonly recordsIn: number;
  readonly landed: number;
  readonly rejected: number;
  /** Keys written: table files, the rejection file, the ledger entry. */
  readonly written: readonly string[];
  /** From the S3 event time to the data being readable, in ms. */
  readonly delayMs?: number;
  /** `failed` only: why (the object is to be delivered again). */
  readonly error?: string;
  /** Set when this version replaced an earlier version of the same key (its rows are hidden now). */
  readonly replaced?: { readonly etag: string; readonly files: number };
}

export type { Rejection } from './record-checks.js';

/** Ledger entries live beside the tables (the Lambda may write only `tables/` and `rejected/`). */
export const LEDGER_DIR = '_ledger/';
/** The latest landed version of each incoming key, by hash of the key. */
export const KEY_INDEX_DIR = `${LEDGER_DIR}keys/`;
/** Streaming files carry this prefix in their partition folder; batch files carry `batch-`. */
export const STREAM_FILE_PREFIX = 'stream-';
/** Hidden lists written by ingest when a version replaces another: `replace-<dataId>.jsonl`. */
export const REPLACE_LIST_PREFIX = 'replace-';
/** S3's limit on a key, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;

/** What the ledger remembers of a landed version (`_ledger/<dataId>.json`, and the key index). */
interface LedgerEntry {
  readonly key: string;
  readonly etag: string;
  /** 1 for the first version of a key, +1 for each replacing version. */
  readonly generation?: number;
  readonly dataId?: string;
  readonly landedAt: string;
  readonly landed: number;
  readonly rejected: number;
  /** Every key written: data files, the rejection file. */
  readonly files: readonly string[];
  /** This version was kept whole in `rejected/` (it replaced a compacted version); it landed no rows. */
  readonly quarantinedVersion?: boolean;
  /** Index only: data files of versions being written (named before they exist), for a later version to hide. */
  readonly inFlight?: readonly string[];
  /** Index only: the batch this version landed in (its files hold other objects' rows too). */
  readonly batch?: string;
}

/**
 * The ingest Lambda's logic, independent of where it runs: for every S3 record, read the object,
 * validate each transaction with the schema built from the source declaration, map it with the
 * manifest's declared mapping (the same one the SQL engines run), and write one Parquet file per
 * table and partition under a name derived from the object's key, ETag and version generation —
 * so a re-delivered event rewrites the same files instead of adding rows. Bad records go to
 * `rejected/` with their reason while the good ones land. A new version of a key replaces the rows
 * of the previous version (S3 semantics: an overwrite replaces the object) through the hidden lists.
 * Throws only on storage errors, so that Lambda retries; a malformed event is recorded, not retried.
 */
export function createIngestHandler(deps: IngestHandlerDeps): (event: S3Event, options?: HandleOptions) => Promise<ObjectReport[]> {
  const { store, manifest } = deps;
  const clock = deps.clock ?? (() => new Date());
  const log = deps.log ?? (() => {});
  const chunkRows = deps.chunkRows ?? 20_000;
  const sourceName = deps.sourceName ?? 'pos.transactions';
  const source = manifest.models.find((m): m is SourceEntry => m.kind === 'source' && `${m.sourceName}.${m.sourceTable}` === sourceName);
  if (!source) throw new Error(`the manifest has no source ${sourceName}; run \`npm run build:models\``);
  const tables = manifest.models.filter((m): m is TableEntry => m.kind === 'table' && m.mapping.source === sourceName);
  const windowConfig = windowConfigOf(manifest);
  const { incoming, tables: tablesPrefix, rejected: rejectedPrefix } = manifest.prefixes;
  // Key semantics (first landed wins): see transaction-keys.ts.
  const keyed = keyedTable(tables);
  const keyIndex = keyed ? new TransactionKeyIndex(store, tablesPrefix, keyed, clock) : undefined;
  const mapObject = createObjectMapper({ source, tables, keyIndex, chunkRows });

  const dayOf = (record: S3EventRecord): string => {
    const eventTime = Date.parse(record.eventTime);
    return (Number.isNaN(eventTime) ? clock() : new Date(eventTime)).toISOString().slice(0, 10);
  };

  /** A bad event: one record in `rejected/` under a name derived from the raw key, never the key itself. */
  async function rejectEvent(record: S3EventRecord, rawKey: string, reason: string): Promise<ObjectReport> {
    const name = `event-${sha(rawKey)}`;
    const rejectedKey = `${rejectedPrefix}${dayOf(record)}/${name}.json`;
    const body = { source: { bucket: record.s3.bucket.name, eventKey: rawKey, eTag: record.s3.object.eTag }, rejectedAt: clock().toISOString(), reason };
    await store.put(rejectedKey, `${JSON.stringify(body, null, 2)}\n`, { contentType: 'application/json' });
    log({ level: 'warn', msg: 'rejected: unusable event key', rejectedKey, reason });
    return { key: rawKey, outcome: 'rejected', recordsIn: 0, landed: 0, rejected: 1, written: [rejectedKey] };
  }

  async function handleRecord(record: S3EventRecord): Promise<ObjectReport> {
    const rawKey = String(record.s3?.object?.key ?? '');
    const checked = checkS3EventKey(rawKey, MAX_KEY_BYTES);
    if ('reason' in checked) return rejectEvent(record, rawKey, checked.reason);
    const key = checked.key;
    const base = { key, recordsIn: 0, landed: 0, rejected: 0, written: [] as string[] };
    if (!key.startsWith(incoming)) {
      // Writing outside incoming/ is what keeps this from being a trigger loop; reading outside it is a misconfiguration.
      log({ level: 'warn', msg: 'ignored: key outside the incoming prefix', key, incoming });
      return { ...base, outcome: 'ignored' };
    }
    let object;
    try {
      object = await store.get(key);
    } catch (e) {
      if ((e as Error).name === 'InvalidObjectKeyError') return rejectEvent(record, rawKey, (e as Error).message);
      if (e instanceof ObjectNotFoundError) {
        // Deleted after the event: S3 has nothing to read either; no row existed to lose.
        log({ level: 'warn', msg: 'ignored: object cannot be read', key, reason: (e as Error).message });
        return { ...base, outcome: 'ignored' };
      }
      throw e;
    }

    // Versions: the key index says which version of this key landed last and which files it wrote.
    const indexKey = `${tablesPrefix}${KEY_INDEX_DIR}${sha(key)}.json`;
    let previous = await readJson<LedgerEntry>(store, indexKey);
    if (previous?.batch !== undefined) {
      const batch = await readJson<BatchLedgerEntry>(store, `${tablesPrefix}${LEDGER_DIR}${previous.batch}.json`);
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
        return quarantineVersion(record, key, object, generation, sha(`${key}\u0000${object.etag}\u0000${generation}`), reason);
      }
    }
    const sameVersion = previous !== undefined && previous.etag === object.etag;
    const generation = previous === undefined ? 1 : sameVersion ? (previous.generation ?? 1) : (previous.generation ?? 1) + 1;
    // Generation 1 keeps the historical name (key, ETag), so lakes landed before versions existed stay idempotent.
    const dataId = sha(generation === 1 ? `${key}\u0000${object.etag}` : `${key}\u0000${object.etag}\u0000${generation}`);
    const ledgerKey = `${tablesPrefix}${LEDGER_DIR}${dataId}.json`;
    const landedBefore = await readJson<LedgerEntry>(store, ledgerKey);
    if (landedBefore) {
      // A lake landed before the key index existed: index this version, or the next one would not hide it.
      if (!sameVersion && !landedBefore.quarantinedVersion) await store.put(indexKey, JSON.stringify({ ...landedBefore, generation, dataId }));
      log({ level: 'info', msg: 'duplicate delivery: already landed', key, etag: object.etag });
      return { ...base, outcome: 'duplicate' };
    }
    // Generation 0 is the placeholder an unfinished first version leaves in the index: nothing landed.
    const replacing = previous !== undefined && previous.generation !== 0 && !sameVersion ? previous : undefined;
    const oldFiles = (replacing?.files ?? []).filter((f) => f.startsWith(tablesPrefix));
    const window = datetimeWindowAt(windowConfig, clock());
    const rejections: Rejection[] = [];

    if (replacing && (await anyCompacted(oldFiles))) {
      // The old rows now live inside a merged file among others' rows and cannot be hidden alone:
      // landing the new version would double them. Keep it whole, with the reason, for an operator.
      const reason = `object ${key} was replaced (ETag ${replacing.etag} → ${object.etag}) after its earlier version was compacted; this version is kept here, not landed, so that no row is doubled`;
      return quarantineVersion(record, key, object, generation, dataId, reason);
    }

    const sinks: Sinks = new Map();
    const mapped = await mapObject(object.body, dataId, key, window, sinks, newAdmittedKeys());
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
        const listKey = replaceListKey(sink.table, sink.partition, dataId);
        const entries = [{ file: fileKey, state: 'pending' as const, compaction: `ingest-${dataId}`, at: now() }];
        await writeHiddenList(store, listKey, entries);
        pending.set(listKey, entries);
      }
      await store.put(fileKey, sink.writer.finish());
      written.push(fileKey);
    }
    if (toHide.length > 0) {
      // Compaction merges only files with a ledger entry: without it, the old files stay as they are.
      if (replacing?.dataId) await store.delete(`${tablesPrefix}${LEDGER_DIR}${replacing.dataId}.json`);
      // Commit, per partition: one PUT hides the old version's files and reveals the new one's.
      const lists = new Map<string, HiddenEntry[]>([...pending.keys()].map((k) => [k, []]));
      for (const file of toHide) {
        const located = locate(file);
        if (!located) continue;
        const listKey = replaceListKey(located.table, located.partition, dataId);
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
    if (rejections.length > 0) written.push(await writeRejections(record, key, object.etag, dataId, rejections));
    const entry: LedgerEntry = { key, etag: object.etag, generation, dataId, landedAt: now(), landed, rejected: rejections.length, files: written };
    // The index first, the ledger last: a crash before the ledger means the next delivery redoes the
    // work under the same names (the index already says this version, so nothing is hidden twice),
    // and compaction leaves these files alone until the ledger entry exists.
    await store.put(indexKey, JSON.stringify(entry));
    await store.put(ledgerKey, JSON.stringify(entry));
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
    log({ level: rejections.length > 0 ? 'warn' : 'info', msg: replacing ? 'landed a new version' : 'landed', key, etag: object.etag, landed, rejected: rejections.length, files: written.length, delayMs, reasons: rejections.slice(0, 5).map((r) => r.reason) });
    return report;
  }

  /** A version that cannot replace the landed one: kept whole in `rejected/` with the reason, for an operator. */
  async function quarantineVersion(record: S3EventRecord, key: string, object: { body: Uint8Array; etag: string }, generation: number, dataId: string, reason: string): Promise<ObjectReport> {
    const rejections: Rejection[] = [];
    let recordsIn = 0;
    for (const r of iterateRawRecords(object.body)) {
      recordsIn++;
      rejections.push(rejection(r, reason));
    }
    if (recordsIn === 0) rejections.push({ line: 0, reason, original: '' });
    const written = [await writeRejections(record, key, object.etag, dataId, rejections)];
    const entry: LedgerEntry = { key, etag: object.etag, generation, dataId, landedAt: clock().toISOString(), landed: 0, rejected: rejections.length, files: written, quarantinedVersion: true };
    await store.put(`${tablesPrefix}${LEDGER_DIR}${dataId}.json`, JSON.stringify(entry));
    log({ level: 'warn', msg: 'replaced after compaction or batching: quarantined', key, etag: object.etag });
    return { key, outcome: 'landed', recordsIn, landed: 0, rejected: rejections.length, written };
  }

  async function writeRejections(record: S3EventRecord, key: string, etag: string, dataId: string, rejections: readonly Rejection[]): Promise<string> {
    const rejectedKey = `${rejectedPrefix}${dayOf(record)}/${dataId}.json`;
    const body = { source: { bucket: record.s3.bucket.name, key, etag }, rejectedAt: clock().toISOString(), rejected: rejections };
    await store.put(rejectedKey, `${JSON.stringify(body, null, 2)}\n`, { contentType: 'application/json' });
    return rejectedKey;
  }

  /** The table and partition folder of a data file key, from the manifest's locations. */
  function locate(file: string): { table: TableEntry; partition: string } | undefined {
    for (const t of tables) {
      if (!file.startsWith(t.location)) continue;
      const rest = file.slice(t.location.length);
      return { table: t, partition: rest.slice(0, rest.lastIndexOf('/') + 1) };
    }
    return undefined;
  }

  function replaceListKey(t: TableEntry, partition: string, dataId: string): string {
    return hiddenListKey(t, tablesPrefix, partition).replace(/hidden\.jsonl$/, `${REPLACE_LIST_PREFIX}${dataId}.jsonl`);
  }

  /** True when some file of the old version is gone or already superseded by a compaction. */
  async function anyCompacted(files: readonly string[]): Promise<boolean> {
    const lists = new Map<string, Set<string>>();
    for (const f of files) {
      const located = locate(f);
      if (!located) continue;
      if (!(await store.head(f))) return true;
      const listKey = hiddenListKey(located.table, tablesPrefix, located.partition);
      let hidden = lists.get(listKey);
      if (!hidden) lists.set(listKey, (hidden = new Set((await readHiddenList(store, listKey)).map((e) => e.file))));
      if (hidden.has(f)) return true;
    }
    return false;
  }

  /**
   * An object that can join a batch: a readable first version that neither the version index nor
   * the ledger knows. Anything else (bad keys, redeliveries, new versions) takes the one-object path.
   */
  async function freshObject(record: S3EventRecord): Promise<FreshObject | undefined> {
    const checked = checkS3EventKey(String(record.s3?.object?.key ?? ''), MAX_KEY_BYTES);
    if ('reason' in checked || !checked.key.startsWith(incoming)) return undefined;
    const key = checked.key;
    const indexKey = `${tablesPrefix}${KEY_INDEX_DIR}${sha(key)}.json`;
    if (await store.head(indexKey)) return undefined;
    let object;
    try {
      object = await store.get(key);
    } catch {
      return undefined; // the one-object path reads it again and reports why
    }
    const dataId = sha(`${key}\u0000${object.etag}`);
    if (await store.head(`${tablesPrefix}${LEDGER_DIR}${dataId}.json`)) return undefined;
    return { record, key, body: object.body, etag: object.etag, dataId, indexKey };
  }

  const core: BatchCore = {
    store,
    clock,
    tablesPrefix,
    ledgerDir: LEDGER_DIR,
    streamFilePrefix: STREAM_FILE_PREFIX,
    keyIndex,
    window: () => datetimeWindowAt(windowConfig, clock()),
    sha,
    mapObject,
    writeRejections,
    replaceListKey,
    writeHiddenList: (key, entries) => writeHiddenList(store, key, entries),
    anchored: new Set(),
  };

  /** The objects of a batch as reports, in the shape of the one-object path's. */
  async function handleBatch(objects: readonly FreshObject[]): Promise<ObjectReport[]> {
    const results = await landBatch(core, objects);
    const done = clock().getTime();
    return results.map((r) => {
      const eventTime = Date.parse(r.fresh.record.eventTime);
      const delayMs = Number.isNaN(eventTime) ? undefined : done - eventTime;
      log({ level: r.rejected > 0 ? 'warn' : 'info', msg: 'landed', key: r.fresh.key, etag: r.fresh.etag, landed: r.landed, rejected: r.rejected, batchSize: objects.length, delayMs, reasons: r.rejectionReasons });
      return { key: r.fresh.key, outcome: 'landed', recordsIn: r.recordsIn, landed: r.landed, rejected: r.rejected, written: r.written, ...(delayMs !== undefined ? { delayMs } : {}) };
    });
  }

  /**
   * One invocation: the first versions among its objects land together as one batch (one file per
   * table and partition, land-batch.ts); the others — redeliveries, new versions, bad keys — one by
   * one, after it. With `failures: 'report'` a failing object gets a `failed` report instead of
   * failing the invocation (SQS partial batch responses); by default the error is thrown, so that
   * the S3-triggered Lambda is retried.
   */
  return async (event: S3Event, options: HandleOptions = {}) => {
    keyIndex?.startInvocation();
    const records = event.Records ?? [];
    const reports = new Array<ObjectReport>(records.length);
    const failed = (record: S3EventRecord, e: unknown): ObjectReport => {
      if (options.failures !== 'report') throw e;
      log({ level: 'error', msg: 'failed: will be retried', key: String(record.s3?.object?.key ?? ''), reason: (e as Error).message });
      return { key: String(record.s3?.object?.key ?? ''), outcome: 'failed', recordsIn: 0, landed: 0, rejected: 0, written: [], error: (e as Error).message };
    };
    const batched: number[] = [];
    if (records.length > 1) {
      const fresh = await mapInOrder(records, READ_CONCURRENCY, (r) => freshObject(r).catch(() => undefined));
      const keys = new Set<string>();
      for (const [i, f] of fresh.entries()) if (f && !keys.has(f.key)) (keys.add(f.key), batched.push(i));
      if (batched.length > 1) {
        try {
          const landed = await handleBatch(batched.map((i) => fresh[i]!));
          for (const [j, i] of batched.entries()) reports[i] = landed[j]!;
        } catch (e) {
          for (const i of batched) reports[i] = failed(records[i]!, e);
        }
      } else batched.length = 0;
    }
    for (const [i, record] of records.entries()) {
      if (reports[i] !== undefined) continue;
      try {
        reports[i] = await handleRecord(record);
      } catch (e) {
        reports[i] = failed(record, e);
      }
    }
    return reports;
  };
}

function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

async function readJson<T>(store: ObjectStore, key: string): Promise<T | undefined> {
  try {
    return JSON.parse(new TextDecoder().decode((await store.get(key)).body)) as T;
  } catch (e) {
    if (e instanceof ObjectNotFoundError) return undefined;
    throw e;
  }
}

