import { ASSUMPTION_NOTES } from './assumption-notes.js';
import { COST_ITEMS } from './cost-items.js';
import type { CostEstimate, CostItemGroup, DesignEstimate } from './cost-items.js';

/** Output formats of `npm run cost`. */
export type CostReportFormat = 'table' | 'json';

/** Where the prices came from, shown under the table so nobody mistakes them for verified quotes. */
export interface PriceProvenance {
  readonly region: string;
  readonly note: string;
}

const GROUP_LABELS: Readonly<Record<CostItemGroup, string>> = {
  ingest: 'ingest',
  compaction: 'compaction',
  storage: 'storage',
  queries: 'dashboard queries',
};

/**
 * Renders an estimate. JSON keeps full precision (machines round for themselves) and has exactly
 * `ours` and `original` with `totalUsdPerMonth`, `items` and `perMillionTransactionsUsd`, plus
 * `assumptions`. The table rounds to cents for people. Both end with a newline.
 */
export function formatCostReport(
  estimate: CostEstimate,
  format: CostReportFormat,
  provenance?: PriceProvenance,
): string {
  return format === 'json' ? formatJson(estimate) : formatTable(estimate, provenance);
}

function formatJson(estimate: CostEstimate): string {
  const design = (d: DesignEstimate) => ({
    totalUsdPerMonth: d.totalUsdPerMonth,
    perMillionTransactionsUsd: d.perMillionTransactionsUsd,
    items: d.items,
  });
  const body = {
    ours: design(estimate.ours),
    original: design(estimate.original),
    assumptions: { ...estimate.inputs, ...estimate.assumptions },
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

function formatTable(estimate: CostEstimate, provenance: PriceProvenance | undefined): string {
  const { ours, original, inputs } = estimate;
  const lines: string[] = [];
  lines.push(
    `Estimated monthly AWS cost (${estimate.assumptions.daysPerMonth}-day month, ${provenance?.region ?? 'us-east-1'}), ` +
      `${inputs.stores} stores, ${inputs.txPerSecond} tx/s, ${inputs.itemsPerTx} items/tx, ` +
      `${inputs.dashboardViewers} dashboard viewers refreshing every ${inputs.refreshS} s`,
    '',
    '| item | ours (USD/month) | original (USD/month) |',
    '|---|---:|---:|',
  );
  const groups = [...new Set(COST_ITEMS.map((i) => i.group))];
  for (const group of groups) {
    const items = COST_ITEMS.filter((i) => i.group === group);
    for (const item of items) {
      lines.push(`| ${item.label} | ${usd(ours.items[item.id])} | ${usd(original.items[item.id])} |`);
    }
    const sub = (d: DesignEstimate): number => items.reduce((s, i) => s + d.items[i.id], 0);
    lines.push(`| *subtotal ${GROUP_LABELS[group]}* | *${usd(sub(ours))}* | *${usd(sub(original))}* |`);
  }
  lines.push(
    `| **total** | **${usd(ours.totalUsdPerMonth)}** | **${usd(original.totalUsdPerMonth)}** |`,
    `| cost per million transactions | ${usd(ours.perMillionTransactionsUsd)} | ${usd(original.perMillionTransactionsUsd)} |`,
    `| ratio original / ours | | ${ratio(original.totalUsdPerMonth, ours.totalUsdPerMonth)} |`,
    '',
    'Assumptions:',
  );
  const all: Record<string, number> = { ...estimate.inputs, ...estimate.assumptions };
  for (const [name, note] of Object.entries(ASSUMPTION_NOTES)) {
    lines.push(`- \`${name}\` = ${formatNumber(all[name] ?? Number.NaN)}: ${note}`);
  }
  if (provenance !== undefined) {
    lines.push('', `Prices: src/cost/aws-prices.json. ${provenance.note}`);
  }
  return `${lines.join('\n')}\n`;
}

function usd(x: number): string {
  if (x === 0) return '$0.00';
  if (Math.abs(x) < 0.01) return '<$0.01';
  return `$${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

function ratio(numerator: number, denominator: number): string {
  if (denominator === 0) return 'n/a';
  const r = numerator / denominator;
  return `${r.toLocaleString('en-US', { maximumFractionDigits: r >= 100 ? 0 : 1 })}×`;
}

function formatNumber(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(4)));
}
