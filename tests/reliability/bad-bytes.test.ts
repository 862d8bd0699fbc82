import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startLocalIngest } from '../../src/streaming/local-ingest-runtime.js';
import { LocalObjectStore } from '../../src/storage/local-object-store.js';
import { createIngestHandler } from '../../src/streaming/ingest-handler.js';
import { makeTempLake } from '../support/fixture-lake.js';
import { s3PutEvent } from '../support/s3-event.js';
import { jsonl, lakeCounts, projectWith, rejectedRecords, tx } from './reliability-fixture.js';

const { config, manifest } = await projectWith();

describe('bad bytes cost only their own line (issue 14 #9)', () => {
  it('a 1,000-line JSON Lines file with invalid UTF-8 on two lines lands the other 998, and quarantines those two with their line numbers and bytes', async () => {
    const lake = await makeTempLake('bad-bytes-');
    const store = new LocalObjectStore(lake);
    const handle = createIngestHandler({ store, manifest });
    const lines: Buffer[] = [];
    for (let i = 1; i <= 1000; i++) lines.push(Buffer.from(JSON.stringify(tx(`B-${i}`, '2024-04-10 12:00:00', 1 + (i % 3)))));
    // Line 500: a lone 0xFF inside a string. Line 777: a truncated two-byte sequence at the end.
    lines[499] = Buffer.concat([Buffer.from('{"transaction_id":"BAD-'), Buffer.from([0xff]), Buffer.from('","store_id":"S1"}')]);
    lines[776] = Buffer.concat([lines[776]!, Buffer.from([0xc3])]);
    const body = Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\r\n')]));
    const { etag } = await store.put('incoming/mixed.jsonl', body);

    const [report] = await handle(s3PutEvent('incoming/mixed.jsonl', etag));

    expect(report).toMatchObject({ outcome: 'landed', recordsIn: 1000, landed: 998, rejected: 2 });
    const units = Array.from({ length: 1000 }, (_, k) => 1 + ((k + 1) % 3)).reduce((a, u, k) => (k === 499 || k === 776 ? a : a + u), 0);
    expect(await lakeCounts(lake, manifest, config)).toEqual({ transactions: 998, distinct: 998, items: 998, units });
    const [record] = await rejectedRecords(lake);
    const rejected = record!.body.rejected as { line: number; reason: string; original: string; encoding?: string }[];
    expect(rejected.map((r) => [r.line, r.reason, r.encoding])).toEqual([
      [500, 'line 500 is not valid UTF-8', 'base64'],
      [777, 'line 777 is not valid UTF-8', 'base64'],
    ]);
    // The original bytes are kept exactly (without the line break), so nothing is lost.
    expect(Buffer.from(rejected[0]!.original, 'base64')).toEqual(lines[499]);
    expect(Buffer.from(rejected[1]!.original, 'base64')).toEqual(lines[776]);
  });

  it('a file of only invalid bytes is quarantined whole, line by line, and lands nothing', async () => {
    const lake = await makeTempLake('bad-bytes-');
    const store = new LocalObjectStore(lake);
    const handle = createIngestHandler({ store, manifest });
    const { etag } = await store.put('incoming/garbage.bin', Buffer.from([0xff, 0xfe, 0x0a, 0x80, 0x81]));
    const [report] = await handle(s3PutEvent('incoming/garbage.bin', etag));
    expect(report).toMatchObject({ landed: 0, rejected: 2 });
    expect(await lakeCounts(lake, manifest, config)).toEqual({ transactions: 0, distinct: 0, items: 0, units: 0 });
  });
});

describe('a file name that is not UTF-8 is reported, not silently skipped (issue 14 #9)', () => {
  it('the local runtime records it in rejected/ with its name bytes and its content; the other files land', async () => {
    const lake = await makeTempLake('bad-name-');
    const dir = path.join(lake, 'incoming', 'S1');
    await mkdir(dir, { recursive: true });
    const content = jsonl([tx('NAMELESS-1'), tx('NAMELESS-2')]);
    // "tx-\xff\xfe.jsonl": Latin-1 bytes from a legacy writer; no S3 key can name this file.
    const badName = Buffer.concat([Buffer.from(`${dir}/tx-`), Buffer.from([0xff, 0xfe]), Buffer.from('.jsonl')]);
    await writeFile(badName, content);
    await writeFile(path.join(dir, 'fine.jsonl'), jsonl([tx('FINE-1', '2024-04-10 12:00:00', 3)]));

    const runtime = await startLocalIngest({ lakeDir: lake, config, manifest, settleMs: 0 });
    await runtime.ready;
    await runtime.stop();

    expect(await lakeCounts(lake, manifest, config)).toEqual({ transactions: 1, distinct: 1, items: 1, units: 3 });
    expect(runtime.stats()).toMatchObject({ refused: 1 });
    const [record] = await rejectedRecords(lake);
    expect(record!.body.reason).toMatch(/file name is not valid UTF-8/);
    expect((record!.body.source as { nameBytesHex: string }).nameBytesHex).toBe(Buffer.from('incoming/S1/tx-\xff\xfe.jsonl', 'latin1').toString('hex'));
    expect(Buffer.from(record!.body.contentBase64 as string, 'base64').toString('utf8')).toBe(content);
  });
});
