/** One record of an incoming file, with the line it came from (1 for a single-object file). */
export interface RawRecord {
  readonly line: number;
  readonly text: string;
  readonly value?: unknown;
  readonly error?: string;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Splits an incoming object into records: one JSON object, or JSON Lines. Every line that is not
 * valid JSON becomes a record with an error (quarantined later) and the others still land.
 * Returns a file-level error when nothing can be read at all (not UTF-8, empty).
 */
export function parseRawRecords(body: Uint8Array): { readonly records: readonly RawRecord[]; readonly fileError?: string } {
  let text: string;
  try {
    text = decoder.decode(body);
  } catch {
    return { records: [], fileError: 'the file is not valid UTF-8' };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return { records: [], fileError: 'the file is empty' };
  const trimmed = text.trim();
  // A pretty-printed single object spans lines: try the whole text first.
  if (trimmed.startsWith('{') && !trimmed.includes('\n{')) {
    try {
      return { records: [{ line: 1, text: trimmed, value: JSON.parse(trimmed) }] };
    } catch {
      // fall through to line-by-line, which pinpoints the broken line
    }
  }
  const records: RawRecord[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line.trim() === '') continue;
    try {
      records.push({ line: i + 1, text: line, value: JSON.parse(line) });
    } catch (e) {
      records.push({ line: i + 1, text: line, error: `line ${i + 1} is not valid JSON: ${(e as Error).message}` });
    }
  }
  return { records };
}
