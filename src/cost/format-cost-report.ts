import { ASSUMPTION_NOTES } from './assumption-notes.js';
import { DASHBOARD_ITEMS, DASHBOARD_OPTIONS, PIPELINE_ITEMS } from './cost-items.js';
import type { Bill, CostEstimate, DashboardEstimate, DashboardOptionId, PipelineItemGroup } from './cost-items.js';

/** Output formats of `npm run cost`. */
export type CostReportFormat = 'table' | 'json';

/** Where the prices came from, shown under the table so nobody mistakes them for verified quotes. */
export interface PriceProvenance {
  readonly region: string;
  readonly note: string;
}

const GROUP_LABELS: Readonly<Record<PipelineItemGroup, string>> = {
  ingest: 'ingest',
  ledger: 'ledger (exactly-once)',
  compaction: 'compaction',
  storage: 'storage',
};

/** S3 serves at least this many GETs per second per prefix (aws-facts: small files); the original has one prefix per store. */
const S3_GETS_PER_SECOND_PER_PREFIX = 5500;
/** Athena's default DML query timeout, minutes (service quota). */
const ATHENA_QUERY_TIMEOUT_MIN = 30;

/**
 * Renders an estimate. JSON keeps full precision (machines round for themselves); the table rounds
 * to cents for people. Both end with a newline.
 */
export function formatCostReport(estimate: CostEstimate, format: CostReportFormat, provenance?: PriceProvenance): string {
  return format === 'json' ? formatJson(estimate) : formatTable(estimate, provenance);
}

function formatJson(e: CostEstimate): string {
  const options = (row: readonly DashboardEstimate[]) => Object.fromEntries(row.map((d) => [d.option, d.bill ?? { unavailable: d.unavailable }]));
  const body = {
    ours: e.ours,
    original: e.original,
    pipeline: e.pipeline,
    dashboard: { freshnessS: e.inputs.refreshS, options: options(e.dashboard) },
    freshnessSweep: e.freshnessSweep.map((row) => ({ freshnessS: row[0]!.freshnessS, options: options(row) })),
    originalObjectsPerQuery: e.originalObjectsPerQuery,
    derived: e.derived,
    assumptions: { ...e.inputs, ...e.assumptions },
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

function formatTable(e: CostEstimate, provenance: PriceProvenance | undefined): string {
  const { inputs, pipeline } = e;
  const f = inputs.refreshS;
  const option = (id: DashboardOptionId) => e.dashboard.find((d) => d.option === id)!;
  const label = (id: DashboardOptionId) => DASHBOARD_OPTIONS.find((o) => o.id === id)!.label;
  const lines: string[] = [];
  lines.push(
    `Estimated monthly AWS cost (${e.assumptions.daysPerMonth}-day month, ${provenance?.region ?? 'us-east-1'}): ` +
      `${inputs.stores} stores (${inputs.producer === 'single' ? 'one file per transaction' : 'micro-batch files'}), ${inputs.txPerSecond} tx/s (${(e.txPerMonth / 1e6).toLocaleString('en-US', { maximumFractionDigits: 1 })} million transactions), ` +
      `${inputs.itemsPerTx} items/tx; dashboard: ${inputs.dashboardViewers} viewers, ${e.assumptions.businessHoursPerDay} h a day, ` +
      `freshness ${duration(f)} for every option`,
    '',
    'Headline, per million transactions:',
    `- pipeline alone (ingest, SQS, ledger, compaction, storage): ours ${usd(pipeline.ours.perMillionTransactionsUsd)} vs original ` +
      `${usd(pipeline.original.perMillionTransactionsUsd)} (${ratio(pipeline.original.totalUsdPerMonth, pipeline.ours.totalUsdPerMonth)})`,
    `- dashboard alone at ${duration(f)} freshness: ${label('ours-aggregates')} ${perMillion(option('ours-aggregates'))} vs ` +
      `${label(e.original.dashboardOption)} ${perMillion(option(e.original.dashboardOption))} (the original's cheapest option at this freshness)`,
    `- whole design: ours ${usd(e.ours.perMillionTransactionsUsd)} vs original ${usd(e.original.perMillionTransactionsUsd)}; ` +
      `monthly ${usd(e.ours.totalUsdPerMonth)} vs ${usd(e.original.totalUsdPerMonth)}`,
    `- caveat: each original dashboard query reads every JSON object written so far (${count(e.originalObjectsPerQuery)} at the mean query ` +
      `time); at ${S3_GETS_PER_SECOND_PER_PREFIX.toLocaleString('en-US')} GET/s per store prefix that takes ` +
      `${hours(e.originalObjectsPerQuery / (S3_GETS_PER_SECOND_PER_PREFIX * inputs.stores))}, past Athena's ${ATHENA_QUERY_TIMEOUT_MIN}-minute ` +
      'timeout when over 1 h: its dashboard figures are what it would be billed if its queries could finish',
    '',
    '## Pipeline (whatever dashboard reads it)',
    '',
    '| item | ours (USD/month) | original (USD/month) |',
    '|---|---:|---:|',
  );
  for (const group of [...new Set(PIPELINE_ITEMS.map((i) => i.group))]) {
    const items = PIPELINE_ITEMS.filter((i) => i.group === group);
    for (const item of items) lines.push(`| ${item.label} | ${usd(pipeline.ours.items[item.id])} | ${usd(pipeline.original.items[item.id])} |`);
    const sub = (b: Bill<string>) => items.reduce((s, i) => s + (b.items as Record<string, number>)[i.id]!, 0);
    lines.push(`| *subtotal ${GROUP_LABELS[group]}* | *${usd(sub(pipeline.ours))}* | *${usd(sub(pipeline.original))}* |`);
  }
  lines.push(
    `| **total** | **${usd(pipeline.ours.totalUsdPerMonth)}** | **${usd(pipeline.original.totalUsdPerMonth)}** |`,
    `| per million transactions | ${usd(pipeline.ours.perMillionTransactionsUsd)} | ${usd(pipeline.original.perMillionTransactionsUsd)} |`,
    '',
    `## Dashboard at ${duration(f)} freshness`,
    '',
    `| item | ${DASHBOARD_OPTIONS.map((o) => `${o.label} (USD/month)`).join(' | ')} |`,
    `|---|${DASHBOARD_OPTIONS.map(() => '---:').join('|')}|`,
  );
  for (const item of DASHBOARD_ITEMS) {
    lines.push(`| ${item.label} | ${e.dashboard.map((d) => (d.bill ? usd(d.bill.items[item.id]) : 'n/a')).join(' | ')} |`);
  }
  lines.push(
    `| **total** | ${e.dashboard.map((d) => (d.bill ? `**${usd(d.bill.totalUsdPerMonth)}**` : `n/a: ${d.unavailable}`)).join(' | ')} |`,
    `| per million transactions | ${e.dashboard.map(perMillion).join(' | ')} |`,
    '',
    '## Dashboard per million transactions at equal freshness',
    '',
    `| freshness | ${DASHBOARD_OPTIONS.map((o) => o.label).join(' | ')} |`,
    `|---|${DASHBOARD_OPTIONS.map(() => '---:').join('|')}|`,
  );
  for (const row of e.freshnessSweep) lines.push(`| ${duration(row[0]!.freshnessS)} | ${row.map(perMillion).join(' | ')} |`);
  lines.push('', 'Derived:');
  for (const [name, value] of Object.entries(e.derived)) lines.push(`- ${name} = ${formatNumber(value)}`);
  lines.push('', 'Assumptions (value: what it is, and why this default):');
  const all: Record<string, number | string> = { ...e.inputs, ...e.assumptions };
  for (const [name, note] of Object.entries(ASSUMPTION_NOTES)) {
    const value = all[name];
    lines.push(`- \`${name}\` = ${typeof value === 'string' ? value : formatNumber(value ?? Number.NaN)}: ${note}`);
  }
  if (provenance !== undefined) lines.push('', `Prices: src/cost/aws-prices.json (each with its source URL). ${provenance.note}`);
  return `${lines.join('\n')}\n`;
}

function perMillion(d: DashboardEstimate): string {
  return d.bill ? usd(d.bill.perMillionTransactionsUsd) : `n/a (${d.unavailable})`;
}

function usd(x: number): string {
  if (x === 0) return '$0.00';
  if (Math.abs(x) < 0.01) return x < 0.0001 ? '<$0.0001' : `$${x.toFixed(4)}`;
  return `$${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

function ratio(numerator: number, denominator: number): string {
  if (denominator === 0) return 'n/a';
  const r = numerator / denominator;
  return `${r.toLocaleString('en-US', { maximumFractionDigits: r >= 100 ? 0 : 1 })}×`;
}

function duration(s: number): string {
  if (s >= 86_400 && s % 86_400 === 0) return `${s / 86_400} d`;
  if (s >= 3600 && s % 3600 === 0) return `${s / 3600} h`;
  if (s >= 60 && s % 60 === 0) return `${s / 60} min`;
  return `${s} s`;
}

function hours(s: number): string {
  return s < 3600 ? `${Math.round(s / 60)} min` : `${(s / 3600).toLocaleString('en-US', { maximumFractionDigits: 1 })} h`;
}

function count(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toLocaleString('en-US', { maximumFractionDigits: 0 })} million` : Math.round(n).toLocaleString('en-US');
}

function formatNumber(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(4)));
}
