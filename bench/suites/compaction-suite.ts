import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { compactTables } from '../../src/compaction/compact-table.js';
import { LocalObjectStore } from '../../src/storage/local-object-store.js';
import { createIngestHandler } from '../../src/streaming/ingest-handler.js';
import { putEvent } from '../lib/put-event.js';
import { openMigratedEngine } from '../lib/bench-context.js';
import { int, markdownTable, ms, ratio } from '../lib/markdown-table.js';
import { median } from '../lib/percentile.js';
import type { Suite } from '../lib/suite.js';

const QUERY = 'SELECT count(*) AS n, count(DISTINCT t.transaction_id) AS d FROM transactions AS t';
const ITEMS_QUERY = 'SELECT count(*) AS n, sum(quantity) AS q FROM transaction_items';

/**
 * Issue 9's benchmark: one partition filled with single-transaction files by the real ingest
 * handler (as the original design's stream would leave it), queried before and after compaction.
 */
export const compactionSuite: Suite = {
  name: 'compaction',
  summary: 'a partition of 50,000 single-transaction files: query time and file count before/after compaction, compaction throughput',
  async run(ctx) {
    const files = ctx.quick ? 5_000 : 50_000;
    const lake = await ctx.scratch('compaction');
    const store = new LocalObjectStore(lake);
    const handle = createIngestHandler({ store, manifest: ctx.manifest });
    ctx.log(`landing ${int(files)} single-transaction files into one partition…`);
    for (let i = 0; i < files; i++) {
      const key = `incoming/STORE0001/2024-04-10/tx-${i}.json`;
      const body = JSON.stringify({
        transaction_id: `B-${i}`,
        store_id: 'STORE0001',
        transaction_datetime: `2024-04-10 ${String(8 + (i % 12)).padStart(2, '0')}:00:00`,
        items: [{ sku_id: 'SKU00001', quantity: 1 + (i % 3) }],
      });
      await store.put(key, body);
      await handle(putEvent(key));
      if (i % 10_000 === 9_999) ctx.log(`  ${int(i + 1)} files landed`);
    }
    const engine = await openMigratedEngine(lake, ctx.manifest, ctx.config);
    const countFiles = async () => (await readdir(path.join(lake, 'tables/transactions/dt=2024-04-10'))).filter((f) => f.endsWith('.parquet')).length;
    const time = async (): Promise<{ ms: number; n: number; q: number }> => {
      const runs: number[] = [];
      let n = 0;
      let q = 0;
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        const a = (await engine.query(QUERY)).rows[0]!;
        const b = (await engine.query(ITEMS_QUERY)).rows[0]!;
        runs.push(performance.now() - t);
        if (Number(a.n) !== Number(a.d)) throw new Error(`duplicate rows: ${String(a.n)} rows, ${String(a.d)} distinct ids`);
        n = Number(a.n);
        q = Number(b.q);
      }
      return { ms: median(runs), n, q };
    };
    try {
      const beforeFiles = await countFiles();
      const before = await time();
      ctx.log('compacting…');
      const t = performance.now();
      const results = await compactTables(store, ctx.manifest, { settleMs: 0, graceMs: 0 });
      const compactMs = performance.now() - t;
      const merged = results.reduce((a, r) => a + r.inputFiles, 0);
      const afterFiles = await countFiles();
      const after = await time();
      if (after.n !== before.n || after.q !== before.q || before.n !== files) {
        throw new Error(`compaction changed the data: ${before.n}/${before.q} rows/units before, ${after.n}/${after.q} after (expected ${files} rows)`);
      }
      const markdown = markdownTable(
        ['', 'files in the partition (transactions)', 'query (both tables), median of 5', 'rows', 'Σ quantity'],
        [
          ['before compaction', int(beforeFiles), ms(before.ms), int(before.n), int(before.q)],
          ['after compaction', int(afterFiles), ms(after.ms), int(after.n), int(after.q)],
          ['ratio', ratio(beforeFiles / afterFiles), ratio(before.ms / after.ms), '', ''],
        ],
      );
      const throughput = merged / (compactMs / 1000);
      return {
        title: `Compaction of one partition of ${int(files)} single-transaction files`,
        markdown: `${markdown}\n\nCompaction: ${int(merged)} files (both tables) merged in ${ms(compactMs)}, ${int(Math.round(throughput))} files/s (settle and grace set to 0 for the measurement; the defaults add 2 × 2 s per merge).`,
        misses: afterFiles > 2 ? [`compaction left ${afterFiles} files in the partition (target ≤ 2)`] : [],
      };
    } finally {
      await engine.close();
    }
  },
};
