import { ByteWriter } from 'hyparquet-writer';
import { writeColumn } from 'hyparquet-writer/src/column.js';
import { writePageHeader } from 'hyparquet-writer/src/datapage.js';
import { snappyCompress as hyparquetSnappy } from 'hyparquet-writer/src/snappy.js';
import { PageBuffer } from './page-buffer.js';
import { snappyCompress } from './snappy-compress.js';

// hyparquet-writer's own copy of hyparquet's types (it may pin another hyparquet than ours).
type Written = ReturnType<typeof writeColumn>;
export type SchemaElement = Parameters<typeof writeColumn>[0]['column']['element'];
type Encoding = NonNullable<Parameters<typeof writeColumn>[0]['column']['encoding']>;

/** A column's values in physical form: strings (UTF8), numbers (INT32, DOUBLE, INT64 as epoch ms or integers), bigints (decimals), booleans. */
export type PhysicalValue = string | number | bigint | boolean | null;

/** What hyparquet-writer's `writeColumn` returns, so that both paths feed the same footer. */
export interface EncodedChunk {
  readonly chunk: Written['chunk'];
  readonly offsetIndex?: Written['offsetIndex'];
  readonly columnIndex?: Written['columnIndex'];
}

/** hyparquet-writer's default page size: a column chunk at least this large may span pages. */
const PAGE_SIZE = 1_048_576;

/**
 * Encodes one flat OPTIONAL column chunk (one row group's values of one column) into `writer`,
 * byte for byte as hyparquet-writer's `writeColumn` would (same dictionary decision, encodings,
 * statistics, page headers and Snappy pages), but without its per-value intermediate arrays:
 * strings are UTF-8-encoded straight into one page buffer (no `Uint8Array` per value), INT64
 * values are written from numbers (no `BigInt` per value), statistics are computed in the same pass
 * (over the dictionary when there is one). Anything outside that fast path — a chunk that may span
 * pages, a boolean column, a value of an unexpected type — goes to hyparquet-writer itself, which
 * also words the errors.
 */
export function encodeColumnChunk(writer: ByteWriter, root: SchemaElement, element: SchemaElement, values: readonly PhysicalValue[]): EncodedChunk {
  const type = element.type!;
  const scan = scanColumn(values, type, false);
  if (scan === undefined || scan.estimatedBytes >= PAGE_SIZE || (values.length - scan.nulls) * 4 >= PAGE_SIZE)
    return viaHyparquet(writer, root, element, values);
  const offsetStart = writer.offset;
  const nonNull = values.length - scan.nulls;
  const dictionary = chooseDictionary(values, type, nonNull);
  let uncompressed = 0;
  let dictionaryPageOffset: bigint | undefined;
  const encodings: Encoding[] = [];
  const page = scratch.reset();
  let encoding: Encoding;
  if (dictionary) {
    dictionaryPageOffset = BigInt(writer.offset);
    writePlainValues(page, dictionary.values, type);
    const dictionaryBytes = page.bytes();
    const compressed = snappyCompress(dictionaryBytes);
    const headerStart = writer.offset;
    writePageHeader(writer, {
      type: 'DICTIONARY_PAGE',
      uncompressed_page_size: dictionaryBytes.byteLength,
      compressed_page_size: compressed.byteLength,
      dictionary_page_header: { num_values: dictionary.values.length, encoding: 'PLAIN' },
    });
    uncompressed += writer.offset - headerStart + dictionaryBytes.byteLength;
    writer.appendBytes(compressed);
    encodings.push('PLAIN');
    encoding = 'RLE_DICTIONARY';
    page.reset();
    let max = 0;
    for (let i = 0; i < dictionary.indexes.length; i++) if (dictionary.indexes[i]! > max) max = dictionary.indexes[i]!;
    const bitWidth = Math.ceil(Math.log2(max + 1));
    page.byte(bitWidth);
    page.rleBitPacked(dictionary.indexes, bitWidth);
  } else {
    encoding = 'PLAIN';
    page.reset();
    const bounds = writePlainValues(page, values, type);
    if (type === 'BYTE_ARRAY') [scan.min, scan.max] = bounds;
  }
  encodings.push(encoding);

  // Definition levels (1 present, 0 null) into their own scratch buffer, as the same RLE / bit-packed hybrid.
  const levels = levelScratch.reset();
  levels.rleBitPacked(definitionLevels(values, scan.nulls), 1);
  const levelBytes = levels.bytes();
  const pageBytes = page.bytes();
  const compressed = snappyCompress(pageBytes);
  const dataPageOffset = BigInt(writer.offset);
  const headerStart = writer.offset;
  writePageHeader(writer, {
    type: 'DATA_PAGE_V2',
    uncompressed_page_size: levelBytes.byteLength + pageBytes.byteLength,
    compressed_page_size: levelBytes.byteLength + compressed.byteLength,
    data_page_header_v2: {
      num_values: values.length,
      num_nulls: scan.nulls,
      num_rows: values.length,
      encoding,
      definition_levels_byte_length: levelBytes.byteLength,
      repetition_levels_byte_length: 0,
      is_compressed: true,
    },
  });
  uncompressed += writer.offset - headerStart + levelBytes.byteLength + pageBytes.byteLength;
  writer.appendBytes(levelBytes);
  writer.appendBytes(compressed);

  const stats = dictionary ? scanColumn(dictionary.values, type, true)! : scan;
  const float = type === 'DOUBLE' || type === 'FLOAT';
  let min = stats.min;
  let max = stats.max;
  // As hyparquet-writer's statistics: signed zero normalized, INT64 bounds as bigint.
  if (min === 0) min = -0;
  if (max === 0) max = 0;
  if (type === 'INT64' && min !== undefined) min = BigInt(min as number);
  if (type === 'INT64' && max !== undefined) max = BigInt(max as number);
  return {
    chunk: {
      meta_data: {
        type,
        encodings,
        path_in_schema: [element.name],
        codec: 'SNAPPY',
        num_values: BigInt(values.length),
        total_compressed_size: BigInt(writer.offset - offsetStart),
        total_uncompressed_size: BigInt(uncompressed),
        data_page_offset: dataPageOffset,
        dictionary_page_offset: dictionaryPageOffset,
        statistics: {
          min_value: min as never,
          max_value: max as never,
          null_count: BigInt(scan.nulls),
          ...(float ? { nan_count: BigInt(scan.nans) } : { nan_count: undefined }),
        } as never,
        encoding_stats: [
          ...(dictionary ? [{ page_type: 'DICTIONARY_PAGE' as const, encoding: 'PLAIN' as const, count: 1 }] : []),
          { page_type: 'DATA_PAGE_V2', encoding, count: 1 },
        ],
      },
      file_offset: BigInt(offsetStart),
    },
  };
}

interface Scan {
  nulls: number;
  nans: number;
  min: PhysicalValue | undefined;
  max: PhysicalValue | undefined;
  /** hyparquet-writer's page-size estimate of the PLAIN values (a string counts its length in UTF-16 units). */
  estimatedBytes: number;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Nulls, NaNs, bounds and size in one pass; undefined when a value is not of the fast path's types.
 * Strings get bounds (in UTF-8 byte order) only with `stringBounds`: a PLAIN chunk's are taken
 * while its strings are encoded, where telling ASCII apart costs nothing.
 */
function scanColumn(values: readonly PhysicalValue[], type: SchemaElement['type'], withStringBounds: boolean): Scan | undefined {
  let nulls = 0;
  let nans = 0;
  let min: PhysicalValue | undefined;
  let max: PhysicalValue | undefined;
  let length = 0;
  let plainOrder = true;
  const expected = type === 'BYTE_ARRAY' ? 'string' : type === 'INT32' || type === 'DOUBLE' ? 'number' : type === 'INT64' ? 'int64' : undefined;
  if (expected === undefined) return undefined;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === null) {
      nulls++;
      continue;
    }
    if (expected === 'string') {
      if (typeof v !== 'string') return undefined;
      length += v.length;
      if (!withStringBounds) continue;
      // JS order is UTF-16 order, which differs from UTF-8 (code point) order only around surrogates.
      if (plainOrder && hasSurrogate(v)) plainOrder = false;
    } else if (expected === 'number') {
      if (typeof v !== 'number') return undefined;
      if (type === 'INT32' && !(Number.isSafeInteger(v) && v >= -2147483648 && v <= 2147483647)) return undefined;
      if (Number.isNaN(v)) {
        nans++;
        continue;
      }
    } else if (!(typeof v === 'bigint' ? v >= INT64_MIN && v <= INT64_MAX : Number.isSafeInteger(v))) return undefined;
    if (min === undefined || v < min!) min = v;
    if (max === undefined || v > max!) max = v;
  }
  const size = type === 'BYTE_ARRAY' ? length : (values.length - nulls) * (type === 'INT32' ? 4 : 8);
  if (!plainOrder) [min, max] = stringBounds(values as readonly (string | null)[]);
  return { nulls, nans, min, max, estimatedBytes: size };
}

function hasSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return true;
  }
  return false;
}

/** Bounds in code point order, lone surrogates as U+FFFD (as TextEncoder writes them): the rare path. */
function stringBounds(values: readonly (string | null)[]): [string | undefined, string | undefined] {
  const points = (s: string) =>
    Array.from(s, (ch) => {
      const c = ch.codePointAt(0)!;
      return c >= 0xd800 && c <= 0xdfff ? 0xfffd : c;
    });
  const compare = (a: string, b: string) => {
    const x = points(a);
    const y = points(b);
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
    return x.length - y.length;
  };
  let min: string | undefined;
  let max: string | undefined;
  for (const v of values) {
    if (v === null) continue;
    if (min === undefined || compare(v, min) < 0) min = v;
    if (max === undefined || compare(v, max) > 0) max = v;
  }
  return [min, max];
}

/**
 * hyparquet-writer's dictionary decision (dictionary.js `useDictionary`), kept identical so that
 * the files are: a sample spread over the chunk rejects columns of mostly distinct values, and a
 * built dictionary is kept only when it and its indexes take at most half the PLAIN bytes.
 */
function chooseDictionary(
  values: readonly PhysicalValue[],
  type: SchemaElement['type'],
  nonNull: number,
): { values: PhysicalValue[]; indexes: Int32Array } | undefined {
  const prefix = type === 'BYTE_ARRAY' ? 4 : 0;
  const sampleSize = Math.min(values.length, 1000);
  const sampled = new Map<PhysicalValue, number>();
  let sampleDistinct = 0;
  let sampleTotal = 0;
  for (let i = 0; i < sampleSize; i++) {
    const v = values[sampleSize === 1 ? 0 : Math.floor((i * (values.length - 1)) / (sampleSize - 1))]!;
    let size = sampled.get(v);
    if (size === undefined) {
      size = v === null ? 0 : sizeOf(v, type) + prefix;
      sampled.set(v, size);
      sampleDistinct += size;
    }
    sampleTotal += size;
  }
  if (!sampleTotal || sampleDistinct / sampleTotal > 0.9) return undefined;
  const dictionary: PhysicalValue[] = [];
  const indexes = new Int32Array(nonNull);
  const position = new Map<PhysicalValue, number>();
  let total = 0;
  let distinct = 0;
  let n = 0;
  // Values come in runs (an item row repeats its transaction's id, store and datetime): a value
  // equal to the one before has its index without a lookup (=== agrees with the map's SameValueZero
  // wherever it says equal).
  let previous: PhysicalValue = null;
  let index = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === null) continue;
    const size = sizeOf(v, type);
    total += size;
    if (v !== previous || n === 0) {
      let found = position.get(v);
      if (found === undefined) {
        distinct += size;
        found = dictionary.length;
        dictionary.push(v);
        position.set(v, found);
      }
      index = found;
      previous = v;
    }
    indexes[n++] = index;
  }
  const bitWidth = Math.ceil(Math.log2(dictionary.length));
  const indexSize = Math.ceil((nonNull * bitWidth) / 8);
  if (2 * (distinct + dictionary.length * prefix + indexSize) > total + nonNull * prefix) return undefined;
  return { values: dictionary, indexes };
}

/** hyparquet-writer's size estimate of a value (`estimateValueSize`: a string counts its UTF-16 length). */
function sizeOf(v: PhysicalValue, type: SchemaElement['type']): number {
  return v === null ? 0 : type === 'BYTE_ARRAY' ? (v as string).length : type === 'INT32' ? 4 : 8;
}

/**
 * PLAIN encoding of the non-null values (their types were checked by {@link scanColumn}); for
 * strings, also their bounds in UTF-8 byte order (JS order when every string is ASCII).
 */
function writePlainValues(page: PageBuffer, values: readonly PhysicalValue[], type: SchemaElement['type']): [string | undefined, string | undefined] {
  if (type === 'BYTE_ARRAY') {
    let min: string | undefined;
    let max: string | undefined;
    let ascii = true;
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as string | null;
      if (v === null) continue;
      if (!page.string(v)) ascii = false;
      if (min === undefined || v < min) min = v;
      if (max === undefined || v > max) max = v;
    }
    return ascii ? [min, max] : stringBounds(values as readonly (string | null)[]);
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === null) continue;
    if (type === 'INT32') page.int32(v as number);
    else if (type === 'DOUBLE') page.float64(v as number);
    else page.int64(v as number | bigint);
  }
  return [undefined, undefined];
}

/** The chunks this path does not take: hyparquet-writer's own column writer, from the same physical values. */
function viaHyparquet(writer: ByteWriter, root: SchemaElement, element: SchemaElement, values: readonly PhysicalValue[]): EncodedChunk {
  const physical = element.type === 'INT64' ? values.map((v) => (typeof v === 'number' ? BigInt(v) : v)) : values;
  const definitionLevels = values.map((v) => (v === null ? 0 : 1));
  return writeColumn({
    writer,
    column: {
      columnName: element.name,
      element,
      schemaPath: [root, element],
      codec: 'SNAPPY',
      compressors: { SNAPPY: hyparquetSnappy },
      stats: true,
      pageSize: PAGE_SIZE,
      columnIndex: false,
      offsetIndex: true,
    },
    pageData: { values: physical as never, definitionLevels, repetitionLevels: [], maxDefinitionLevel: 1 },
  }) as EncodedChunk;
}

let allOnes = new Uint8Array(0);
let someNulls = new Uint8Array(0);

/** The definition levels of a column: a view on one shared array of ones without nulls, else on a reused array. */
function definitionLevels(values: readonly PhysicalValue[], nulls: number): Uint8Array {
  const n = values.length;
  if (nulls === 0) {
    if (allOnes.length < n) allOnes = new Uint8Array(Math.max(n, allOnes.length * 2)).fill(1);
    return allOnes.subarray(0, n);
  }
  if (someNulls.length < n) someNulls = new Uint8Array(Math.max(n, someNulls.length * 2));
  for (let i = 0; i < n; i++) someNulls[i] = values[i] === null ? 0 : 1;
  return someNulls.subarray(0, n);
}

const scratch = new PageBuffer();
const levelScratch = new PageBuffer();
