import { describe, expect, it } from 'vitest';
import { costCommand } from '../../src/cli/commands/cost-command.js';
import { COST_ITEMS } from '../../src/cost/cost-items.js';

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

interface DesignJson {
  totalUsdPerMonth: number;
  perMillionTransactionsUsd: number;
  items: Record<string, number>;
}

describe('npm run cost -- --format json', () => {
  it('prints {ours, original} each with totalUsdPerMonth and numeric items, plus assumptions', async () => {
    const { code, stdout, stderr } = await run(['--format', 'json']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const body = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['assumptions', 'original', 'ours']);
    for (const name of ['ours', 'original'] as const) {
      const design = body[name] as DesignJson;
      expect(typeof design.totalUsdPerMonth).toBe('number');
      expect(typeof design.perMillionTransactionsUsd).toBe('number');
      expect(Object.keys(design.items).sort()).toEqual(COST_ITEMS.map((i) => i.id).sort());
      const sum = Object.values(design.items).reduce((s, x) => s + x, 0);
      for (const v of Object.values(design.items)) expect(typeof v).toBe('number');
      expect(design.totalUsdPerMonth).toBeCloseTo(sum, 6);
    }
    const assumptions = body['assumptions'] as Record<string, number>;
    expect(assumptions).toMatchObject({ stores: 5, txPerSecond: 1000, itemsPerTx: 6.5, dashboardViewers: 10, refreshS: 5 });
    expect(assumptions['businessHoursPerDay']).toBe(12);
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
    const body = JSON.parse(stdout) as { ours: DesignJson; original: DesignJson; assumptions: Record<string, number> };
    // 2000 tx/s × 2,592,000 s = 5.184e9 PUTs × $0.005/1000 = $25,920
    expect(body.original.items['s3-put-incoming']).toBeCloseTo(25_920, 6);
    // 10 stores × 2,592,000 s = 25,920,000 PUTs × $0.005/1000 = $129.60
    expect(body.ours.items['s3-put-incoming']).toBeCloseTo(129.6, 6);
    expect(body.ours.items['athena-scanned']).toBe(0);
    expect(body.assumptions).toMatchObject({ stores: 10, txPerSecond: 2000, itemsPerTx: 4, dashboardViewers: 0, refreshS: 30 });
  });
});

describe('npm run cost (table)', () => {
  it('prints a markdown table with both designs, totals, ratio, cost per million and the assumptions', async () => {
    const { code, stdout } = await run([]);
    expect(code).toBe(0);
    expect(stdout).toContain('| item | ours (USD/month) | original (USD/month) |');
    expect(stdout).toMatch(/\| \*\*total\*\* \| \*\*\$[\d,.]+\*\* \| \*\*\$[\d,.]+\*\* \|/);
    expect(stdout).toMatch(/\| ratio original \/ ours \| \| [\d,.]+× \|/);
    expect(stdout).toMatch(/\| cost per million transactions \| \$[\d,.]+ \| \$[\d,.]+ \|/);
    expect(stdout).toContain('| S3 PUT: producer → incoming/ | $64.80 | $12,960.00 |');
    expect(stdout).toContain('Assumptions:');
    expect(stdout).toContain('- `businessHoursPerDay` = 12:');
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
