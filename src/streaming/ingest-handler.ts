import { createHash } from 'node:crypto';
import type { S3Event, S3EventRecord } from 'aws-lambda';
import type { Column, DataTest, Manifest, SourceEntry, TableEntry } from '../manifest/manifest.js';
import { ObjectNotFoundError, type ObjectStore } from '../storage/object-store.js';
import { CastError, evaluateMapping, type MappedValue } from './evaluate-mapping.js';
import { parseRawRecords, type RawRecord } from './parse-raw-records.js';
import { decodeS3EventKey } from './s3-event-key.js';
import { describeIssues, sourceRecordSchema, unnestedFields } from './source-schema.js';
import { keyCandidate, keyedTable, TransactionKeyIndex, type KeyCandidate } from './transaction-keys.js';
import { writeParquet } from './write-parquet.js';

/** A structured log line; the Lambda prints it as JSON, tests collect it. */
export type LogEntry = Readonly<Record<string, unknown>> & { readonly level: 'info' | 'warn' | 'error'; readonly msg: string };

export interface IngestHandlerDeps {
  readonly store: ObjectStore;
  readonly manifest: Manifest;
  readonly clock?: () => Date;
  readonly log?: (entry: LogEntry) => void;
  /** The source whose records arrive in `incoming/`. @default "pos.transactions" */
  readonly sourceName?: string;
}

export type ObjectOutcome = 'landed' | 'duplicate' | 'ignored';

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
}

export interface Rejection {
  readonly line: number;
  readonly reason: string;
  readonly original: string;
}

/** Ledger entries live beside the tables (the Lambda may write only `tables/` and `rejected/`). */
export const LEDGER_DIR = '_ledger/';
/** Streaming files carry this prefix in their partition folder; batch files carry `batch-`. */
export const STREAM_FILE_PREFIX = 'stream-';

/**
 * The ingest Lambda's logic, independent of where it runs: for every S3 record, read the object,
 * validate each transaction with the schema built from the source declaration, map it with the
 * manifest's declared mapping (the same one the SQL engines run), and write one Parquet file per
 * table and partition under a name derived from the object's key and ETag — so a re-delivered
 * event rewrites the same files instead of adding rows. Bad records go to `rejected/` with their
 * reason while the good ones land. Throws only on storage errors, so that Lambda retries.
 */
export function createIngestHandler(deps: IngestHandlerDeps): (event: S3Event) => Promise<ObjectReport[]> {
  const { store, manifest } = deps;
  const clock = deps.clock ?? (() => new Date());
  const log = deps.log ?? (() => {});
  const sourceName = deps.sourceName ?? 'pos.transactions';
  const source = manifest.models.find((m): m is SourceEntry => m.kind === 'source' && `${m.sourceName}.${m.sourceTable}` === sourceName);
  if (!source) throw new Error(`the manifest has no source ${sourceName}; run \`npm run build:models\``);
  const tables = manifest.models.filter((m): m is TableEntry => m.kind === 'table' && m.mapping.source === sourceName);
  const schema = sourceRecordSchema(source, unnestedFields(tables.map((t) => t.mapping)));
  const rowChecks = tables.map((t) => ({ table: t, checks: t.tests.filter(isRowLevel) }));
  const { incoming, tables: tablesPrefix, rejected: rejectedPrefix } = manifest.prefixes;
  // Key semantics (first landed wins): see transaction-keys.ts.
  const keyed = keyedTable(tables);
  const keyIndex = keyed ? new TransactionKeyIndex(store, tablesPrefix, keyed, clock) : undefined;

  async function handleRecord(record: S3EventRecord): Promise<ObjectReport> {
    const key = decodeS3EventKey(record.s3.object.key);
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
      if (e instanceof ObjectNotFoundError || (e as Error).name === 'InvalidObjectKeyError') {
        log({ level: 'warn', msg: 'ignored: object cannot be read', key, reason: (e as Error).message });
        return { ...base, outcome: 'ignored' };
      }
      throw e;
    }
    const identity = createHash('sha256').update(`${key}\u0000${object.etag}`).digest('hex').slice(0, 32);
    const ledgerKey = `${tablesPrefix}${LEDGER_DIR}${identity}.json`;
    if (await store.head(ledgerKey)) {
      log({ level: 'info', msg: 'duplicate delivery: already landed', key, etag: object.etag });
      return { ...base, outcome: 'duplicate' };
    }

    const { records, fileError } = parseRawRecords(object.body);
    const rejections: Rejection[] = fileError ? [{ line: 0, reason: fileError, original: Buffer.from(object.body).toString('base64') }] : [];
    const rows = new Map<TableEntry, Record<string, MappedValue>[]>(tables.map((t) => [t, []]));
    let landed = 0;
    const accepted: { record: RawRecord; rows: Map<TableEntry, Record<string, MappedValue>[]> }[] = [];
    for (const r of records) {
      const result = mapRecord(r);
      if ('reason' in result) rejections.push(result);
      else accepted.push({ record: r, rows: result.rows });
    }
    const admission = keyIndex ? await admitKeys(keyIndex, identity, accepted) : undefined;
    for (const [i, a] of accepted.entries()) {
      const duplicate = admission?.duplicates.get(i);
      if (duplicate !== undefined) rejections.push(rejection(a.record, duplicate));
      else {
        landed++;
        for (const [t, rs] of a.rows) for (const row of rs) rows.get(t)!.push(row);
      }
    }

    const written: string[] = [];
    for (const [t, tableRows] of rows) {
      for (const [partition, partRows] of groupByPartition(t, tableRows)) {
        const fileKey = `${t.location}${partition}${STREAM_FILE_PREFIX}${identity}.parquet`;
        await store.put(fileKey, writeParquet(t.columns, partRows, t.compression));
        written.push(fileKey);
      }
    }
    // The key files are the index, not output: `written` keeps listing data, rejection and ledger keys.
    if (keyIndex && admission) await keyIndex.record(identity, key, admission.landed);
    const eventTime = Date.parse(record.eventTime);
    if (rejections.length > 0) {
      const day = (Number.isNaN(eventTime) ? clock() : new Date(eventTime)).toISOString().slice(0, 10);
      const rejectedKey = `${rejectedPrefix}${day}/${identity}.json`;
      const body = { source: { bucket: record.s3.bucket.name, key, etag: object.etag }, rejectedAt: clock().toISOString(), rejected: rejections };
      await store.put(rejectedKey, `${JSON.stringify(body, null, 2)}\n`, { contentType: 'application/json' });
      written.push(rejectedKey);
    }
    // Last: a crash before this line means the next delivery redoes the work under the same names.
    await store.put(ledgerKey, JSON.stringify({ key, etag: object.etag, landedAt: clock().toISOString(), landed, rejected: rejections.length, files: written }));
    const delayMs = Number.isNaN(eventTime) ? undefined : clock().getTime() - eventTime;
    const report = { key, outcome: 'landed' as const, recordsIn: records.length || (fileError ? 1 : 0), landed, rejected: rejections.length, written, ...(delayMs !== undefined ? { delayMs } : {}) };
    log({ level: rejections.length > 0 ? 'warn' : 'info', msg: 'landed', key, etag: object.etag, landed, rejected: rejections.length, files: written.length, delayMs, reasons: rejections.slice(0, 5).map((r) => r.reason) });
    return report;
  }

  function mapRecord(r: RawRecord): { rows: Map<TableEntry, Record<string, MappedValue>[]> } | Rejection {
    if (r.error) return rejection(r, r.error);
    const parsed = schema.safeParse(r.value);
    if (!parsed.success) return rejection(r, describeIssues(parsed.error));
    const out = new Map<TableEntry, Record<string, MappedValue>[]>();
    for (const { table, checks } of rowChecks) {
      let mapped;
      try {
        mapped = evaluateMapping(table.mapping, parsed.data);
      } catch (e) {
        if (e instanceof CastError) return rejection(r, e.message);
        throw e;
      }
      for (const row of mapped) {
        for (const check of checks) {
          const problem = failsCheck(check, row);
          if (problem) return rejection(r, `${table.name}.${problem}`);
        }
      }
      out.set(table, mapped);
    }
    return { rows: out };
  }

  return async (event: S3Event) => {
    keyIndex?.startInvocation();
    const reports: ObjectReport[] = [];
    for (const record of event.Records ?? []) reports.push(await handleRecord(record));
    return reports;
  };
}

/** The records' keys, checked against the index and each other (the single call into transaction-keys). */
function admitKeys(index: TransactionKeyIndex, identity: string, accepted: readonly { record: RawRecord; rows: ReadonlyMap<TableEntry, readonly Readonly<Record<string, MappedValue>>[]> }[]) {
  const candidates: KeyCandidate[] = [];
  const positions: number[] = [];
  for (const [i, a] of accepted.entries()) {
    const c = keyCandidate(index.keyed, a.record.line, a.rows);
    if (c) {
      candidates.push(c);
      positions.push(i);
    }
  }
  return index.admit(identity, candidates).then((r) => ({ landed: r.landed, duplicates: new Map([...r.duplicates].map(([j, reason]) => [positions[j]!, reason])) }));
}

function rejection(r: RawRecord, reason: string): Rejection {
  return { line: r.line, reason, original: r.text };
}

/** Row-level data tests are enforced at the door; set-level ones (unique, relationship) run as data tests. */
function isRowLevel(t: DataTest): t is Extract<DataTest, { kind: 'not_null' | 'accepted_range' }> {
  return t.kind === 'not_null' || t.kind === 'accepted_range';
}

function failsCheck(t: Extract<DataTest, { kind: 'not_null' | 'accepted_range' }>, row: Readonly<Record<string, MappedValue>>): string | undefined {
  const v = row[t.column];
  if (t.kind === 'not_null') return v === null || v === undefined ? `${t.column} must not be null` : undefined;
  if (v === null || v === undefined) return undefined;
  const n = Number(v);
  if (t.min !== undefined && n < t.min) return `${t.column} must be ≥ ${t.min}, got ${String(v)}`;
  if (t.max !== undefined && n > t.max) return `${t.column} must be ≤ ${t.max}, got ${String(v)}`;
  return undefined;
}

/** `dt=2024-04-10/` → rows; the partition values go into the path, not the file. */
function groupByPartition(t: TableEntry, rows: readonly Record<string, MappedValue>[]): Map<string, Record<string, MappedValue>[]> {
  const groups = new Map<string, Record<string, MappedValue>[]>();
  const names = t.partitionedBy.map((c: Column) => c.name);
  for (const row of rows) {
    let path = '';
    for (const name of names) path += `${name}=${String(row[name])}/`;
    let g = groups.get(path);
    if (!g) groups.set(path, (g = []));
    g.push(row);
  }
  return groups;
}
