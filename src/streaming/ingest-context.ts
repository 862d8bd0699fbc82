import type { S3EventRecord } from 'aws-lambda';
import { hiddenListKey } from '../compiler/table-objects.js';
import type { Manifest, SourceEntry, TableEntry } from '../manifest/manifest.js';
import type { ObjectStore } from '../storage/object-store.js';
import { datetimeWindowAt, windowConfigOf, type DatetimeWindow } from './datetime-window.js';
import { REPLACE_LIST_PREFIX, sha } from './ledger-entry.js';
import { createObjectMapper } from './map-object.js';
import type { LogEntry, ObjectReport } from './object-report.js';
import type { Rejection } from './record-checks.js';
import { keyedTable, TransactionKeyIndex } from './transaction-keys.js';

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

/** S3's limit on a key, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;

/** What the one-object and the batch paths share: the source's tables, the record path, naming and the rejection files. */
export interface IngestContext {
  readonly store: ObjectStore;
  readonly clock: () => Date;
  readonly log: (entry: LogEntry) => void;
  readonly tables: readonly TableEntry[];
  readonly incoming: string;
  readonly tablesPrefix: string;
  readonly keyIndex: TransactionKeyIndex | undefined;
  readonly mapObject: ReturnType<typeof createObjectMapper>;
  /** The datetime window records are checked against, now. */
  window(): DatetimeWindow;
  /** Writes an object's quarantined records to `rejected/<day>/<dataId>.json`; returns the key. */
  writeRejections(record: S3EventRecord, key: string, etag: string, dataId: string, rejections: readonly Rejection[]): Promise<string>;
  /** A bad event: one record in `rejected/` under a name derived from the raw key, never the key itself. */
  rejectEvent(record: S3EventRecord, rawKey: string, reason: string): Promise<ObjectReport>;
  /** The replace list (`replace-<id>.jsonl`) beside a partition's hidden list. */
  replaceListKey(t: TableEntry, partition: string, id: string): string;
  /** The table and partition folder of a data file key, from the manifest's locations. */
  locate(file: string): { table: TableEntry; partition: string } | undefined;
}

export function createIngestContext(deps: IngestHandlerDeps): IngestContext {
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

  return {
    store,
    clock,
    log,
    tables,
    incoming,
    tablesPrefix,
    keyIndex,
    mapObject,
    window: () => datetimeWindowAt(windowConfig, clock()),

    async writeRejections(record, key, etag, dataId, rejections) {
      const rejectedKey = `${rejectedPrefix}${dayOf(record)}/${dataId}.json`;
      const body = { source: { bucket: record.s3.bucket.name, key, etag }, rejectedAt: clock().toISOString(), rejected: rejections };
      await store.put(rejectedKey, `${JSON.stringify(body, null, 2)}\n`, { contentType: 'application/json' });
      return rejectedKey;
    },

    async rejectEvent(record, rawKey, reason) {
      const name = `event-${sha(rawKey)}`;
      const rejectedKey = `${rejectedPrefix}${dayOf(record)}/${name}.json`;
      const body = { source: { bucket: record.s3.bucket.name, eventKey: rawKey, eTag: record.s3.object.eTag }, rejectedAt: clock().toISOString(), reason };
      await store.put(rejectedKey, `${JSON.stringify(body, null, 2)}\n`, { contentType: 'application/json' });
      log({ level: 'warn', msg: 'rejected: unusable event key', rejectedKey, reason });
      return { key: rawKey, outcome: 'rejected', recordsIn: 0, landed: 0, rejected: 1, written: [rejectedKey] };
    },

    replaceListKey(t, partition, id) {
      return hiddenListKey(t, tablesPrefix, partition).replace(/hidden\.jsonl$/, `${REPLACE_LIST_PREFIX}${id}.jsonl`);
    },

    locate(file) {
      for (const t of tables) {
        if (!file.startsWith(t.location)) continue;
        const rest = file.slice(t.location.length);
        return { table: t, partition: rest.slice(0, rest.lastIndexOf('/') + 1) };
      }
      return undefined;
    },
  };
}
