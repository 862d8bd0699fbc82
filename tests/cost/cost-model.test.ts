import { describe, expect, it } from 'vitest';
import priceFile from '../../src/cost/aws-prices.json' with { type: 'json' };
import { DEFAULT_ASSUMPTIONS, DEFAULT_INPUTS } from '../../src/cost/cost-inputs.js';
import type { CostInputs } from '../../src/cost/cost-inputs.js';
import { athenaBilledBytes } from '../../src/cost/cost-context.js';
import { DASHBOARD_ITEMS, PIPELINE_ITEMS } from '../../src/cost/cost-items.js';
import type { Bill, CostEstimate, DashboardEstimate, DashboardItemId, DashboardOptionId } from '../../src/cost/cost-items.js';
import { estimateCost } from '../../src/cost/cost-model.js';
import { pricesFromFile } from '../../src/cost/prices-from-file.js';

const prices = pricesFromFile(priceFile);
const MiB = 2 ** 20;

/** Equal to within a millionth of a dollar, or a relative 1e-12 for large figures. */
function expectUsd(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.max(1e-6, Math.abs(expected) * 1e-12));
}

function sumItems(d: Bill<string>): number {
  return Object.values(d.items).reduce((s: number, x) => s + (x as number), 0);
}

function option(e: CostEstimate, id: DashboardOptionId): DashboardEstimate {
  return e.dashboard.find((d) => d.option === id)!;
}

function bill(e: CostEstimate, id: DashboardOptionId): Bill<DashboardItemId> {
  return option(e, id).bill!;
}

describe('aws-prices.json', () => {
  it('holds every price the model uses, with the figures from the reference notes', () => {
    expect(prices.s3PutPer1000Requests).toBe(0.005);
    expect(prices.s3GetPer1000Requests).toBe(0.0004);
    expect(prices.s3StoragePerGbMonth).toBe(0.023);
    expect(prices.lambdaPerMillionRequests).toBe(0.2);
    expect(prices.lambdaArm64PerGbSecond).toBe(0.0000133334);
    expect(prices.athenaPerTbScanned).toBe(5);
    expect(prices.athenaMinimumMbPerQuery).toBe(10);
    expect(prices.glueDpuHour).toBe(0.44);
    expect(prices.sqsPerMillionRequests).toBe(0.4);
    expect(prices.quicksightReaderPerMonth).toBe(3);
    expect(prices.quicksightAuthorPerMonth).toBe(24);
    expect(prices.spicePerGbMonth).toBe(0.38);
  });

  it('gives each price a unit, a source URL and a retrieval date', () => {
    for (const [key, entry] of Object.entries(priceFile.prices)) {
      expect(entry.unit, key).not.toBe('');
      expect(entry.source, key).toMatch(/^https:\/\/aws\.amazon\.com\//);
      expect(entry.retrieved, key).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('rejects a price file with a missing or non-numeric price', () => {
    expect(() => pricesFromFile({ prices: { s3PutPer1000Requests: { value: 'cheap' } } })).toThrow(/s3PutPer1000Requests.*\n.*s3GetPer1000Requests/s);
    expect(() => pricesFromFile([])).toThrow(/"prices"/);
  });
});

describe('pipeline: S3 PUTs, SQS and the ledger', () => {
  const e = estimateCost(DEFAULT_INPUTS, prices);
  const ours = e.pipeline.ours.items;
  const original = e.pipeline.original.items;

  it('original: one PUT per transaction, and its Lambda copies each one', () => {
    // 1000 tx/s × 2,592,000 s = 2.592e9 PUTs × $0.005/1000 = $12,960
    expectUsd(original['s3-put-incoming'], 12_960);
    expectUsd(original['s3-put-table-writes'], 12_960);
    expect(original['sqs-requests']).toBe(0);
    expect(original['s3-put-ledger']).toBe(0);
  });

  it('ours: one PUT per store per second, then one Parquet file per table per batch', () => {
    // 5 stores × 2,592,000 s / 1 s window = 12,960,000 PUTs × $0.005/1000 = $64.80
    expectUsd(ours['s3-put-incoming'], 64.8);
    // 5 objects/s in a 1 s window over 5 concurrent batches: 1 object per batch, so 12,960,000
    // batches × 2 tables = 25,920,000 PUTs × $0.005/1000 = $129.60
    expectUsd(ours['s3-put-table-writes'], 129.6);
    expect(e.derived['objectsPerLambdaBatch']).toBe(1);
  });

  it('ours: SQS is one send per object plus a receive and a delete per batch', () => {
    // batch of 1: 1 + 2 × ceil(1/10) / 1 = 3 requests per object; 12,960,000 × 3 × $0.40/1e6 = $15.552
    expect(e.derived['sqsRequestsPerObject']).toBe(3);
    expectUsd(ours['sqs-requests'], 15.552);
    // 100 stores: 100 objects/s / 5 batches = 20 per batch → 1 + 2 × 2 / 20 = 1.2 requests per object,
    // 1/20 Lambda invocation per object: 259,200,000 objects → 12,960,000 invocations × $0.20/1e6
    const busy = estimateCost({ ...DEFAULT_INPUTS, stores: 100 }, prices);
    expect(busy.derived['objectsPerLambdaBatch']).toBe(20);
    expectUsd(busy.derived['sqsRequestsPerObject']!, 1.2);
    expectUsd(busy.pipeline.ours.items['lambda-requests-ingest'], 2.592);
    expectUsd(busy.pipeline.ours.items['sqs-requests'], (259_200_000 * 1.2 * 0.4) / 1e6);
  });

  it('ours: 5 objects/s fill batches of one, each 5 PUT-class and 5 GET-class bookkeeping requests', () => {
    // 12,960,000 × 5 × $0.005/1000 = $324; 12,960,000 × 5 × $0.0004/1000 = $25.92
    expectUsd(ours['s3-put-ledger'], 324);
    expectUsd(ours['s3-get-ledger'], 25.92);
  });

  it('ours with one file per transaction: one SQS message and 1 + 2 bookkeeping requests per transaction, one invocation per 200', () => {
    const single = estimateCost({ ...DEFAULT_INPUTS, producer: 'single' }, prices);
    // 1,000 files/s × 1 s window / 5 concurrent batches = 200 objects per batch; 2,592,000,000 objects a month.
    expect(single.derived['objectsPerLambdaBatch']).toBe(200);
    expect(single.derived['lambdaInvocationsPerObject']).toBe(1 / 200);
    const items = single.pipeline.ours.items;
    // 2,592,000,000 PUTs × $0.005/1000, as the original's
    expectUsd(items['s3-put-incoming'], 12_960);
    expectUsd(items['s3-put-incoming'], single.pipeline.original.items['s3-put-incoming']);
    // 12,960,000 invocations × $0.20/1e6, against the original's one per transaction
    expectUsd(items['lambda-requests-ingest'], 2.592);
    expectUsd(single.pipeline.original.items['lambda-requests-ingest'], 518.4);
    // (2,592,000,000 × 1 + 12,960,000 × 5) × $0.005/1000; (2,592,000,000 × 2 + 12,960,000 × 3) × $0.0004/1000
    expectUsd(items['s3-put-ledger'], 13_284);
    expectUsd(items['s3-get-ledger'], 2_089.152);
    // 2,592,000,000 × (1 + 2 × 20 / 200) SQS requests × $0.40/1e6
    expectUsd(items['sqs-requests'], 1_244.16);
    // 12,960,000 invocations of ⌈50 + 199 × 5 + 200 × 0.05⌉ = 1,055 ms at 0.5 GB
    expectUsd(items['lambda-gb-s-ingest'], 12_960_000 * 1.055 * 0.5 * 0.0000133334);
  });

  it('a batch never holds more objects than the event source mapping hands over', () => {
    const busy = estimateCost({ ...DEFAULT_INPUTS, producer: 'single', txPerSecond: 20_000 }, prices);
    expect(busy.derived['objectsPerLambdaBatch']).toBe(DEFAULT_ASSUMPTIONS.sqsMaxBatchObjects);
  });

  it('never writes more files than there are transactions', () => {
    // 0.5 tx/s with 5 stores: windows are mostly empty, so files = 0.5 × 2,592,000 = 1,296,000 PUTs × $0.005/1000 = $6.48
    const sparse = estimateCost({ ...DEFAULT_INPUTS, txPerSecond: 0.5 }, prices);
    expectUsd(sparse.pipeline.ours.items['s3-put-incoming'], 6.48);
  });
});

describe('Lambda GB-seconds (arm64)', () => {
  const e = estimateCost(DEFAULT_INPUTS, prices);

  it('ours: one invocation per batch of one micro-batch file', () => {
    // 200 tx per file; 50 ms + 200 × 0.05 ms = 60 ms; 12,960,000 × 0.060 s × 0.5 GB = 388,800 GB-s × $0.0000133334
    expectUsd(e.pipeline.ours.items['lambda-gb-s-ingest'], 5.18402592);
    expectUsd(e.pipeline.ours.items['lambda-requests-ingest'], 2.592);
  });

  it('original: one invocation per transaction, duration rounded up to the ms', () => {
    // 50.05 ms billed as 51 ms; 2.592e9 × 0.051 s × 0.125 GB = 16,524,000 GB-s × $0.0000133334
    expectUsd(e.pipeline.original.items['lambda-gb-s-ingest'], 220.3211016);
    expectUsd(e.pipeline.original.items['lambda-requests-ingest'], 518.4);
  });
});

describe('Athena billing: rounded up to the MB, 10 MB minimum per query', () => {
  it('rounds every query up to at least 10 MB', () => {
    expect(athenaBilledBytes(0, 10)).toBe(10 * MiB);
    expect(athenaBilledBytes(10 * MiB, 10)).toBe(10 * MiB);
    expect(athenaBilledBytes(10 * MiB + 1, 10)).toBe(11 * MiB);
    expect(athenaBilledBytes(2597.6 * MiB, 10)).toBe(2598 * MiB);
  });
});

describe('dashboard options at equal freshness', () => {
  it('ours scanning at 30 s: today’s Parquet per query, the $2,140 of Athena the issue names, and more', () => {
    // mean query at 14:00: 1000 tx/s × 50,400 s × 54.0439 B = 2,597.6 MiB → 2,598 MB for the 5 items
    // queries; the 3 transactions-only queries read 109/336.5 of it = 841.4 → 842 MB.
    // 43,200 s / 30 s × 30 days = 43,200 refreshes → 216,000 items queries + 129,600 transactions queries
    const e = estimateCost({ ...DEFAULT_INPUTS, refreshS: 30 }, prices);
    expectUsd(bill(e, 'ours-scan').items['athena-scanned'], ((216_000 * 2598 + 129_600 * 842) * 5) / 2 ** 20);
    // with aggregates the panels read the refreshed aggregates; Athena only re-reads the dimensions:
    // 43,200 s / 900 s × 30 days = 1,440 reloads × 2 queries, each at the 10 MB minimum
    expectUsd(bill(e, 'ours-aggregates').items['athena-scanned'], (2880 * 10 * 5) / 2 ** 20);
    expect(bill(e, 'ours-aggregates').totalUsdPerMonth * 100).toBeLessThan(bill(e, 'ours-scan').totalUsdPerMonth);
  });

  it('SPICE cannot refresh more often than every 15 minutes; direct query can', () => {
    const e = estimateCost({ ...DEFAULT_INPUTS, refreshS: 30 }, prices);
    expect(option(e, 'original-spice').bill).toBeUndefined();
    expect(option(e, 'original-spice').unavailable).toMatch(/15 min/);
    expect(e.original.dashboardOption).toBe('original-direct-query');
  });

  it('original SPICE at 15 min: four datasets refreshed 48 times a business day, each reading every object', () => {
    const e = estimateCost(DEFAULT_INPUTS, prices);
    // 48 × 30 × 4 = 5,760 refreshes; objects at day 14.5 + 14 h: 1000 × 1,303,200 s = 1,303,200,000
    // GETs: 5,760 × 1,303,200,000 × $0.0004/1000 = $3,002,572.80
    expectUsd(bill(e, 'original-spice').items['s3-get-athena'], 3_002_572.8);
    // licences: 10 readers × $3 + 1 author × $24 = $54; 1 GB of SPICE within the author's 10 GB
    expectUsd(bill(e, 'original-spice').items['dashboard-host'], 54);
    expect(bill(e, 'original-spice').items['spice-capacity']).toBe(0);
    // direct query: every viewer's load queries each visual: 10× the queries of SPICE
    expectUsd(bill(e, 'original-direct-query').items['s3-get-athena'], 30_025_728);
    expect(e.original.dashboardOption).toBe('original-spice');
    expect(e.ours.dashboardOption).toBe('ours-aggregates');
  });

  it('the equal-freshness table holds every option at 30 s, 15 min, 1 h and 1 d', () => {
    const e = estimateCost(DEFAULT_INPUTS, prices);
    expect(e.freshnessSweep.map((row) => row[0]!.freshnessS)).toEqual([30, 900, 3600, 86_400]);
    for (const row of e.freshnessSweep) expect(row.map((d) => d.option)).toEqual(['ours-aggregates', 'ours-scan', 'original-spice', 'original-direct-query']);
  });

  it('no viewers, no dashboard cost', () => {
    const e = estimateCost({ ...DEFAULT_INPUTS, dashboardViewers: 0 }, prices);
    for (const d of e.dashboard) expect(d.bill?.totalUsdPerMonth ?? 0).toBe(0);
  });
});

describe('a whole small scenario, both designs, by hand', () => {
  // 1 store, 2 tx/s, 4 items per transaction, 1 viewer, freshness 60 s; Parquet is set to exactly
  // 1/5 of JSON so the byte arithmetic stays readable. Everything else is the default.
  const inputs: CostInputs = { stores: 1, producer: 'micro-batch', txPerSecond: 2, itemsPerTx: 4, dashboardViewers: 1, refreshS: 60 };
  const e = estimateCost(inputs, prices, { ...DEFAULT_ASSUMPTIONS, parquetToJsonSizeRatio: 0.2 });
  // Month: 2,592,000 s; 5,184,000 transactions; 1 object/s → 2,592,000 objects, 1 per batch.
  // JSON 249 B/tx (498 B/s); Parquet 99.6 B/s. Dashboard: 720 refreshes a day × 30 = 21,600.

  it('ours, pipeline', () => {
    const items = e.pipeline.ours.items;
    expectUsd(items['fargate-producer'], 14.22);
    expectUsd(items['s3-put-incoming'], 12.96);
    // 2,592,000 × 3 requests × $0.40/1e6
    expectUsd(items['sqs-requests'], 3.1104);
    expectUsd(items['s3-get-incoming'], 1.0368);
    expectUsd(items['s3-put-table-writes'], 25.92);
    expectUsd(items['lambda-requests-ingest'], 0.5184);
    // 50 + 2 × 0.05 = 50.1 ms → 51 ms; 2,592,000 × 0.051 s × 0.5 GB = 66,096 GB-s
    expectUsd(items['lambda-gb-s-ingest'], 66_096 * 0.0000133334);
    // 5 × 2,592,000 × $0.005/1000; 5 × 2,592,000 × $0.0004/1000 (batches of one object)
    expectUsd(items['s3-put-ledger'], 64.8);
    expectUsd(items['s3-get-ledger'], 5.184);
    // LIST: 8,640 runs × 2 tables × 1 + nightly 30 × 2 × 1 = 17,340 × $0.005/1000
    expectUsd(items['s3-list-compaction'], 0.0867);
    // GET: 5,184,000 small files + nightly 30 × 2 × 288 = 5,201,280 × $0.0004/1000
    expectUsd(items['s3-get-compaction'], 2.080512);
    // PUT: 8,640 × 2 × (1 merged + 5 lock) = 103,680 + nightly 60 = 103,740 × $0.005/1000
    expectUsd(items['s3-put-compaction'], 0.5187);
    expectUsd(items['lambda-requests-compaction'], 0.001728);
    // 1,000 ms + 600 files × 2 ms = 2,200 ms; 8,640 × 2.2 s × 1 GB = 19,008 GB-s
    expectUsd(items['lambda-gb-s-compaction'], 19_008 * 0.0000133334);
    expectUsd(items['glue-dpu-hours'], 4.4);
    // Parquet 99.6 B/s × 1,296,000 s + one day of incoming JSON 498 × 86,400 B
    expectUsd(items['s3-storage'], (172_108_800 / 2 ** 30) * 0.023);
    expectUsd(e.pipeline.ours.totalUsdPerMonth, sumItems(e.pipeline.ours));
    expectUsd(e.pipeline.ours.perMillionTransactionsUsd, e.pipeline.ours.totalUsdPerMonth / 5.184);
  });

  it('ours, dashboard scanning and with aggregates', () => {
    const scan = bill(e, 'ours-scan').items;
    // 21,600 × 5 = 108,000 items queries + 64,800 transactions queries, all under 10 MB → the minimum
    expectUsd(scan['athena-scanned'], (172_800 * 10 * 5) / 2 ** 20);
    // files per table at 14:00: 168 compacted + 150 waiting = 318; items queries open both tables
    // GET: (108,000 × 636 + 64,800 × 318) × $0.0004/1000; LIST: (108,000 × 2 + 64,800) × $0.005/1000
    expectUsd(scan['s3-get-athena'], 35.71776);
    expectUsd(scan['s3-list-athena'], 1.404);
    // results 172,800 × (2 PUTs, 1 GET); catalog 10 objects + 345,600 requests
    expectUsd(scan['s3-athena-results'], 1.728 + 0.06912);
    expectUsd(scan['glue-catalog'], 0.3457);
    // 720 h × (0.25 vCPU × $0.03238 + 0.5 GB × $0.00356)
    expectUsd(scan['dashboard-host'], 7.11);
    const agg = bill(e, 'ours-aggregates').items;
    // dimensions: min(21,600 refreshes, 1,440 reloads) × 2 queries × 1 object × 1 GET × $0.0004/1000
    expectUsd(agg['s3-get-athena'], 0.001152);
    // 21,600 refresh runs, each 2 days × 1 LIST page + 1 PUT = 64,800 × $0.005/1000 = $0.324; GETs:
    // 2 days × 4 per run = 172,800, plus 3 per data file: (2,592,000 small + 8,640 compacted) × 3 =
    // 7,801,920 → 7,974,720 × $0.0004/1000 = $3.189888
    expectUsd(agg['aggregates-maintenance'], 0.324 + 3.189888);
    expectUsd(agg['dashboard-host'], 7.11);
  });

  it('original', () => {
    const items = e.pipeline.original.items;
    expectUsd(items['s3-put-incoming'], 25.92);
    expectUsd(items['s3-get-incoming'], 2.0736);
    expectUsd(items['s3-put-table-writes'], 25.92);
    expectUsd(items['lambda-requests-ingest'], 1.0368);
    expectUsd(items['lambda-gb-s-ingest'], 33_048 * 0.0000133334);
    expectUsd(items['s3-storage'], (688_435_200 / 2 ** 30) * 0.023);
    // direct query (SPICE cannot refresh every minute): 1 viewer × 21,600 × 4 = 86,400 queries, each
    // reading 2,606,400 objects × 249 B = 619 MB (billed); LIST 2,607 pages; GET every object
    const dq = bill(e, 'original-direct-query').items;
    expectUsd(dq['athena-scanned'], 255.0201416015625);
    expectUsd(dq['s3-list-athena'], 1126.224);
    expectUsd(dq['s3-get-athena'], 90_077.184);
    expectUsd(dq['dashboard-host'], 27);
    expectUsd(e.original.totalUsdPerMonth, e.pipeline.original.totalUsdPerMonth + bill(e, 'original-direct-query').totalUsdPerMonth);
  });
});

describe('estimateCost', () => {
  it('prices every item of every bill, and totals add up', () => {
    const e = estimateCost(DEFAULT_INPUTS, prices);
    for (const b of [e.pipeline.ours, e.pipeline.original]) {
      expect(Object.keys(b.items).sort()).toEqual(PIPELINE_ITEMS.map((i) => i.id).sort());
      expectUsd(b.totalUsdPerMonth, sumItems(b));
    }
    for (const d of e.dashboard) {
      if (!d.bill) continue;
      expect(Object.keys(d.bill.items).sort()).toEqual(DASHBOARD_ITEMS.map((i) => i.id).sort());
      for (const v of Object.values(d.bill.items)) expect(Number.isFinite(v) && v >= 0).toBe(true);
      expectUsd(d.bill.totalUsdPerMonth, sumItems(d.bill));
    }
  });

  it('the original gets dearer every month because its queries read all history; ours does not', () => {
    const first = estimateCost(DEFAULT_INPUTS, prices);
    const later = estimateCost(DEFAULT_INPUTS, prices, { ...DEFAULT_ASSUMPTIONS, historyDaysAtMonthStart: 180 });
    expect(bill(later, 'original-spice').totalUsdPerMonth).toBeGreaterThan(bill(first, 'original-spice').totalUsdPerMonth * 5);
    expect(bill(later, 'ours-aggregates').items['athena-scanned']).toBe(bill(first, 'ours-aggregates').items['athena-scanned']);
  });

  it('rejects impossible scenarios with every problem listed', () => {
    expect(() => estimateCost({ ...DEFAULT_INPUTS, stores: 0, refreshS: -1 }, prices)).toThrow(/stores[\s\S]*refreshS/);
    expect(() => estimateCost(DEFAULT_INPUTS, prices, { ...DEFAULT_ASSUMPTIONS, businessDayStartHourUtc: 20 })).toThrow(/exceed 24/);
  });
});
