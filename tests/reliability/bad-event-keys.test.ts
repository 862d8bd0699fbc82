import { describe, expect, it } from 'vitest';
import { LocalObjectStore } from '../../src/storage/local-object-store.js';
import { createIngestHandler } from '../../src/streaming/ingest-handler.js';
import { makeTempLake } from '../support/fixture-lake.js';
import { s3PutEvent } from '../support/s3-event.js';
import { jsonl, lakeCounts, projectWith, rejectedRecords, tx } from './reliability-fixture.js';

const { config, manifest } = await projectWith();

/** An event whose key is exactly `raw` as S3 would put it in the record (no re-encoding). */
function rawKeyEvent(raw: string) {
  const event = s3PutEvent('incoming/x.json', 'etag');
  (event.Records[0]!.s3.object as { key: string }).key = raw;
  return event;
}

describe('event keys that cannot be objects are rejected with a reason, never thrown (issue 14 #10)', () => {
  const bad: [string, string, RegExp][] = [
    ['a truncated % escape', 'incoming/tx%E0%A4%A.json', /malformed % escape/],
    ['a % not followed by hex', 'incoming/100%.json', /malformed % escape/],
    ['escapes that are not UTF-8', 'incoming/%FF%FE.json', /malformed % escape/],
    ['a key over 1,024 bytes', `incoming/${'k'.repeat(1100)}.json`, /1114 bytes long, more than the 1024 bytes S3 allows/],
    ['a key of multi-byte characters over 1,024 bytes', `incoming/${encodeURIComponent('é'.repeat(520))}.json`, /bytes long, more than the 1024 bytes/],
    ['a path traversal', 'incoming/../tables/x.json', /"\.\." path segments are not allowed/],
    ['an empty key', '', /empty/],
  ];

  it('each bad key gets one record in rejected/ under a derived name, and the good event beside them lands', async () => {
    const lake = await makeTempLake('bad-keys-');
    const store = new LocalObjectStore(lake);
    const handle = createIngestHandler({ store, manifest });
    const { etag } = await store.put('incoming/good.jsonl', jsonl([tx('G-1', '2024-04-10 10:00:00', 2), tx('G-2', '2024-04-10 11:00:00', 3)]));
    const event = s3PutEvent('incoming/good.jsonl', etag);
    for (const [, raw] of bad) event.Records.push(rawKeyEvent(raw).Records[0]!);

    const reports = await handle(event);

    expect(reports.map((r) => r.outcome)).toEqual(['landed', ...bad.map(() => 'rejected')]);
    expect(await lakeCounts(lake, manifest, config)).toEqual({ transactions: 2, distinct: 2, items: 2, units: 5 });
    const records = await rejectedRecords(lake);
    expect(records).toHaveLength(bad.length);
    for (const [what, raw, reason] of bad) {
      const record = records.find((r) => (r.body.source as { eventKey: string }).eventKey === raw);
      expect(record, what).toBeDefined();
      expect(record!.body.reason, what).toMatch(reason);
      // The file name is derived (a hash), never the key: no traversal, no over-long name.
      expect(record!.file, what).toMatch(/^rejected\/\d{4}-\d{2}-\d{2}\/event-[0-9a-f]{32}\.json$/);
    }
  });

  it('a redelivered bad event overwrites its record instead of adding one', async () => {
    const lake = await makeTempLake('bad-keys-');
    const handle = createIngestHandler({ store: new LocalObjectStore(lake), manifest });
    for (let i = 0; i < 3; i++) await handle(rawKeyEvent('incoming/%zz.json'));
    expect(await rejectedRecords(lake)).toHaveLength(1);
  });
});
