import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import type { Column } from '../../src/manifest/manifest.js';
import type { MappedValue } from '../../src/streaming/evaluate-mapping.js';
import { ParquetChunkWriter } from '../../src/streaming/parquet-chunk-writer.js';
import { parquetColumnData, parquetSchema } from '../../src/streaming/write-parquet.js';

type Row = Record<string, MappedValue>;

/** The reference: hyparquet-writer's own ParquetWriter, one row group per chunk of rows (what the writer did before its column encoder). */
function reference(columns: readonly Column[], rows: readonly Row[], chunkRows: number): Uint8Array {
  const bytes = new ByteWriter();
  const writer = new ParquetWriter({ writer: bytes, schema: parquetSchema(columns), codec: 'SNAPPY' });
  for (let i = 0; i < rows.length; i += chunkRows) {
    const chunk = rows.slice(i, i + chunkRows);
    void writer.write({ columnData: parquetColumnData(columns, chunk), rowGroupSize: chunk.length });
  }
  writer.finish();
  return new Uint8Array(bytes.getBuffer());
}

function written(columns: readonly Column[], rows: readonly Row[], chunkRows: number): Uint8Array {
  const writer = new ParquetChunkWriter(columns, 'snappy', chunkRows);
  for (const row of rows) writer.add(row);
  return writer.finish();
}

const ALL_TYPES: Column[] = [
  { name: 'id', type: { kind: 'varchar' } },
  { name: 'store', type: { kind: 'varchar' } },
  { name: 'quantity', type: { kind: 'integer' } },
  { name: 'big', type: { kind: 'bigint' } },
  { name: 'ratio', type: { kind: 'double' } },
  { name: 'day', type: { kind: 'date' } },
  { name: 'at', type: { kind: 'timestamp' } },
  { name: 'price', type: { kind: 'decimal', precision: 10, scale: 2 } },
  { name: 'flag', type: { kind: 'boolean' } },
  { name: 'constant', type: { kind: 'varchar' } },
];

/** Rows with every case the encoder branches on: high-, low- and one-value strings, nulls, non-ASCII and astral text, NaN and signed zeros, negative INT64. */
function rows(n: number): Row[] {
  const stores = ['STORE0001', 'STORE0002', 'Märkte 3', '店舗 4', 'emoji 😀', '\uE000 private', '\uD800 lone'];
  return Array.from({ length: n }, (_, i) => ({
    id: i % 97 === 0 ? null : `TX${String(i).padStart(9, '0')}${i % 13 === 0 ? '😀' : ''}`,
    store: i % 31 === 0 ? null : stores[i % stores.length]!,
    quantity: i % 17 === 0 ? null : (i % 4) + 1 - (i % 50 === 0 ? 2_000_000_000 : 0),
    big: i % 23 === 0 ? null : i * 1_000_003 - 5_000_000_000,
    ratio: i % 29 === 0 ? Number.NaN : i % 37 === 0 ? -0 : i % 19 === 0 ? null : i / 7,
    day: i % 41 === 0 ? null : `2024-04-${String(1 + (i % 28)).padStart(2, '0')}`,
    at: i % 43 === 0 ? null : 1_712_700_000_000 + Math.floor(i / 3) * 1000 - (i % 11 === 0 ? 3_000_000_000_000 : 0),
    price: i % 47 === 0 ? null : BigInt(i * 137 - 10_000),
    flag: i % 53 === 0 ? null : i % 3 === 0,
    // One distinct value: a dictionary whose indexes take 0 bits.
    constant: 'X',
  }));
}

describe('ParquetChunkWriter writes what hyparquet-writer writes, byte for byte', () => {
  it.each([
    ['one small row group', 5, 20_000],
    ['a sample-sized chunk', 1_000, 20_000],
    ['several row groups, the last one short', 2_500, 1_000],
    ['one row', 1, 20_000],
  ])('every column type: %s', (_, n, chunkRows) => {
    const data = rows(n);
    expect(Buffer.from(written(ALL_TYPES, data, chunkRows)).equals(Buffer.from(reference(ALL_TYPES, data, chunkRows)))).toBe(true);
  });

  it('columns of nulls only, and a chunk large enough to span pages (hyparquet-writer writes those)', () => {
    const columns: Column[] = [
      { name: 'nothing', type: { kind: 'varchar' } },
      { name: 'long', type: { kind: 'varchar' } },
      { name: 'n', type: { kind: 'bigint' } },
    ];
    const data = Array.from({ length: 3_000 }, (_, i) => ({ nothing: null, long: `${'x'.repeat(500)}${i}`, n: i }));
    expect(Buffer.from(written(columns, data, 20_000)).equals(Buffer.from(reference(columns, data, 20_000)))).toBe(true);
  });

  it('a value of the wrong type fails as hyparquet-writer fails', () => {
    const columns: Column[] = [{ name: 's', type: { kind: 'varchar' } }];
    expect(() => written(columns, [{ s: 12 }], 10)).toThrow(/expected Uint8Array/);
  });
});
