import { describe, expect, it } from 'vitest';
import { LocalObjectStore } from '../../src/storage/local-object-store.js';
import { createIngestHandler } from '../../src/streaming/ingest-handler.js';
import { jsonl, lakeCounts, projectWith, rejectedRecords, tx } from '../reliability/reliability-fixture.js';
import { makeTempLake } from '../support/fixture-lake.js';
import { s3PutEvents } from '../support/s3-event.js';

const { config, manifest } = await projectWith();
const CLOCK = () => new Date('2024-04-10T12:00:01.500Z');

/**
 * The record path admits each record's key as it maps it; these pin what the rejection files said
 * when keys were admitted a chunk of records at a time: their order and their wording.
 */
describe('the record path: rejections in their order and words, keys admitted record by record', () => {
  it('duplicates listed after the other rejections of their chunk; an id met again in a chunk is named by its first line there', async () => {
    const lake = await makeTempLake('map-object-');
    const store = new LocalObjectStore(lake);
    const first = jsonl([tx('A'), tx('B')]);
    // Chunks of 3 accepted records: [A, C, A] [B, B, D] [C] — the bad lines in between are not counted.
    const second = jsonl([tx('A'), tx('C'), { transaction_id: 'X' }, tx('A'), tx('B'), tx('BAD', '2024-04-10 12:00:00', 0), tx('B'), tx('D'), tx('C')]);
    const objects = [];
    for (const [key, body] of [
      ['incoming/first.jsonl', first],
      ['incoming/second.jsonl', second],
    ] as const)
      objects.push({ key, etag: (await store.put(key, body)).etag });
    const handle = createIngestHandler({ store, manifest, clock: CLOCK, chunkRows: 3 });
    const reports = await handle(s3PutEvents(objects));
    expect(reports.map((r) => [r.landed, r.rejected])).toEqual([
      [2, 0],
      [2, 7],
    ]);
    const [rejected] = await rejectedRecords(lake);
    expect(rejected!.body.rejected!.map((r) => [r.line, r.reason])).toEqual([
      // Chunk 1: the record that fails validation first, then the chunk's duplicates.
      [3, expect.stringContaining('store_id')],
      [1, 'duplicate transaction_id A: first landed from incoming/first.jsonl'],
      // Line 1 was itself refused (A landed from the first object), yet it is the line this chunk met A on.
      [4, 'duplicate transaction_id A: first landed from line 1 of this object'],
      // Chunk 2.
      [6, 'transaction_items.quantity must be ≥ 1, got 0'],
      [5, 'duplicate transaction_id B: first landed from incoming/first.jsonl'],
      [7, 'duplicate transaction_id B: first landed from line 5 of this object'],
      // Chunk 3: C landed in chunk 1 of this object.
      [9, 'duplicate transaction_id C: first landed from line 2 of this object'],
    ]);
    expect(await lakeCounts(lake, manifest, config)).toMatchObject({ transactions: 4, distinct: 4 });
  });
});
