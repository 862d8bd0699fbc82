import { describe, expect, it } from 'vitest';
import { compactTables } from '../../src/compaction/compact-table.js';
import { compileProject } from '../../src/compiler/compile-project.js';
import { LocalObjectStore } from '../../src/storage/local-object-store.js';
import type { ObjectInfo } from '../../src/storage/object-store.js';
import { createIngestHandler } from '../../src/streaming/ingest-handler.js';
import { makeTempLake, migratedEngine } from '../support/fixture-lake.js';
import { projectConfig, projectModels } from '../support/project-files.js';
import { s3PutEvent } from '../support/s3-event.js';

const config = projectConfig();
const manifest = compileProject(await projectModels(), config).manifest!;

/** The local store, counting the requests compaction sends (what S3 would bill). */
class CountingStore extends LocalObjectStore {
  readonly lists: string[] = [];
  ledgerReads = 0;
  override list(prefix: string): AsyncIterable<ObjectInfo> {
    this.lists.push(prefix);
    return super.list(prefix);
  }
  override head(key: string) {
    if (key.includes('/_ledger/')) this.ledgerReads++;
    return super.head(key);
  }
  override get(key: string) {
    if (key.includes('/_ledger/')) this.ledgerReads++;
    return super.get(key);
  }
}

describe('compaction work is bounded by the partitions it compacts (13.3)', () => {
  it('never lists the ledger: one read of an entry per new incoming object, however many ledger entries earlier days left', async () => {
    const lake = await makeTempLake('rel-ledger-');
    const store = new CountingStore(lake);
    const handle = createIngestHandler({ store, manifest });
    const land = async (day: string, n: number, prefix: string) => {
      for (let i = 0; i < n; i++) {
        const key = `incoming/${day}/${prefix}${i}.json`;
        const body = JSON.stringify({
          transaction_id: `${prefix}-${day}-${i}`,
          store_id: 'STORE0001',
          transaction_datetime: `${day} 10:00:00`,
          items: [{ sku_id: 'SKU00001', quantity: 1 }],
        });
        await handle(s3PutEvent(key, (await store.put(key, body)).etag));
      }
    };
    // 30 days of history, already compacted: 300 ledger entries of objects long merged.
    for (let d = 1; d <= 30; d++) await land(`2024-03-${String(d).padStart(2, '0')}`, 10, 'H');
    await compactTables(store, manifest, { settleMs: 0, graceMs: 0 });
    // Today: 25 new objects.
    await land('2024-04-10', 25, 'N');
    store.lists.length = 0;
    store.ledgerReads = 0;
    const results = await compactTables(store, manifest, { settleMs: 0, graceMs: 0 });
    expect(results.filter((r) => r.inputFiles > 0).map((r) => [r.table, r.partition, r.inputFiles])).toEqual([
      ['transaction_items', 'dt=2024-04-10/', 25],
      ['transactions', 'dt=2024-04-10/', 25],
    ]);
    expect(store.lists.filter((p) => p.includes('_ledger'))).toEqual([]);
    expect(store.ledgerReads).toBe(25);
    const engine = await migratedEngine(lake, manifest, config);
    expect((await engine.query('SELECT count(*) AS n, count(DISTINCT transaction_id) AS d FROM transactions')).rows).toEqual([{ n: '325', d: '325' }]);
    await engine.close();
  }, 120_000);
});
