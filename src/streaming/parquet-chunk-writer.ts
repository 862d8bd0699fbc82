import { ByteWriter } from 'hyparquet-writer';
import { writeIndexes } from 'hyparquet-writer/src/indexes.js';
import { writeMetadata } from 'hyparquet-writer/src/metadata.js';
import type { SqlType } from '../compiler/sql-type.js';
import type { Column } from '../manifest/manifest.js';
import { encodeColumnChunk, type EncodedChunk, type PhysicalValue, type SchemaElement } from './encode-column-chunk.js';

type FileMetaData = Parameters<typeof writeMetadata>[1];
type RowGroup = FileMetaData['row_groups'][number];
import type { MappedValue } from './evaluate-mapping.js';
import { epochDay, parquetSchema } from './write-parquet.js';

/** "PAR1", Parquet's leading and trailing magic. */
const MAGIC = 0x31524150;

/**
 * The same file as `writeParquet` (hyparquet-writer's, byte for byte), written one row group at a
 * time: values are added straight into column arrays in their physical form (a date as its epoch
 * day; a timestamp or bigint stays a number until it is encoded), and every `chunkRows` rows are
 * encoded as a row group by {@link encodeColumnChunk}, keeping only the encoded (compressed)
 * bytes — memory per object stays bounded by the chunk size plus the Parquet output.
 */
export class ParquetChunkWriter {
  private readonly writer = new ByteWriter();
  private readonly schema: SchemaElement[];
  private readonly kinds: readonly SqlType['kind'][];
  private readonly dates: readonly boolean[];
  private readonly names: readonly string[];
  private pending: PhysicalValue[][];
  private pendingRows = 0;
  private readonly rowGroups: RowGroup[] = [];
  private readonly indexes: EncodedChunk[] = [];
  /** Rows added so far (encoded or pending). */
  rows = 0;

  constructor(
    private readonly columns: readonly Column[],
    compression: 'snappy' | 'zstd' | 'gzip' = 'snappy',
    private readonly chunkRows = 20_000,
  ) {
    if (compression !== 'snappy') throw new Error(`the streaming writer supports snappy only, not ${compression}`);
    this.schema = parquetSchema(columns) as SchemaElement[];
    this.kinds = columns.map((c) => c.type.kind);
    this.dates = this.kinds.map((k) => k === 'date');
    this.names = columns.map((c) => c.name);
    this.pending = columns.map(() => []);
    this.writer.appendUint32(MAGIC);
  }

  /** Adds one row; a full chunk is encoded as a row group. */
  add(row: Readonly<Record<string, MappedValue>>): void {
    const { names, pending, kinds } = this;
    for (let i = 0; i < names.length; i++) {
      const v = row[names[i]!] ?? null;
      pending[i]!.push(v !== null && kinds[i] === 'date' ? epochDay(v as string) : v);
    }
    this.rows++;
    if (++this.pendingRows >= this.chunkRows) this.flush();
  }

  /**
   * {@link add} for a row whose values are in slots (record-plan.ts), with no object or array per
   * row: column `i`'s value is `record[slots[i]]`, or for a negative slot `elements[base + ~slots[i]]`.
   */
  addSlots(record: readonly MappedValue[], elements: readonly MappedValue[], base: number, slots: readonly number[]): void {
    const { pending, dates } = this;
    for (let i = 0; i < pending.length; i++) {
      const slot = slots[i]!;
      const v = (slot >= 0 ? record[slot] : elements[base + ~slot]) ?? null;
      pending[i]!.push(v !== null && dates[i] ? epochDay(v as string) : v);
    }
    this.rows++;
    if (++this.pendingRows >= this.chunkRows) this.flush();
  }

  /** Encodes the pending rows as one row group. */
  private flush(): void {
    if (this.pendingRows === 0) return;
    const start = this.writer.offset;
    const chunks = this.pending.map((values, i) => encodeColumnChunk(this.writer, this.schema[0]!, this.schema[i + 1]!, values));
    this.indexes.push(...chunks);
    const columns = chunks.map((c) => c.chunk);
    this.rowGroups.push({
      columns,
      total_byte_size: columns.reduce((sum, c) => sum + (c.meta_data?.total_uncompressed_size ?? 0n), 0n),
      num_rows: BigInt(this.pendingRows),
      total_compressed_size: BigInt(this.writer.offset - start),
    });
    this.pending = this.columns.map(() => []);
    this.pendingRows = 0;
  }

  finish(): Uint8Array {
    this.flush();
    writeIndexes(this.writer, this.indexes as never);
    const metadata = {
      version: 2,
      created_by: 'hyparquet',
      schema: this.schema,
      num_rows: BigInt(this.rows),
      row_groups: this.rowGroups,
      key_value_metadata: undefined,
    };
    writeMetadata(this.writer, metadata as unknown as FileMetaData);
    this.writer.appendUint32(MAGIC);
    return this.writer.getBytes();
  }
}
