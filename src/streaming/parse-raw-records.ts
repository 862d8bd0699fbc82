/** One record of an incoming file, with the line it came from (1 for a single-object file). */
export interface RawRecord {
  readonly line: number;
  /** The line as text; for a line that is not UTF-8, its bytes in base64 (see `encoding`). */
  readonly text: string;
  readonly encoding?: 'base64';
  readonly value?: unknown;
  readonly error?: string;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Up to this size, a file is also tried as one (possibly pretty-printed, multi-line) JSON object. */
export const SINGLE_OBJECT_MAX_BYTES = 1024 * 1024;

/**
 * Splits an incoming object into records, one at a time: one JSON object, or JSON Lines. The
 * bytes are cut at `\n` before decoding, so one invalid byte costs only its own line (recorded
 * with its line number and its bytes in base64) while every decodable line still lands; memory
 * is one line at a time, whatever the object's size. A pretty-printed single object is accepted
 * up to {@link SINGLE_OBJECT_MAX_BYTES}; larger objects must be JSON Lines.
 */
export function iterateRawRecords(body: Uint8Array): IterableIterator<RawRecord> {
  // A small object is decoded once, as a whole (one decoder call instead of one per line); only
  // when it is not valid UTF-8 are its lines decoded one by one, to pinpoint the bad ones.
  const text = body.byteLength <= SINGLE_OBJECT_MAX_BYTES ? decodeAll(body) : undefined;
  if (text === undefined) return byteRecords(body);
  const single = singleObject(text);
  return single ? [single].values() : textRecords(text);
}

function* byteRecords(body: Uint8Array): Generator<RawRecord> {
  let start = 0;
  let line = 0;
  while (start < body.byteLength) {
    line++;
    const nl = body.indexOf(0x0a, start);
    const end = nl < 0 ? body.byteLength : nl;
    let bytes = body.subarray(start, end);
    start = end + 1;
    if (bytes.byteLength > 0 && bytes[bytes.byteLength - 1] === 0x0d) bytes = bytes.subarray(0, -1);
    if (line === 1 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      yield { line, text: Buffer.from(bytes).toString('base64'), encoding: 'base64', error: `line ${line} is not valid UTF-8` };
      continue;
    }
    const record = parsedLine(line, text);
    if (record) yield record;
  }
}

/**
 * The lines of a decoded object, exactly as the byte path above yields them: the decoder strips a
 * leading BOM of every line it decodes on its own (and of the whole text here), so a line's leading
 * BOM is dropped here too.
 */
function* textRecords(text: string): Generator<RawRecord> {
  let start = 0;
  let line = 0;
  while (start < text.length) {
    line++;
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    let lineText = text.slice(start, end);
    start = end + 1;
    if (lineText.charCodeAt(lineText.length - 1) === 0x0d) lineText = lineText.slice(0, -1);
    if (lineText.charCodeAt(0) === 0xfeff) lineText = lineText.slice(1);
    const record = parsedLine(line, lineText);
    if (record) yield record;
  }
}

/** A line as a record; undefined for a blank line. */
function parsedLine(line: number, text: string): RawRecord | undefined {
  if (text.trim() === '') return undefined;
  try {
    return { line, text, value: JSON.parse(text) };
  } catch (e) {
    return { line, text, error: `line ${line} is not valid JSON: ${(e as Error).message}` };
  }
}

function decodeAll(body: Uint8Array): string | undefined {
  try {
    return decoder.decode(body);
  } catch {
    return undefined; // line by line pinpoints the bad bytes
  }
}

/** A whole small file that is one JSON object (possibly spanning lines), or undefined. */
function singleObject(text: string): RawRecord | undefined {
  const trimmed = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).trim();
  if (!trimmed.startsWith('{') || trimmed.includes('\n{')) return undefined;
  try {
    return { line: 1, text: trimmed, value: JSON.parse(trimmed) };
  } catch {
    return undefined; // line by line pinpoints the broken line
  }
}

/**
 * All records at once (small inputs, tests). Returns a file-level error when the file holds no
 * record at all (empty or only blank lines).
 */
export function parseRawRecords(body: Uint8Array): { readonly records: readonly RawRecord[]; readonly fileError?: string } {
  const records = [...iterateRawRecords(body)];
  return records.length === 0 ? { records, fileError: 'the file is empty' } : { records };
}
