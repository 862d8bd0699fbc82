import { describe, expect, it } from 'vitest';
import { costCommand } from '../../../src/cli/commands/cost-command.js';
import { DASHBOARD_OPTIONS, PIPELINE_ITEMS } from '../../../src/cost/cost-items.js';

async function run(argv: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await costCommand(argv, {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
  });
  return { code, stdout, stderr };
}

interface BillJson {
  totalUsdPerMonth: number;
  perMillionTransactionsUsd: number;
  items: Record<string, number>;
}

interface ReportJson {
  ours: { totalUsdPerMonth: number; perMillionTransactionsUsd: number; dashboardOption: string };
  original: { totalUsdPerMonth: number; perMillionTransactionsUsd: number; dashboardOption: string };
  pipeline: { ours: BillJson; original: BillJson };
  dashboard: { freshnessS: number; options: Record<string, BillJson | { unavailable: string }> };
  freshnessSweep: { freshnessS: number; options: Record<string, unknown> }[];
  derived: Record<string, number>;
  assumptions: Record<string, number>;
}

describe('npm run cost -- --format json', () => {
  it('prints both designs, the pipeline bills, every dashboard option, the freshness sweep and the assumptions', async () => {
    const { code, stdout, stderr } = await run(['--format', 'json']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const body = JSON.parse(stdout) as ReportJson;
    expect(Object.keys(body).sort()).toEqual([
      'assumptions',
      'dashboard',
      'derived',
      'freshnessSweep',
      'original',
      'originalObjectsPerQuery',
      'ours',
      'pipeline',
    ]);
    for (const b of [body.pipeline.ours, body.pipeline.original]) {
      expect(Object.keys(b.items).sort()).toEqual(PIPELINE_ITEMS.map((i) => i.id).sort());
      expect(b.totalUsdPerMonth).toBeCloseTo(
        Object.values(b.items).reduce((s, x) => s + x, 0),
        6,
      );
    }
    expect(Object.keys(body.dashboard.options)).toEqual(DASHBOARD_OPTIONS.map((o) => o.id));
    const ours = body.dashboard.options['ours-aggregates'] as BillJson;
    expect(body.ours.totalUsdPerMonth).toBeCloseTo(body.pipeline.ours.totalUsdPerMonth + ours.totalUsdPerMonth, 6);
    expect(body.freshnessSweep.map((r) => r.freshnessS)).toEqual([30, 900, 3600, 86_400]);
    expect(body.freshnessSweep[0]!.options['original-spice']).toEqual({ unavailable: 'SPICE refreshes at most every 15 min' });
    expect(body.assumptions).toMatchObject({ stores: 5, txPerSecond: 1000, itemsPerTx: 6.5, dashboardViewers: 10, refreshS: 900 });
    expect(body.derived['sqsRequestsPerObject']).toBe(3);
  });

  it('uses the flags', async () => {
    const { stdout } = await run([
      '--format=json',
      '--stores',
      '10',
      '--tx-per-second',
      '2000',
      '--items-per-tx',
      '4',
      '--dashboard-viewers',
      '0',
      '--refresh-s',
      '30',
    ]);
    const body = JSON.parse(stdout) as ReportJson;
    // 2000 tx/s × 2,592,000 s = 5.184e9 PUTs × $0.005/1000 = $25,920
    expect(body.pipeline.original.items['s3-put-incoming']).toBeCloseTo(25_920, 6);
    // 10 stores × 2,592,000 s = 25,920,000 PUTs × $0.005/1000 = $129.60
    expect(body.pipeline.ours.items['s3-put-incoming']).toBeCloseTo(129.6, 6);
    expect((body.dashboard.options['ours-scan'] as BillJson).totalUsdPerMonth).toBe(0);
    expect(body.assumptions).toMatchObject({ stores: 10, txPerSecond: 2000, itemsPerTx: 4, dashboardViewers: 0, refreshS: 30 });
  });
});

describe('npm run cost (table)', () => {
  it('prints the headline, the pipeline, the dashboard options, the equal-freshness table and the assumptions', async () => {
    const { code, stdout } = await run([]);
    expect(code).toBe(0);
    expect(stdout).toContain('Headline, per million transactions:');
    expect(stdout).toMatch(/- pipeline alone \(ingest, SQS, ledger, compaction, storage\): ours \$[\d.]+ vs original \$[\d,.]+ \([\d.]+×\)/);
    expect(stdout).toMatch(/- dashboard alone at 15 min freshness: ours: aggregates \$[\d.]+ vs original: QuickSight SPICE \$[\d,.]+/);
    expect(stdout).toContain('| S3 PUT: producer → incoming/ | $64.80 | $12,960.00 |');
    expect(stdout).toContain('| SQS requests: S3 notifications → Lambda batches | $15.55 | $0.00 |');
    expect(stdout).toContain('| *subtotal ledger (exactly-once)* |');
    expect(stdout).toContain('## Dashboard per million transactions at equal freshness');
    expect(stdout).toMatch(/\| 30 s \| \$[\d.]+ \| \$[\d.]+ \| n\/a \(SPICE refreshes at most every 15 min\) \| \$[\d,.]+ \|/);
    expect(stdout).toContain('- `businessHoursPerDay` = 12:');
    expect(stdout).toContain('- `sqsConcurrentBatches` = 5:');
    expect(stdout).toContain('aws-prices.json');
  });
});

describe('npm run cost: usage errors and help', () => {
  it.each([
    [['--bogus'], /--bogus/],
    [['--stores', 'abc'], /--stores must be a whole number of at least 1 \(got "abc"\)/],
    [['--stores', '2.5'], /--stores must be a whole number/],
    [['--stores', '0'], /--stores must be a whole number/],
    [['--tx-per-second=-5'], /--tx-per-second must be a number greater than 0/],
    [['--tx-per-second', ''], /--tx-per-second must be a number greater than 0/],
    [['--refresh-s', 'Infinity'], /--refresh-s must be a number greater than 0/],
    [['--dashboard-viewers=-1'], /--dashboard-viewers must be a whole number of at least 0/],
    [['--tx-per-second', '-5'], /--tx-per-second/],
    [['--format', 'xml'], /--format must be "table" or "json"/],
    [['--stores'], /--stores/],
    [['extra'], /extra/],
  ])('%j exits 2 and says what to do', async (argv, message) => {
    const { code, stdout, stderr } = await run(argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr).toContain('npm run cost -- --help');
  });

  it('--help prints usage and exits 0', async () => {
    for (const flag of ['--help', '-h']) {
      const { code, stdout, stderr } = await run([flag]);
      expect(code).toBe(0);
      expect(stderr).toBe('');
      expect(stdout).toContain('Usage: npm run cost');
      for (const option of ['--stores', '--tx-per-second', '--items-per-tx', '--dashboard-viewers', '--refresh-s', '--format']) {
        expect(stdout).toContain(option);
      }
    }
  });
});
