import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { hourlyQuery, kpisQuery, salesByStoreQuery, topSkusQuery } from '../../dashboard/server/panel-queries.js';
import type { PanelQuery } from '../../dashboard/server/panel-queries.js';
import type { Filters } from '../../dashboard/server/parse-filters.js';
import type { LocalEngine } from '../../src/engines/local/local-engine.js';
import { duckdbRenderer } from '../../src/dialects/duckdb/duckdb-renderer.js';
import { LocalObjectStore } from '../../src/storage/local-object-store.js';
import { createIngestHandler } from '../../src/streaming/ingest-handler.js';
import { putEvent } from '../lib/put-event.js';
import { openMigratedEngine } from '../lib/bench-context.js';
import { int, markdownTable, ms } from '../lib/markdown-table.js';
import type { Cell } from '../lib/markdown-table.js';
import { summarize } from '../lib/percentile.js';
import type { Suite } from '../lib/suite.js';

/** Issue 15 item 4: a one-day dashboard query stays under this while today holds thousands of small files. */
const TARGET_MS = 150;
/** Today's uncompacted single-transaction files, as the streaming writer leaves them before compaction. */
const TODAY_FILES = 5_000;
/** The day after the generated history (which ends 2024-04-30): "today". */
const TODAY = '2024-05-01';
const TOP_SKUS = 10;
/** Freshness beside speed: files landed just before a query must be in its answer. */
const LANDED_PER_QUERY = 2;

/**
 * Partition pruning (issue 15, item 4): 30 backfilled (compacted) days plus today's partition holding
 * 5,000 single-transaction files landed by the real ingest handler; the dashboard's own panel
 * statements over today, over a past day and over all 31 days. A one-day query must open only that
 * day's files, so it must not slow down with today's small files.
 */
export const queryPruningSuite: Suite = {
  name: 'query-pruning',
  summary: `dashboard panels over one day / 31 days while today holds ${int(TODAY_FILES)} uncompacted files beside 30 compacted days (target ≤ ${TARGET_MS} ms one day)`,
  async run(ctx) {
    const runs = ctx.quick ? 5 : 20;
    const history = await ctx.lake(20_000);
    const lake = history.lakeDir;
    const store = new LocalObjectStore(lake);
    const handle = createIngestHandler({ store, manifest: ctx.manifest });
    const land = async (i: number): Promise<void> => {
      const key = `incoming/STORE0001/${TODAY}/prune-${i}.json`;
      const body = JSON.stringify({
        transaction_id: `P-${i}`,
        store_id: `STORE000${1 + (i % 5)}`,
        transaction_datetime: `${TODAY} ${String(8 + (i % 12)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00`,
        items: [{ sku_id: `SKU0000${1 + (i % 9)}`, quantity: 1 + (i % 3) }],
      });
      await store.put(key, body);
      await handle(putEvent(key));
    };
    const existing = await countFiles(lake, TODAY);
    ctx.log(`landing ${int(TODAY_FILES - existing)} single-transaction files into dt=${TODAY}…`);
    for (let i = existing; i < TODAY_FILES; i++) await land(i);
    const todayFiles = await countFiles(lake, TODAY);
    const pastDay = history.summary.endDate;
    // [scope, filters, files landed into today before each timed query (the next query must see them)]
    const scopes: [string, Filters, number][] = [
      [`today (${TODAY}, ${int(todayFiles)} files)`, { from: TODAY, to: TODAY }, 0],
      [`today, ${LANDED_PER_QUERY} more files landed before each query`, { from: TODAY, to: TODAY }, LANDED_PER_QUERY],
      [`a past day (${pastDay}, compacted)`, { from: pastDay, to: pastDay }, 0],
      [`31 days (${history.summary.startDate} … ${TODAY})`, { from: history.summary.startDate, to: TODAY }, 0],
    ];
    let landed = todayFiles;
    const engine = await openMigratedEngine(lake, ctx.manifest, ctx.config);
    const renderer = duckdbRenderer(ctx.config);
    const rows: Cell[][] = [];
    const misses: string[] = [];
    const met: string[] = [];
    try {
      for (const [scope, f, landing] of scopes) {
        for (const [panel, statement] of panels(f)) {
          const q = renderer.renderQuery(statement);
          const first = await engine.query(q.sql, q.params);
          if (first.rows.length === 0) throw new Error(`${panel} over ${scope} returned no rows: the scenario holds no data there`);
          const times: number[] = [];
          for (let i = 0; i < runs; i++) {
            const before = landed;
            for (let k = 0; k < landing; k++) await land(landed++);
            const t = performance.now();
            const answer = await engine.query(q.sql, q.params);
            times.push(performance.now() - t);
            if (landing > 0 && panel === 'KPIs' && Number(answer.rows[0]?.transactions) !== before + landing) {
              throw new Error(
                `KPIs over ${scope} counted ${String(answer.rows[0]?.transactions)} transactions, not the ${before + landing} landed: a file landed before the query is missing or doubled`,
              );
            }
          }
          const s = summarize(times);
          const oneDay = f.from === f.to;
          const verdict = oneDay ? (s.p95 <= TARGET_MS ? 'met' : 'missed') : '';
          rows.push([scope, panel, ms(s.p50), ms(s.p95), verdict]);
          ctx.log(`  ${scope} ${panel}: p50 ${ms(s.p50)} ms, p95 ${ms(s.p95)} ms`);
          const line = `query-pruning: ${panel} over ${scope} p95 ${ms(s.p95)} ms (target ≤ ${TARGET_MS} ms)`;
          if (verdict === 'missed') misses.push(line);
          else if (verdict === 'met') met.push(line);
        }
      }
    } finally {
      await engine.close();
    }
    const markdown = [
      markdownTable(['range', 'panel (dashboard statement)', 'p50 ms', 'p95 ms', `one day ≤ ${TARGET_MS} ms (p95)`], rows),
      '',
      `${runs} timed runs per statement after an untimed one. Lake: ${int(20_000)} generated transactions backfilled over 30 days (one file per partition), plus ${int(todayFiles)} one-transaction Parquet files in today's partition of \`transactions\` and of \`transaction_items\`, landed by the ingest handler and not compacted. In the "landed before each query" rows, ${LANDED_PER_QUERY} more such files land (untimed) before each timed query, and the KPIs' transaction count is checked to include them.`,
    ].join('\n');
    return { title: `Partition pruning: one-day queries beside ${int(todayFiles)} uncompacted files`, markdown, misses, met };
  },
};

function panels(f: Filters): [string, PanelQuery][] {
  return [
    ['KPIs', kpisQuery(f)],
    ['sales by store', salesByStoreQuery(f)],
    [`top ${TOP_SKUS} SKUs`, topSkusQuery(f, TOP_SKUS)],
    ['hourly revenue', hourlyQuery(f)],
  ];
}

async function countFiles(lake: string, day: string): Promise<number> {
  const names = await readdir(path.join(lake, 'tables', 'transactions', `dt=${day}`)).catch(() => [] as string[]);
  return names.filter((n) => n.endsWith('.parquet')).length;
}
