import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import type { TableEntry } from '../manifest/manifest.js';
import type { ObjectInfo, ObjectStore } from '../storage/object-store.js';
import type { MappedValue } from '../streaming/evaluate-mapping.js';
import { parquetColumnData, parquetSchema } from '../streaming/write-parquet.js';
import type { KeyArbiter } from './key-arbiter.js';

// Merging small Parquet files into one, within a bounded memory: binning, batched reads, streamed row groups.

export const MiB = 1024 * 1024;
/** Small files are latency-bound to read (S3 GETs especially): read this many at once, in key order… */
export const READ_CONCURRENCY = 32;
/** …but never more than this many bytes of input Parquet at once. */
const READ_BATCH_BYTES = 32 * MiB;
/** Rows decoded and held at once by a merge: one row group of the output file. */
const MERGE_ROW_GROUP = 100_000;

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
/**
 * Merges `files` into one Parquet file without ever holding more than one output row group of
 * decoded rows ({@link MERGE_ROW_GROUP}) plus one read batch of input bytes ({@link READ_BATCH_BYTES}):
 * inputs are decoded row group by row group and appended to the output as they come. The output's
 * compressed bytes stay in memory until the single PUT (at most about the target size).
 */
export async function mergeFiles(
  store: ObjectStore,
  t: TableEntry,
  files: readonly ObjectInfo[],
  keepAlive: () => Promise<void>,
  arbiter?: KeyArbiter,
): Promise<{ bytes: Uint8Array; rows: number; dropped: number }> {
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
