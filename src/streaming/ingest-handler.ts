import type { S3Event, S3EventRecord } from 'aws-lambda';
import { mapInOrder } from '../util/map-in-order.js';
import { createIngestContext, MAX_KEY_BYTES, type IngestHandlerDeps } from './ingest-context.js';
import { landBatch, type FreshObject } from './land-batch.js';
import { landObject } from './land-object.js';
import { ledgerKey, sha, versionIndexKey } from './ledger-entry.js';
import type { HandleOptions, ObjectReport } from './object-report.js';
import { checkS3EventKey } from './s3-event-key.js';

export type { IngestHandlerDeps } from './ingest-context.js';
export type { HandleOptions, LogEntry, ObjectOutcome, ObjectReport } from './object-report.js';
export type { Rejection } from './record-checks.js';

/** Objects read at once while an invocation sorts its records. */
const READ_CONCURRENCY = 16;

/**
 * The ingest Lambda's logic, independent of where it runs: for every S3 record, read the object,
 * validate each transaction with the schema built from the source declaration, map it with the
 * manifest's declared mapping (the same one the SQL engines run), and write Parquet files per table
 * and partition under names derived from the objects — so a re-delivered event rewrites the same
 * files instead of adding rows (land-object.ts, land-batch.ts). Bad records go to `rejected/` with
 * their reason while the good ones land. Throws only on storage errors, so that Lambda retries; a
 * malformed event is recorded, not retried.
 */
export function createIngestHandler(deps: IngestHandlerDeps): (event: S3Event, options?: HandleOptions) => Promise<ObjectReport[]> {
  const ctx = createIngestContext(deps);
  const { store, clock, log, tablesPrefix, keyIndex } = ctx;

  /**
   * An object that can join a batch: a readable first version that neither the version index nor
   * the ledger knows. Anything else (bad keys, redeliveries, new versions) takes the one-object path.
   */
  async function freshObject(record: S3EventRecord): Promise<FreshObject | undefined> {
    const checked = checkS3EventKey(String(record.s3?.object?.key ?? ''), MAX_KEY_BYTES);
    if ('reason' in checked || !checked.key.startsWith(ctx.incoming)) return undefined;
    const key = checked.key;
    const indexKey = versionIndexKey(tablesPrefix, key);
    if (await store.head(indexKey)) return undefined;
    let object;
    try {
      object = await store.get(key);
    } catch {
      return undefined; // the one-object path reads it again and reports why
    }
    const dataId = sha(`${key}\u0000${object.etag}`);
    if (await store.head(ledgerKey(tablesPrefix, dataId))) return undefined;
    return { record, key, body: object.body, etag: object.etag, dataId, indexKey };
  }

  /** Anchor lists known to exist (per process). */
  const anchored = new Set<string>();

  /** The objects of a batch as reports, in the shape of the one-object path's. */
  async function handleBatch(objects: readonly FreshObject[]): Promise<ObjectReport[]> {
    const results = await landBatch(ctx, anchored, objects);
    const done = clock().getTime();
    return results.map((r) => {
      const eventTime = Date.parse(r.fresh.record.eventTime);
      const delayMs = Number.isNaN(eventTime) ? undefined : done - eventTime;
      log({
        level: r.rejected > 0 ? 'warn' : 'info',
        msg: 'landed',
        key: r.fresh.key,
        etag: r.fresh.etag,
        landed: r.landed,
        rejected: r.rejected,
        batchSize: objects.length,
        delayMs,
        reasons: r.rejectionReasons,
      });
      return {
        key: r.fresh.key,
        outcome: 'landed',
        recordsIn: r.recordsIn,
        landed: r.landed,
        rejected: r.rejected,
        written: r.written,
        ...(delayMs !== undefined ? { delayMs } : {}),
      };
    });
  }

  /**
   * One invocation: the first versions among its objects land together as one batch (one file per
   * table and partition, land-batch.ts); the others — redeliveries, new versions, bad keys — one by
   * one, after it (land-object.ts). With `failures: 'report'` a failing object gets a `failed`
   * report instead of failing the invocation (SQS partial batch responses); by default the error is
   * thrown, so that the S3-triggered Lambda is retried.
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
        reports[i] = await landObject(ctx, record);
      } catch (e) {
        reports[i] = failed(record, e);
      }
    }
    return reports;
  };
}
