import { describe, expect, it } from 'vitest';
import priceFile from '../../src/cost/aws-prices.json' with { type: 'json' };
import { DEFAULT_ASSUMPTIONS, DEFAULT_INPUTS } from '../../src/cost/cost-inputs.js';
import type { CostInputs } from '../../src/cost/cost-inputs.js';
import { COST_ITEMS } from '../../src/cost/cost-items.js';
import type { DesignEstimate } from '../../src/cost/cost-items.js';
import { athenaBilledBytes, estimateCost } from '../../src/cost/cost-model.js';
import { pricesFromFile } from '../../src/cost/prices-from-file.js';

const prices = pricesFromFile(priceFile);
const MiB = 2 ** 20;

/** Equal to within a millionth of a dollar, or a relative 1e-12 for large figures. */
function expectUsd(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.max(1e-6, Math.abs(expected) * 1e-12));
}

function sumItems(d: DesignEstimate): number {
  return Object.values(d.items).reduce((s, x) => s + x, 0);
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
  });

  it('gives each price a unit, a source URL and a retrieval date', () => {
    for (const [key, entry] of Object.entries(priceFile.prices)) {
      expect(entry.unit, key).not.toBe('');
      expect(entry.source, key).toMatch(/^https:\/\/aws\.amazon\.com\//);
      expect(entry.retrieved, key).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('rejects a price file with a missing or non-numeric price', () => {
    expect(() => pricesFromFile({ prices: { s3PutPer1000Requests: { value: 'cheap' } } })).toThrow(
      /s3PutPer1000Requests.*\n.*s3GetPer1000Requests/s,
    );
    expect(() => pricesFromFile([])).toThrow(/"prices"/);
  });
});

describe('S3 PUT cost', () => {
  const e = estimateCost(DEFAULT_INPUTS, prices);

  it('original: one PUT per transaction', () => {
    // 1000 tx/s × 2,592,000 s = 2.592e9 PUTs × $0.005/1000 = $12,960
    expectUsd(e.original.items['s3-put-incoming'], 12_960);
    // its Lambda copies each one: another 2.592e9 PUTs = $12,960
    expectUsd(e.original.items['s3-put-table-writes'], 12_960);
  });

  it('ours: one PUT per store per second, then one Parquet file per table', () => {
    // 5 stores × 2,592,000 s / 1 s window = 12,960,000 PUTs × $0.005/1000 = $64.80
    expectUsd(e.ours.items['s3-put-incoming'], 64.8);
    // 12,960,000 files × 2 tables = 25,920,000 PUTs × $0.005/1000 = $129.60, plus per object a
    // key-file PUT and one LIST page of the key index: 2 × 12,960,000 × $0.005/1000 = $129.60
    expectUsd(e.ours.items['s3-put-table-writes'], 129.6 + 129.6);
  });

  it('ours never writes more files than there are transactions', () => {
    // 0.5 tx/s with 5 stores: windows are mostly empty, so files = 0.5 × 2,592,000 = 1,296,000
    // PUTs × $0.005/1000 = $6.48 (not 5 × 2,592,000 PUTs)
    const sparse = estimateCost({ ...DEFAULT_INPUTS, txPerSecond: 0.5 }, prices);
    expectUsd(sparse.ours.items['s3-put-incoming'], 6.48);
  });
});

describe('Lambda GB-seconds (arm64)', () => {
  const e = estimateCost(DEFAULT_INPUTS, prices);

  it('ours: one invocation per micro-batch file', () => {
    // 1000 tx/s / 5 stores = 200 tx per file; 50 ms + 200 × 0.05 ms = 60 ms
    // 12,960,000 invocations × 0.060 s × 512/1024 GB = 388,800 GB-s × $0.0000133334 = $5.18402592
    expectUsd(e.ours.items['lambda-gb-s-ingest'], 5.18402592);
    // 12,960,000 requests × $0.20/1e6 = $2.592
    expectUsd(e.ours.items['lambda-requests-ingest'], 2.592);
  });

  it('original: one invocation per transaction, duration rounded up to the ms', () => {
    // 50 ms + 1 × 0.05 ms = 50.05 ms, billed as 51 ms
    // 2.592e9 invocations × 0.051 s × 128/1024 GB = 16,524,000 GB-s × $0.0000133334 = $220.3211016
    expectUsd(e.original.items['lambda-gb-s-ingest'], 220.3211016);
    // 2.592e9 requests × $0.20/1e6 = $518.40
    expectUsd(e.original.items['lambda-requests-ingest'], 518.4);
  });
});

describe('Athena billing: rounded up to the MB, 10 MB minimum per query', () => {
  it('rounds every query up to at least 10 MB', () => {
    expect(athenaBilledBytes(0, 10)).toBe(10 * MiB);
    expect(athenaBilledBytes(1, 10)).toBe(10 * MiB);
    expect(athenaBilledBytes(10 * MiB, 10)).toBe(10 * MiB);
    // one byte past 10 MB is billed as 11 MB
    expect(athenaBilledBytes(10 * MiB + 1, 10)).toBe(11 * MiB);
    // 2,597.6 MB is billed as 2,598 MB
    expect(athenaBilledBytes(2597.6 * MiB, 10)).toBe(2598 * MiB);
  });

  it('a query scanning a tiny partition costs the 10 MB minimum', () => {
    // 0.01 tx/s: today's partition holds ~54 B/tx × 0.01 × 50,400 s ≈ 27 KB, billed as 10 MB.
    // 1 viewer × (43,200 s / 60 s) × 4 queries × 30 days = 86,400 queries
    // × 10 MB / 2^20 MB per TB × $5 = 86,400 × $0.00004768 = $4.119873046875
    const e = estimateCost({ ...DEFAULT_INPUTS, txPerSecond: 0.01, dashboardViewers: 1, refreshS: 60 }, prices);
    expectUsd(e.ours.items['athena-scanned'], (86_400 * 10 * 5) / 2 ** 20);
    expectUsd(e.ours.items['athena-scanned'], 4.119873046875);
  });

  it('the default scenario scans today’s Parquet, far above the minimum', () => {
    // JSON 109 + 35 × 6.5 = 336.5 B/tx; Parquet 336.5 × 5.3/33 = 54.0439… B/tx
    // mean query at 14:00 (8:00 + 12 h / 2): 1000 tx/s × 50,400 s × 54.0439 B = 2,723.8 MB decimal
    // = 2,597.6 MiB → billed 2,598 MB. Ours refreshes once per 30 s for all 10 viewers:
    // 43,200 s / 30 s = 1,440 refreshes × 4 × 30 = 172,800 queries × 2,598 / 2^20 × $5 = $2,140.69…
    // (the original: 10 viewers × 8,640 refreshes × 4 × 30 = 10,368,000 queries)
    const e = estimateCost(DEFAULT_INPUTS, prices);
    expectUsd(e.ours.items['athena-scanned'], (172_800 * 2598 * 5) / 2 ** 20);
  });

  it('no viewers, no query cost', () => {
    const e = estimateCost({ ...DEFAULT_INPUTS, dashboardViewers: 0 }, prices);
    expect(e.ours.items['athena-scanned']).toBe(0);
    expect(e.original.items['s3-get-athena']).toBe(0);
  });
});

describe('a whole small scenario, both designs, by hand', () => {
  // 1 store, 2 tx/s, 4 items per transaction, 1 viewer refreshing every 60 s; Parquet is set to
  // exactly 1/5 of JSON so the byte arithmetic stays readable. Everything else is the default.
  const inputs: CostInputs = { stores: 1, txPerSecond: 2, itemsPerTx: 4, dashboardViewers: 1, refreshS: 60 };
  const e = estimateCost(inputs, prices, { ...DEFAULT_ASSUMPTIONS, parquetToJsonSizeRatio: 0.2 });
  // Month: 30 × 86,400 = 2,592,000 s; 2 tx/s → 5,184,000 transactions.
  // JSON: 109 + 35 × 4 = 249 B/tx (498 B/s); Parquet 249 × 0.2 = 49.8 B/tx (99.6 B/s).
  // Dashboard: 1 × (12 × 3,600 / 60 = 720 refreshes) × 4 queries × 30 days = 86,400 queries,
  // the mean one at 14:00 (8 h + 12 h / 2 = 50,400 s into the day).
  // Fargate (both): 720 h × (0.5 vCPU × $0.03238 + 1 GB × $0.00356) = 720 × $0.01975 = $14.22.

  it('ours', () => {
    const items = e.ours.items;
    expectUsd(items['fargate-producer'], 14.22);
    // one file per store per second: 2,592,000 files of 2 tx each
    // PUT 2,592,000 × $0.005/1000 = $12.96; GET 2,592,000 × $0.0004/1000 = $1.0368, plus the same
    // again for reading each object's key file once
    expectUsd(items['s3-put-incoming'], 12.96);
    expectUsd(items['s3-get-incoming'], 2 * 1.0368);
    // 2 tables × 2,592,000 = 5,184,000 PUTs × $0.005/1000 = $25.92, plus per object one key-file PUT
    // and one LIST page (2 × 2,592,000 × $0.005/1000 = $25.92)
    expectUsd(items['s3-put-table-writes'], 25.92 + 25.92);
    // 2,592,000 × $0.20/1e6 = $0.5184
    expectUsd(items['lambda-requests-ingest'], 0.5184);
    // 50 + 2 × 0.05 = 50.1 ms → billed 51 ms; 2,592,000 × 0.051 s × 0.5 GB = 66,096 GB-s × $0.0000133334
    expectUsd(items['lambda-gb-s-ingest'], 66_096 * 0.0000133334);
    // compaction every 300 s: 8,640 runs, each 300 small files per table (1 file/s × 300 s).
    // LIST: 8,640 runs × 2 tables × ceil(300/1000) = 17,280, plus nightly 30 × 2 × ceil(288/1000) = 60
    // → 17,340 × $0.005/1000 = $0.0867
    expectUsd(items['s3-list-compaction'], 0.0867);
    // GET: every small file once, 5,184,000, plus one ledger GET per incoming object, 2,592,000
    // (the ledger is never listed), plus nightly 30 days × 2 tables × 288 = 17,280
    // → 7,793,280 × $0.0004/1000 = $3.117312
    expectUsd(items['s3-get-compaction'], 3.117312);
    // PUT: 8,640 × 2 = 17,280 merged files, plus the lock: 8,640 runs × 2 tables × 5 conditional PUTs
    // = 86,400, plus nightly max(2 tables, ceil(8.6 MB/128 MB)) = 2 × 30 = 60 → 103,740 × $0.005/1000 = $0.5187
    expectUsd(items['s3-put-compaction'], 0.5187);
    // 8,640 × $0.20/1e6 = $0.001728
    expectUsd(items['lambda-requests-compaction'], 0.001728);
    // 1,000 ms + 600 files × 2 ms = 2,200 ms; 8,640 × 2.2 s × 1 GB = 19,008 GB-s × $0.0000133334
    expectUsd(items['lambda-gb-s-compaction'], 19_008 * 0.0000133334);
    // 30 nights × 2 DPU × 10/60 h × $0.44 = $4.40
    expectUsd(items['glue-dpu-hours'], 4.4);
    // mean stored: Parquet 99.6 B/s × 1,296,000 s (half the month) = 129,081,600 B,
    // plus one day of incoming JSON 498 × 86,400 = 43,027,200 B → 172,108,800 B / 2^30 × $0.023
    expectUsd(items['s3-storage'], (172_108_800 / 2 ** 30) * 0.023);
    // today's Parquet at 14:00: 99.6 × 50,400 = 5,019,840 B ≈ 4.8 MB → billed the 10 MB minimum
    // 86,400 × 10 / 2^20 × $5 = $4.119873046875
    expectUsd(items['athena-scanned'], 4.119873046875);
    // files per table at 14:00: 50,400/300 = 168 compacted + 1 file/s × 150 s waiting = 318
    // LIST: 2 tables × ceil(318/1000) = 2 per query × 86,400 = 172,800 × $0.005/1000 = $0.864
    expectUsd(items['s3-list-athena'], 0.864);
    // GET: 2 × 318 = 636 objects × 86,400 = 54,950,400 × $0.0004/1000 = $21.98016
    expectUsd(items['s3-get-athena'], 21.98016);
    // results: 2 PUTs × 86,400 × $0.005/1000 = $0.864; 1 GET × 86,400 × $0.0004/1000 = $0.03456
    expectUsd(items['s3-put-athena-results'], 0.864);
    expectUsd(items['s3-get-athena-results'], 0.03456);
    // catalog: 10 objects / 100,000 × $1 + 2 × 86,400 requests / 1e6 × $1 = $0.0001 + $0.1728
    expectUsd(items['glue-catalog'], 0.1729);

    expectUsd(e.ours.totalUsdPerMonth, sumItems(e.ours));
    expectUsd(e.ours.totalUsdPerMonth, 90.4847453631218 + 1.0368 + 0.432 + 1.0368 + 25.92);
    // 5,184,000 tx = 5.184 million
    expectUsd(e.ours.perMillionTransactionsUsd, e.ours.totalUsdPerMonth / 5.184);
  });

  it('original', () => {
    const items = e.original.items;
    expectUsd(items['fargate-producer'], 14.22);
    // per transaction: PUT 5,184,000 × $0.005/1000 = $25.92; Lambda GET × $0.0004/1000 = $2.0736;
    // Lambda copy PUT another $25.92
    expectUsd(items['s3-put-incoming'], 25.92);
    expectUsd(items['s3-get-incoming'], 2.0736);
    expectUsd(items['s3-put-table-writes'], 25.92);
    // 5,184,000 × $0.20/1e6 = $1.0368
    expectUsd(items['lambda-requests-ingest'], 1.0368);
    // 50.05 ms → 51 ms; 5,184,000 × 0.051 s × 0.125 GB = 33,048 GB-s × $0.0000133334
    expectUsd(items['lambda-gb-s-ingest'], 33_048 * 0.0000133334);
    for (const id of ['s3-list-compaction', 's3-get-compaction', 's3-put-compaction', 'lambda-requests-compaction', 'lambda-gb-s-compaction', 'glue-dpu-hours'] as const) {
      expect(items[id], id).toBe(0);
    }
    // mean stored JSON: 498 B/s × 1,296,000 s = 645,408,000 B + 43,027,200 B incoming → / 2^30 × $0.023
    expectUsd(items['s3-storage'], (688_435_200 / 2 ** 30) * 0.023);
    // the mean query is at day 14.5 + 14 h: 14.5 × 86,400 + 50,400 = 1,303,200 s of data
    // = 2,606,400 objects × 249 B = 648,993,600 B = 618.93 MB → billed 619 MB
    // 86,400 × 619 / 2^20 × $5 = $255.0201416015625
    expectUsd(items['athena-scanned'], 255.0201416015625);
    // LIST: ceil(2,606,400/1000) = 2,607 × 86,400 = 225,244,800 × $0.005/1000 = $1,126.224
    expectUsd(items['s3-list-athena'], 1126.224);
    // GET: 2,606,400 objects × 86,400 queries = 225,192,960,000 × $0.0004/1000 = $90,077.184
    expectUsd(items['s3-get-athena'], 90_077.184);
    expectUsd(items['s3-put-athena-results'], 0.864);
    expectUsd(items['s3-get-athena-results'], 0.03456);
    expectUsd(items['glue-catalog'], 0.1729);

    expectUsd(e.original.totalUsdPerMonth, sumItems(e.original));
    expectUsd(e.original.perMillionTransactionsUsd, e.original.totalUsdPerMonth / 5.184);
  });
});

describe('estimateCost', () => {
  it('prices every item for both designs, and totals add up', () => {
    const e = estimateCost(DEFAULT_INPUTS, prices);
    for (const design of [e.ours, e.original]) {
      expect(Object.keys(design.items).sort()).toEqual(COST_ITEMS.map((i) => i.id).sort());
      for (const v of Object.values(design.items)) expect(Number.isFinite(v) && v >= 0).toBe(true);
      expectUsd(design.totalUsdPerMonth, sumItems(design));
    }
  });

  it('meets the issue’s target at 1,000 tx/s: ours at most 1/10 of the original', () => {
    const e = estimateCost(DEFAULT_INPUTS, prices);
    expect(e.ours.totalUsdPerMonth * 10).toBeLessThanOrEqual(e.original.totalUsdPerMonth);
  });

  it('the original gets dearer every month because its queries scan all history; ours does not', () => {
    const first = estimateCost(DEFAULT_INPUTS, prices);
    const later = estimateCost(DEFAULT_INPUTS, prices, { ...DEFAULT_ASSUMPTIONS, historyDaysAtMonthStart: 180 });
    expect(later.original.items['athena-scanned']).toBeGreaterThan(first.original.items['athena-scanned'] * 5);
    expect(later.ours.items['athena-scanned']).toBe(first.ours.items['athena-scanned']);
  });

  it('rejects impossible scenarios with every problem listed', () => {
    expect(() => estimateCost({ ...DEFAULT_INPUTS, stores: 0, refreshS: -1 }, prices)).toThrow(/stores[\s\S]*refreshS/);
    expect(() =>
      estimateCost(DEFAULT_INPUTS, prices, { ...DEFAULT_ASSUMPTIONS, businessDayStartHourUtc: 20 }),
    ).toThrow(/exceed 24/);
  });
});
