import { describe, expect, it } from 'vitest';
import { iterateRawRecords, SINGLE_OBJECT_MAX_BYTES } from '../../src/streaming/parse-raw-records.js';

const records = (body: Uint8Array) => [...iterateRawRecords(body)].map((r) => ({ line: r.line, text: r.text, ok: r.error === undefined, value: r.value }));

/** The same lines, padded past the size at which an object is decoded whole, so that they take the line-by-line byte path. */
function large(text: string): Uint8Array {
  const padding = '\n'.repeat(SINGLE_OBJECT_MAX_BYTES + 1 - Buffer.byteLength(text));
  return Buffer.from(text + padding);
}

describe('iterateRawRecords: a small object decoded whole yields what the line-by-line path yields', () => {
  const text = '\ufeff\ufeff{"a":1}\r\n\n  \n\ufeff{"b":"é😀"}\n{"c":\n{"d":4}';
  it.each([
    ['decoded whole', Buffer.from(text)],
    ['line by line', large(text)],
  ])('%s: BOMs, CRLF, blank lines, a broken line and line numbers', (_, body) => {
    expect(records(body)).toEqual([
      { line: 1, text: '{"a":1}', ok: true, value: { a: 1 } },
      { line: 4, text: '{"b":"é😀"}', ok: true, value: { b: 'é😀' } },
      { line: 5, text: '{"c":', ok: false, value: undefined },
      { line: 6, text: '{"d":4}', ok: true, value: { d: 4 } },
    ]);
  });

  it('an object with an invalid byte is read line by line: the bad line alone is rejected', () => {
    const body = Buffer.concat([Buffer.from('{"a":1}\n{"b":"'), Buffer.from([0xff]), Buffer.from('"}\n{"c":3}\n')]);
    const out = [...iterateRawRecords(body)];
    expect(out.map((r) => [r.line, r.error ?? 'ok'])).toEqual([
      [1, 'ok'],
      [2, 'line 2 is not valid UTF-8'],
      [3, 'ok'],
    ]);
    expect(out[1]!.encoding).toBe('base64');
  });

  it('a pretty-printed single object is one record', () => {
    expect(records(Buffer.from('{\n  "a": 1\n}\n'))).toEqual([{ line: 1, text: '{\n  "a": 1\n}', ok: true, value: { a: 1 } }]);
  });
});
