import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compactTables } from '../../src/compaction/compact-table.js';
import { compileProject } from '../../src/compiler/compile-project.js';
import type { TableEntry } from '../../src/manifest/manifest.js';
import { LocalObjectStore } from '../../src/storage/local-object-store.js';
import { createIngestHandler } from '../../src/streaming/ingest-handler.js';
import { writeParquet } from '../../src/streaming/write-parquet.js';
import { makeTempLake, migratedEngine } from '../support/fixture-lake.js';
import { projectConfig, projectModels } from '../support/project-files.js';
import { s3PutEvent } from '../support/s3-event.js';

const config = projectConfig();
const manifest = compileProject(await projectModels(), config).manifest!;
const FAST = { settleMs: 0, graceMs: 0 };
const items = manifest.models.find((m): m is TableEntry => m.kind === 'table' && m.name === 'transaction_items')!;

function tx(id: string, quantity: number, day: string): string {
  return JSON.stringify({ transaction_id: id, store_id: 'STORE0001', transaction_datetime: `${day} 10:00:00`, items: [{ sku_id: 'SKU00001', quantity }] });
}

async function land(store: LocalObjectStore, day: string, n: number, prefix: string): Promise<void> {
  const handle = createIngestHandler({ store, manifest });
  for (let i = 0; i < n; i++) {
    const key = `incoming/${day}/${prefix}${i}.json`;
    await handle(s3PutEvent(key, (await store.put(key, tx(`${prefix}-${day}-${i}`, 2, day))).etag));
  }
}

describe('compaction of a large partition (14.3)', () => {
  it('merges a partition holding a 210,000-row compacted file with new small files: exact counts, no stack overflow', async () => {
    const lake = await makeTempLake('rel-large-');
    const store = new LocalObjectStore(lake);
    const day = '2024-04-10';
    const big = 210_000;
    // An earlier compacted file below the target size, as a long day of streaming leaves it.
    const rows = Array.from({ length: big }, (_, i) => ({
      transaction_id: `B-${i}`,
      sku_id: `SKU${String(i % 12000).padStart(5, '0')}`,
      quantity: 1 + (i % 5),
    }));
    await store.put(`${items.location}dt=${day}/compact-20240410000000-00000000.parquet`, writeParquet(items.columns, rows));
    await land(store, day, 3, 'S');
    const engine = await migratedEngine(lake, manifest, config);
    const sumBig = rows.reduce((a, r) => a + r.quantity, 0);
    const count = async () => (await engine.query(`SELECT count(*) AS n, sum(quantity) AS q FROM transaction_items WHERE dt = '${day}'`)).rows[0]!;
    expect(await count()).toEqual({ n: String(big + 3), q: String(sumBig + 6) });

    const results = await compactTables(store, manifest, { ...FAST, tables: ['transaction_items'] });
    expect(results.map((r) => [r.partition, r.inputFiles, r.outputFiles, r.rows, r.error])).toEqual([[`dt=${day}/`, 4, 1, big + 3, undefined]]);
    expect((await readdir(path.join(lake, 'tables/transaction_items', `dt=${day}`))).filter((f) => f.endsWith('.parquet'))).toHaveLength(1);
    expect(await count()).toEqual({ n: String(big + 3), q: String(sumBig + 6) });
    await engine.close();
  }, 120_000);

  it('a partition that cannot be compacted is reported, and every other partition is still compacted', async () => {
    const lake = await makeTempLake('rel-isolate-');
    const store = new LocalObjectStore(lake);
    await land(store, '2024-04-09', 4, 'A');
    await land(store, '2024-04-10', 5, 'B');
    // Corrupt one streamed file of the first partition (its ledger entry exists, so it is a candidate).
    const dir = path.join(lake, 'tables/transactions/dt=2024-04-09');
    const victim = (await readdir(dir)).filter((f) => f.startsWith('stream-'))[0]!;
    await store.put(`tables/transactions/dt=2024-04-09/${victim}`, 'not parquet at all');

    const results = await compactTables(store, manifest, FAST);
    const byKey = new Map(results.map((r) => [`${r.table}/${r.partition}`, r]));
    expect(byKey.get('transactions/dt=2024-04-09/')!.error).toMatch(/stream-.*\.parquet/);
    expect(byKey.get('transactions/dt=2024-04-09/')!.outputFiles).toBe(0);
    expect(byKey.get('transactions/dt=2024-04-10/')).toMatchObject({ inputFiles: 5, outputFiles: 1, rows: 5 });
    expect(byKey.get('transaction_items/dt=2024-04-09/')).toMatchObject({ inputFiles: 4, outputFiles: 1, rows: 4 });
    expect(byKey.get('transaction_items/dt=2024-04-10/')).toMatchObject({ inputFiles: 5, outputFiles: 1, rows: 5 });
    // The failed partition is left exactly as it was: its 3 good files are still visible, nothing pending.
    expect((await readdir(dir)).filter((f) => f.endsWith('.parquet'))).toHaveLength(4);
    const hidden = await store.head('tables/_hidden/transactions/dt=2024-04-09/hidden.jsonl');
    if (hidden) expect(new TextDecoder().decode((await store.get(hidden.key)).body).trim()).toBe('');
  }, 120_000);
});
