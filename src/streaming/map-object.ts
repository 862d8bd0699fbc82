import type { SourceEntry, TableEntry } from '../manifest/manifest.js';
import { ObjectKeyAdmission, type AdmittedKeys } from './admit-keys.js';
import { windowedFields, type DatetimeWindow } from './datetime-window.js';
import { CastError, evaluateMapping, type MappedValue } from './evaluate-mapping.js';
import type { Sinks } from './land-batch.js';
import { iterateRawRecords, type RawRecord } from './parse-raw-records.js';
import { ParquetChunkWriter } from './parquet-chunk-writer.js';
import { createRecordPlan, slotValue, type RecordValues } from './record-plan.js';
import { failsCheck, isRowLevel, partitionOf, partitionPath, rejection, windowProblem, type Rejection } from './record-checks.js';
import { describeIssues, sourceRecordPrecheck, sourceRecordSchema, unnestedFields } from './source-schema.js';
import { keyCandidate, type TransactionKeyIndex } from './transaction-keys.js';

type Sink = Sinks extends Map<string, infer S> ? S : never;
/** Per table, by position: the sink of the last row and the value of its single partition column. */
type Recent = ({ value: MappedValue | undefined; sink: Sink } | undefined)[];

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
  const plan = createRecordPlan(tables);
  /** The keyed table's id and partition slots in the plan (the key candidate of a planned record). */
  const keySlots = plan && keyIndex ? plan.keySlots(keyIndex.keyed.table, keyIndex.keyed.column, keyIndex.keyed.partition) : undefined;
  const planned = plan !== undefined && (keyIndex === undefined || keySlots !== undefined) ? plan : undefined;

  /**
   * Maps an object line by line into `sinks` (rows wait in bounded per-partition buffers, encoded
   * as row groups when full). Each record's key is admitted as it is mapped (first landed wins,
   * transaction-keys.ts), and its rows go to the writers at once; `keys` carries what the
   * invocation admitted. Duplicates are reported after the other rejections of their chunk of
   * `chunkRows` records, where the reasons have always been listed.
   */
  async function mapObject(body: Uint8Array, identity: string, key: string, window: DatetimeWindow, sinks: Sinks, keys: AdmittedKeys): Promise<MappedObject> {
    const rejections: Rejection[] = [];
    let duplicates: Rejection[] = [];
    let landed = 0;
    let recordsIn = 0;
    let accepted = 0;
    const recent: Recent = [];
    const admission = keyIndex ? new ObjectKeyAdmission(keyIndex, identity, key, keys) : undefined;
    const values = planned?.newValues();
    for (const r of iterateRawRecords(body)) {
      recordsIn++;
      const record = validRecord(r, window, rejections);
      if (record === undefined) continue;
      // The plan maps a clean record; anything else takes the general path, which words the reason.
      const fast = values !== undefined && planned!.evaluate(record, values);
      let rows: Map<TableEntry, Record<string, MappedValue>[]> | undefined;
      if (!fast) {
        const result = mapRecord(r, record);
        if ('reason' in result) {
          rejections.push(result);
          continue;
        }
        rows = result.rows;
      }
      accepted++;
      let duplicate: string | undefined;
      if (admission) {
        let id: MappedValue | undefined;
        let partition: MappedValue | undefined;
        if (fast) {
          const [idSlot, partitionSlot, perElement] = keySlots!;
          if (!perElement || values!.elementCount > 0) {
            id = slotValue(values!, planned!.elementWidth, idSlot, 0);
            partition = slotValue(values!, planned!.elementWidth, partitionSlot, 0);
          }
        } else {
          const c = keyCandidate(keyIndex!.keyed, r.line, rows!);
          id = c?.id;
          partition = c?.partitionValue;
        }
        if (id !== null && id !== undefined && partition !== null && partition !== undefined) {
          const p = String(partition);
          if (!admission.ready(p)) await admission.load(p);
          duplicate = admission.admit(r.line, String(id), p);
        }
      }
      if (duplicate !== undefined) duplicates.push(rejection(r, duplicate));
      else {
        landed++;
        if (fast) addPlanned(sinks, values!, recent);
        else addRows(sinks, rows!, recent);
      }
      if (accepted % chunkRows === 0) {
        rejections.push(...duplicates);
        duplicates = [];
        admission?.nextChunk();
      }
    }
    rejections.push(...duplicates);
    if (recordsIn === 0) rejections.push({ line: 0, reason: 'the file is empty', original: '' });
    return { rejections, landed, recordsIn, keys };
  }

  /** Per table, in `tables` order: the single partition column's name (the common case), if so. */
  const singlePartition = tables.map((t) => (t.partitionedBy.length === 1 ? t.partitionedBy[0]!.name : undefined));

  /** The sink of a table and partition, created on its first row. */
  function sinkOf(sinks: Sinks, t: TableEntry, partition: string): Sink {
    const id = `${t.name}\u0000${partition}`;
    let sink = sinks.get(id);
    if (!sink) sinks.set(id, (sink = { table: t, partition, writer: new ParquetChunkWriter(t.columns, t.compression, chunkRows) }));
    return sink;
  }

  /**
   * Rows of a table mostly fall in the partition of the row before: its sink is remembered per
   * table (`recent`, by position in `tables`), so the partition path and the sink's id are built
   * only when it changes.
   */
  function addRows(sinks: Sinks, rows: ReadonlyMap<TableEntry, readonly Record<string, MappedValue>[]>, recent: Recent): void {
    for (let k = 0; k < tables.length; k++) {
      const t = tables[k]!;
      const rs = rows.get(t);
      if (rs === undefined) continue;
      const single = singlePartition[k];
      for (let j = 0; j < rs.length; j++) {
        const row = rs[j]!;
        const last = recent[k];
        let sink: Sink;
        if (single !== undefined && last !== undefined && last.value === row[single]) sink = last.sink;
        else {
          sink = sinkOf(sinks, t, partitionOf(t, row));
          if (single !== undefined) recent[k] = { value: row[single], sink };
        }
        sink.writer.add(row);
      }
    }
  }

  const partitionScratch: MappedValue[] = [];

  /** {@link addRows} for a record the plan mapped: the rows' values straight from its slots. */
  function addPlanned(sinks: Sinks, values: RecordValues, recent: Recent): void {
    const { elementWidth } = planned!;
    for (let k = 0; k < planned!.tables.length; k++) {
      const { table: t, perElement, columns, partitions } = planned!.tables[k]!;
      const n = perElement ? values.elementCount : 1;
      for (let e = 0; e < n; e++) {
        const last = recent[k];
        let sink: Sink;
        const single = partitions.length === 1 ? slotValue(values, elementWidth, partitions[0]!, e) : undefined;
        if (partitions.length === 1 && last !== undefined && last.value === single) sink = last.sink;
        else {
          partitionScratch.length = 0;
          for (const slot of partitions) partitionScratch.push(slotValue(values, elementWidth, slot, e));
          sink = sinkOf(sinks, t, partitionPath(t, partitionScratch));
          if (partitions.length === 1) recent[k] = { value: single, sink };
        }
        sink.writer.addSlots(values.record, values.elements, e * elementWidth, columns);
      }
    }
  }

  /** The record to map, once parsed, validated and inside the datetime window; else undefined, its rejection added to `rejections`. */
  function validRecord(r: RawRecord, window: DatetimeWindow, rejections: Rejection[]): Readonly<Record<string, unknown>> | undefined {
    if (r.error) return void rejections.push(rejection(r, r.error));
    let record: Record<string, unknown>;
    if (precheck(r.value)) record = r.value as Record<string, unknown>;
    else {
      const parsed = schema.safeParse(r.value);
      if (!parsed.success) return void rejections.push(rejection(r, describeIssues(parsed.error)));
      record = parsed.data;
    }
    for (const field of windowed) {
      const problem = windowProblem(field, record[field], window);
      if (problem) return void rejections.push(rejection(r, problem));
    }
    return record;
  }

  /** The general path: each table's mapping, then its row-level tests, in order; the first failure is the reason. */
  function mapRecord(r: RawRecord, record: Readonly<Record<string, unknown>>): { rows: Map<TableEntry, Record<string, MappedValue>[]> } | Rejection {
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
