import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parquetMetadata } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { LocalObjectStore } from '../../src/storage/local-object-store.js';
import { createIngestHandler } from '../../src/streaming/ingest-handler.js';
import { makeTempLake } from '../support/fixture-lake.js';
import { s3PutEvent } from '../support/s3-event.js';
import { lakeCounts, projectWith } from './reliability-fixture.js';

const { config, manifest } = await projectWith();

describe('a large object is handled in bounded chunks (issue 14 #13; memory is measured by bench/ingest-memory-bench.ts)', () => {
  it('30,000 transactions with 3 items each, bad lines among them: rows encoded in row groups of at most chunkRows, every good row read back exactly once', async () => {
    const lake = await makeTempLake('large-');
    const store = new LocalObjectStore(lake);
    const lines: string[] = [];
    let units = 0;
    let good = 0;
    for (let i = 0; i < 30_000; i++) {
      if (i % 5000 === 4999) {
        lines.push('{"transaction_id": "TRUNCATED'); // 6 bad lines spread through the object
        continue;
      }
      const items = [1, 2, 3].map((k) => ({ sku_id: `SKU${k}`, quantity: 1 + ((i + k) % 5) }));
      units += items.reduce((a, x) => a + x.quantity, 0);
      good++;
      const day = i < 15_000 ? '2024-04-10' : '2024-04-11';
      lines.push(JSON.stringify({ transaction_id: `L-${i}`, store_id: 'S1', transaction_datetime: `${day} 10:00:00`, items }));
    }
    const { etag } = await store.put('incoming/large.jsonl', lines.join('\n'));
    const handle = createIngestHandler({ store, manifest, chunkRows: 2000 });

    const [report] = await handle(s3PutEvent('incoming/large.jsonl', etag));

    expect(report).toMatchObject({ outcome: 'landed', recordsIn: 30_000, landed: good, rejected: 6 });
    expect(await lakeCounts(lake, manifest, config)).toEqual({ transactions: good, distinct: good, items: 3 * good, units });
    // One file per table and day, each made of bounded row groups.
    for (const table of ['transactions', 'transaction_items']) {
      for (const dt of ['dt=2024-04-10', 'dt=2024-04-11']) {
        const dir = path.join(lake, 'tables', table, dt);
        const files = await readdir(dir);
        expect(files).toHaveLength(1);
        const bytes = await readFile(path.join(dir, files[0]!));
        const meta = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
        expect(meta.row_groups.length).toBeGreaterThan(1);
        for (const g of meta.row_groups) expect(Number(g.num_rows)).toBeLessThanOrEqual(2000);
      }
    }
  }, 120_000);
});
