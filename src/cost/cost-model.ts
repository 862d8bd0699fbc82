/**
 * The monthly AWS cost of the lake, for our design and for the original one, itemized: the
 * pipeline alone, and the dashboard alone for each way of serving it, at equal freshness.
 *
 * Pure: scenario inputs + prices + assumptions in, dollars out. No I/O, so the CLI, the tests and
 * the README all get the same figures from the same arithmetic. Money stays in plain unrounded
 * numbers; only the report rounds for display.
 */
import { costContext } from './cost-context.js';
import { DEFAULT_ASSUMPTIONS, validateCostInputs } from './cost-inputs.js';
import type { CostAssumptions, CostInputs } from './cost-inputs.js';
import { DASHBOARD_OPTIONS, FRESHNESS_SWEEP_S, PIPELINE_ITEMS } from './cost-items.js';
import type { Bill, CostEstimate, DashboardEstimate, DesignEstimate, PipelineItemId } from './cost-items.js';
import { estimateDashboard, originalObjectsPerQuery } from './dashboard-cost.js';
import { oursPipeline, originalPipeline, sqsRequestsPerObject } from './pipeline-cost.js';
import type { AwsPrices } from './prices-from-file.js';

/**
 * Estimates both designs for one scenario. Ours is deployed with its aggregates; the original with
 * the cheapest QuickSight option that reaches the scenario's freshness (SPICE when the freshness
 * allows a schedule, direct query otherwise).
 */
export function estimateCost(inputs: CostInputs, prices: AwsPrices, assumptions: CostAssumptions = DEFAULT_ASSUMPTIONS): CostEstimate {
  validateCostInputs(inputs, assumptions);
  const c = costContext(inputs, assumptions, prices);
  const pipelineBill = (items: Record<PipelineItemId, number>): Bill<PipelineItemId> => {
    const total = PIPELINE_ITEMS.reduce((s, i) => s + items[i.id], 0);
    return { totalUsdPerMonth: total, perMillionTransactionsUsd: total / (c.txPerMonth / 1e6), items };
  };
  const pipeline = { ours: pipelineBill(oursPipeline(c)), original: pipelineBill(originalPipeline(c)) };
  const atFreshness = (f: number): DashboardEstimate[] => DASHBOARD_OPTIONS.map((o) => estimateDashboard(c, o.id, f));
  const dashboard = atFreshness(inputs.refreshS);

  const design = (which: 'ours' | 'original'): DesignEstimate => {
    const candidates = dashboard.filter((d) => d.bill !== undefined && (which === 'ours' ? d.option === 'ours-aggregates' : d.option.startsWith('original')));
    const best = candidates.reduce((b, d) => (d.bill!.totalUsdPerMonth < b.bill!.totalUsdPerMonth ? d : b));
    const total = pipeline[which].totalUsdPerMonth + best.bill!.totalUsdPerMonth;
    return { totalUsdPerMonth: total, perMillionTransactionsUsd: total / (c.txPerMonth / 1e6), dashboardOption: best.option };
  };

  return {
    txPerMonth: c.txPerMonth,
    pipeline,
    dashboard,
    freshnessSweep: FRESHNESS_SWEEP_S.map(atFreshness),
    ours: design('ours'),
    original: design('original'),
    originalObjectsPerQuery: originalObjectsPerQuery(c),
    derived: {
      objectsPerSecond: c.incomingFilesPerS,
      objectsPerLambdaBatch: c.objectsPerBatch,
      lambdaInvocationsPerObject: 1 / c.objectsPerBatch,
      sqsRequestsPerObject: sqsRequestsPerObject(c),
    },
    inputs,
    assumptions,
  };
}
