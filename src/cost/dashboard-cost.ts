/**
 * The dashboard's monthly bill for each way of serving it, at one freshness (seconds between
 * refreshes of what viewers see), so that options are only ever compared at equal freshness.
 *
 * - ours, scan: the dashboard server polls Athena once per refresh for all viewers; each panel query
 *   reads today's partition of the tables (the state before aggregates).
 * - ours, aggregates: the server answers the panels from per-day aggregates it refreshes
 *   incrementally from the visible files (src/aggregates/, dashboard/server/aggregate-reader.ts);
 *   Athena only re-reads the SKU prices and store names every 15 minutes.
 * - original, QuickSight SPICE: each dataset is refreshed from Athena on a schedule (never more often
 *   than every 15 minutes); viewers read SPICE at no query cost.
 * - original, QuickSight direct query: every viewer's load sends one Athena query per visual.
 * The original's raw JSON has no date in its keys, so every one of its queries reads every object.
 */
import type { CostContext } from './cost-context.js';
import { MB, SECONDS_PER_DAY } from './cost-context.js';
import type { Bill, DashboardEstimate, DashboardItemId, DashboardOptionId } from './cost-items.js';
import { DASHBOARD_ITEMS } from './cost-items.js';

/** What a set of identical Athena queries reads, each. */
interface QueryShape {
  readonly count: number;
  readonly bytes: number;
  readonly objects: number;
  readonly listRequests: number;
}

const ZERO: Record<DashboardItemId, number> = Object.fromEntries(DASHBOARD_ITEMS.map((i) => [i.id, 0])) as Record<DashboardItemId, number>;

export function estimateDashboard(c: CostContext, option: DashboardOptionId, freshnessS: number): DashboardEstimate {
  const { a, p, inputs } = c;
  if (option === 'original-spice' && freshnessS < a.spiceMinRefreshS) {
    return {
      option,
      freshnessS,
      bill: undefined,
      unavailable: `SPICE refreshes at most every ${a.spiceMinRefreshS / 60} min`,
    };
  }
  if (inputs.dashboardViewers === 0) return { option, freshnessS, bill: bill(c, { ...ZERO }) };
  const refreshesPerMonth = (c.businessS / freshnessS) * a.daysPerMonth;
  const items: Record<DashboardItemId, number> = { ...ZERO };
  let shapes: QueryShape[];
  if (option === 'ours-scan' || option === 'ours-aggregates') {
    items['dashboard-host'] = c.fargateUsd(a.dashboardServerVcpu, a.dashboardServerMemoryGb);
    const files = filesPerTableAtMeanQuery(c);
    const lists = c.listRequests(files);
    const nI = refreshesPerMonth * a.oursItemsQueriesPerRefresh;
    const nT = refreshesPerMonth * a.oursTransactionsQueriesPerRefresh;
    if (option === 'ours-scan') {
      const bytes = c.parquetBytesPerS * (c.meanQuerySecondOfDay + (a.dashboardDaysScanned - 1) * SECONDS_PER_DAY);
      const transactionsShare = a.jsonBytesPerTransaction / c.jsonBytesPerTx;
      shapes = [
        // Items queries read both tables' bytes (conservative: the items table dominates anyway).
        { count: nI, bytes, objects: 2 * files, listRequests: 2 * lists },
        { count: nT, bytes: bytes * transactionsShare, objects: files, listRequests: lists },
      ];
    } else {
      // The panels read the aggregates the refresh keeps in the server; Athena only re-reads the
      // dimensions (2 small queries, at the minimum billed size) every reload interval.
      const reloads = Math.min(refreshesPerMonth, (c.businessS / a.aggregateDimensionsReloadS) * a.daysPerMonth);
      shapes = [{ count: 2 * reloads, bytes: 0, objects: 1, listRequests: 1 }];
      items['aggregates-maintenance'] = aggregatesMaintenanceUsd(c, refreshesPerMonth, files, lists);
    }
  } else {
    items['dashboard-host'] = inputs.dashboardViewers * p.quicksightReaderPerMonth + a.quicksightAuthors * p.quicksightAuthorPerMonth;
    const meanQuerySecondOfMonth = ((a.daysPerMonth - 1) / 2) * SECONDS_PER_DAY + c.meanQuerySecondOfDay;
    const objects = inputs.txPerSecond * (c.historyS + meanQuerySecondOfMonth);
    const count = option === 'original-spice' ? refreshesPerMonth * a.queriesPerRefresh : inputs.dashboardViewers * refreshesPerMonth * a.queriesPerRefresh;
    shapes = [{ count, bytes: objects * c.jsonBytesPerTx, objects, listRequests: c.listRequests(objects) }];
    if (option === 'original-spice') {
      items['spice-capacity'] = Math.max(0, a.spiceDatasetGb - a.quicksightAuthors * a.spiceIncludedGbPerAuthor) * p.spicePerGbMonth;
    }
  }
  const queries = shapes.reduce((s, q) => s + q.count, 0);
  items['athena-scanned'] = shapes.reduce((s, q) => s + q.count * c.athenaQueryUsd(q.bytes), 0);
  items['s3-list-athena'] = c.putUsd(shapes.reduce((s, q) => s + q.count * q.listRequests, 0));
  items['s3-get-athena'] = c.getUsd(shapes.reduce((s, q) => s + q.count * q.objects * a.athenaGetsPerObject, 0));
  items['s3-athena-results'] = c.putUsd(queries * a.athenaResultPutsPerQuery) + c.getUsd(queries * a.athenaResultGetsPerQuery);
  items['glue-catalog'] =
    (a.catalogObjects / 100_000) * p.glueCatalogPer100kObjects + ((queries * a.catalogRequestsPerQuery) / 1e6) * p.glueCatalogPerMillionRequests;
  return { option, freshnessS, bill: bill(c, items) };
}

/** Objects per original query at the mean query time: every JSON object written so far. */
export function originalObjectsPerQuery(c: CostContext): number {
  const meanQuerySecondOfMonth = ((c.a.daysPerMonth - 1) / 2) * SECONDS_PER_DAY + c.meanQuerySecondOfDay;
  return c.inputs.txPerSecond * (c.historyS + meanQuerySecondOfMonth);
}

/**
 * Files per table a query of the selected days opens at the mean query time: today's compacted
 * files, the small ones waiting for compaction (half an interval on average), and one nightly
 * output per earlier day.
 */
function filesPerTableAtMeanQuery(c: CostContext): number {
  const { a } = c;
  const compacted = c.meanQuerySecondOfDay / a.compactionIntervalS;
  const waiting = (c.batchesPerMonth / c.monthS) * (a.compactionIntervalS / 2);
  const nightlyPerTable = Math.max(1, Math.ceil((c.parquetBytesPerS * SECONDS_PER_DAY) / (a.nightlyGlueTargetFileMb * MB)) / a.tablesPerFile);
  return compacted + waiting + (a.dashboardDaysScanned - 1) * nightlyPerTable;
}

/**
 * The refresh (src/aggregates/refresh-day-aggregates.ts) runs once per dashboard refresh: it LISTs
 * today's transaction_items partition, reads the hidden list and the aggregate object, PUTs the new
 * object (at most every `aggregateWriteEveryS` of business time), and reads each data file when it
 * appears and when it goes (small files and compacted ones), but never more files than are visible
 * at its runs.
 */
function aggregatesMaintenanceUsd(c: CostContext, runs: number, visibleFiles: number, listsPerRun: number): number {
  const { a } = c;
  // Every file that lands, unless runs are so rare that most files come and go unseen: a run reads
  // at most the files visible then.
  const dataFiles = Math.min(c.batchesPerMonth + c.compactionRuns, runs * visibleFiles);
  const days = a.aggregateDaysPerRefresh;
  const writes = Math.min(runs, (c.businessS / a.aggregateWriteEveryS) * a.daysPerMonth);
  return c.putUsd(runs * days * listsPerRun + writes) + c.getUsd(runs * days * a.aggregateGetsPerRun + dataFiles * a.aggregateGetsPerDataFile);
}

function bill(c: CostContext, items: Record<DashboardItemId, number>): Bill<DashboardItemId> {
  const total = DASHBOARD_ITEMS.reduce((s, i) => s + items[i.id], 0);
  return { totalUsdPerMonth: total, perMillionTransactionsUsd: total / (c.txPerMonth / 1e6), items };
}
