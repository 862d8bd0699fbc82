import type { SourceEntry, TableEntry } from '../manifest/manifest.js';
import { admitKeys, type AdmittedKeys } from './admit-keys.js';
import { windowedFields, type DatetimeWindow } from './datetime-window.js';
import { CastError, evaluateMapping, type MappedValue } from './evaluate-mapping.js';
import type { Sinks } from './land-batch.js';

type Sink = Sinks extends Map<string, infer S> ? S : never;
import { iterateRawRecords, type RawRecord } from './parse-raw-records.js';
import { failsCheck, isRowLevel, partitionOf, rejection, windowProblem, type Rejection } from './record-checks.js';
import { describeIssues, sourceRecordPrecheck, sourceRecordSchema, unnestedFields } from './source-schema.js';
import type { TransactionKeyIndex } from './transaction-keys.js';
import { ParquetChunkWriter } from './parquet-chunk-writer.js';

export interface ObjectMapperDeps {
  readonly source: SourceEntry;
  /** The tables the source's records map to. */
  readonly tables: readonly TableEntry[];
  readonly keyIndex: TransactionKeyIndex | undefined;
  /** Records admitted, and rows encoded, per chunk: what bounds memory on a large object. */
  readonly chunkRows: number;
}

export interface MappedObject {
  readonly rejections: Rejection[];
  readonly landed: number;
  readonly recordsIn: number;
  readonly keys: AdmittedKeys;
}

/**
 * The record path of an incoming object, shared by the one-object and the batch landings: parse,
 * validate against the schema built from the source declaration, check the datetime window, map
 * with the manifest's declared mapping, enforce the row-level data tests, admit the keys, and hand
 * the rows to the per-table, per-partition Parquet writers.
 */
export function createObjectMapper(
  deps: ObjectMapperDeps,
): (body: Uint8Array, identity: string, key: string, window: DatetimeWindow, sinks: Sinks, keys: AdmittedKeys) => Promise<MappedObject> {
  const { tables, keyIndex, chunkRows } = deps;
  const unnested = unnestedFields(tables.map((t) => t.mapping));
  const schema = sourceRecordSchema(deps.source, unnested);
  const precheck = sourceRecordPrecheck(deps.source, unnested);
  const rowChecks = tables.map((t) => ({ table: t, checks: t.tests.filter(isRowLevel) }));
  const windowed = windowedFields(tables.map((t) => t.mapping));

  /**
   * Maps an object line by line into `sinks` (rows wait in bounded per-partition buffers, encoded
   * as row groups when full). Keys are admitted a chunk of records at a time (first landed wins,
   * transaction-keys.ts), so memory stays bounded; `keys` carries what the invocation admitted.
   */
  async function mapObject(body: Uint8Array, identity: string, key: string, window: DatetimeWindow, sinks: Sinks, keys: AdmittedKeys): Promise<MappedObject> {
    const rejections: Rejection[] = [];
    let landed = 0;
    let recordsIn = 0;
    let pendingRecords: { record: RawRecord; rows: Map<TableEntry, Record<string, MappedValue>[]> }[] = [];
    const recent: ({ value: MappedValue | undefined; sink: Sink } | undefined)[] = [];
    const admitPending = async (): Promise<void> => {
      const duplicates = keyIndex ? await admitKeys(keyIndex, identity, key, pendingRecords, keys) : new Map<number, string>();
      for (const [i, a] of pendingRecords.entries()) {
        const duplicate = duplicates.get(i);
        if (duplicate !== undefined) rejections.push(rejection(a.record, duplicate));
        else {
          landed++;
          addRows(sinks, a.rows, recent);
        }
      }
      pendingRecords = [];
    };
    for (const r of iterateRawRecords(body)) {
      recordsIn++;
      const result = mapRecord(r, window);
      if ('reason' in result) {
        rejections.push(result);
        continue;
      }
      pendingRecords.push({ record: r, rows: result.rows });
      if (pendingRecords.length >= chunkRows) await admitPending();
    }
    await admitPending();
    if (recordsIn === 0) rejections.push({ line: 0, reason: 'the file is empty', original: '' });
    return { rejections, landed, recordsIn, keys };
  }

  /** Per table, in `tables` order: the single partition column's name (the common case), if so. */
  const singlePartition = tables.map((t) => (t.partitionedBy.length === 1 ? t.partitionedBy[0]!.name : undefined));

  /**
   * Rows of a table mostly fall in the partition of the row before: its sink is remembered per
   * table (`recent`, by position in `tables`), so the partition path and the sink's id are built
   * only when it changes.
   */
  function addRows(
    sinks: Sinks,
    rows: ReadonlyMap<TableEntry, readonly Record<string, MappedValue>[]>,
    recent: ({ value: MappedValue | undefined; sink: Sink } | undefined)[],
  ): void {
    for (let k = 0; k < tables.length; k++) {
      const t = tables[k]!;
      const rs = rows.get(t);
      if (rs === undefined) continue;
      const single = singlePartition[k];
      for (let j = 0; j < rs.length; j++) {
        const row = rs[j]!;
        const last = recent[k];
        let sink: Sink | undefined;
        if (single !== undefined && last !== undefined && last.value === row[single]) sink = last.sink;
        else {
          const partition = partitionOf(t, row);
          const id = `${t.name}\u0000${partition}`;
          sink = sinks.get(id);
          if (!sink) sinks.set(id, (sink = { table: t, partition, writer: new ParquetChunkWriter(t.columns, t.compression, chunkRows) }));
          if (single !== undefined) recent[k] = { value: row[single], sink };
        }
        sink.writer.add(row);
      }
    }
  }

  function mapRecord(r: RawRecord, window: DatetimeWindow): { rows: Map<TableEntry, Record<string, MappedValue>[]> } | Rejection {
    if (r.error) return rejection(r, r.error);
    let record: Record<string, unknown>;
    if (precheck(r.value)) record = r.value as Record<string, unknown>;
    else {
      const parsed = schema.safeParse(r.value);
      if (!parsed.success) return rejection(r, describeIssues(parsed.error));
      record = parsed.data;
    }
    for (const field of windowed) {
      const problem = windowProblem(field, record[field], window);
      if (problem) return rejection(r, problem);
    }
    const out = new Map<TableEntry, Record<string, MappedValue>[]>();
    for (const { table, checks } of rowChecks) {
      let mapped;
      try {
        mapped = evaluateMapping(table.mapping, record);
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

  return mapObject;
}
