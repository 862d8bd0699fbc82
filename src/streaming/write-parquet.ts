import { parquetWriteBuffer } from 'hyparquet-writer';
import type { SqlType } from '../compiler/sql-type.js';
import type { Column } from '../manifest/manifest.js';
import { assertUnreachable } from '../util/assert-unreachable.js';
import type { MappedValue } from './evaluate-mapping.js';

type SchemaElement = NonNullable<Parameters<typeof parquetWriteBuffer>[0]['schema']>[number];

/**
 * Writes rows as one Parquet file with the physical types the batch job writes, so that a row
 * arriving by the stream and the same row arriving by the backfill read back identically:
 * strings UTF8, timestamps INT64 TIMESTAMP(MILLIS, not adjusted to UTC), decimals INT64 DECIMAL.
 * Pure JS (hyparquet-writer): no native module to ship in the Lambda bundle.
 */
export function writeParquet(
  columns: readonly Column[],
  rows: readonly Readonly<Record<string, MappedValue>>[],
  compression: 'snappy' | 'zstd' | 'gzip' = 'snappy',
): Uint8Array {
  if (compression !== 'snappy') throw new Error(`the streaming writer supports snappy only, not ${compression}`);
  const buffer = parquetWriteBuffer({ columnData: parquetColumnData(columns, rows), schema: parquetSchema(columns), codec: 'SNAPPY', rowGroupSize: 100_000 });
  return new Uint8Array(buffer);
}

/** The Parquet schema {@link writeParquet} writes (exported for writers that add row groups one at a time). */
export function parquetSchema(columns: readonly Column[]): SchemaElement[] {
  return [{ name: 'schema', num_children: columns.length }, ...columns.map((c) => schemaElement(c.name, c.type))];
}

/** Rows as the column-major physical values {@link writeParquet} writes. */
export function parquetColumnData(columns: readonly Column[], rows: readonly Readonly<Record<string, MappedValue>>[]): { name: string; data: MappedValue[] }[] {
  return columns.map((c) => ({ name: c.name, data: rows.map((r) => toPhysical(r[c.name] ?? null, c.type)) }));
}

function schemaElement(name: string, t: SqlType): SchemaElement {
  const optional = { name, repetition_type: 'OPTIONAL' as const };
  switch (t.kind) {
    case 'varchar':
      return { ...optional, type: 'BYTE_ARRAY', converted_type: 'UTF8' };
    case 'integer':
      return { ...optional, type: 'INT32', converted_type: 'INT_32' };
    case 'bigint':
      return { ...optional, type: 'INT64', converted_type: 'INT_64' };
    case 'double':
      return { ...optional, type: 'DOUBLE' };
    case 'boolean':
      return { ...optional, type: 'BOOLEAN' };
    case 'date':
      return { ...optional, type: 'INT32', converted_type: 'DATE' };
    case 'timestamp':
      return { ...optional, type: 'INT64', converted_type: 'TIMESTAMP_MILLIS', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'MILLIS' } };
    case 'decimal':
      if (t.precision > 18) throw new Error(`decimal(${t.precision}, ${t.scale}) is wider than INT64; the streaming writer supports precision ≤ 18`);
      return {
        ...optional,
        type: 'INT64',
        converted_type: 'DECIMAL',
        scale: t.scale,
        precision: t.precision,
        logical_type: { type: 'DECIMAL', scale: t.scale, precision: t.precision },
      };
    case 'tinyint':
    case 'smallint':
    case 'real':
    case 'char':
    case 'varbinary':
      throw new Error(`column type ${t.kind} is not supported by the streaming writer (${name})`);
    case 'array':
    case 'map':
    case 'struct':
      throw new Error(`nested column types are not supported by the streaming writer (${name})`);
    default:
      return assertUnreachable(t);
  }
}

function toPhysical(v: MappedValue, t: SqlType): MappedValue {
  if (v === null) return null;
  switch (t.kind) {
    case 'bigint':
      return BigInt(v as number);
    case 'timestamp':
      return BigInt(v as number);
    case 'date':
      return epochDay(v as string);
    default:
      return v;
  }
}

/** Days repeat (one partition, a few days per file): memoized, like the mapping's day strings. */
const epochDays = new Map<string, number>();

export function epochDay(day: string): number {
  let n = epochDays.get(day);
  if (n === undefined) {
    n = Math.floor(Date.parse(`${day}T00:00:00Z`) / 86_400_000);
    if (epochDays.size >= 4096) epochDays.clear();
    epochDays.set(day, n);
  }
  return n;
}
