/**
 * The price list the cost model reads (`aws-prices.json`), as plain numbers. Validated by hand so a
 * bad edit of the file fails loudly instead of silently costing something at $0.
 */

/** A price as stored in `aws-prices.json`: the figure and where it came from. */
export interface AwsPriceEntry {
  readonly value: number;
  readonly unit: string;
  readonly source: string;
  readonly retrieved: string;
}

/** The prices the model uses (us-east-1, on-demand, USD), as plain numbers. */
export interface AwsPrices {
  /** USD per 1,000 PUT/COPY/POST/LIST requests. */
  readonly s3PutPer1000Requests: number;
  /** USD per 1,000 GET requests. */
  readonly s3GetPer1000Requests: number;
  /** USD per GB-month of S3 Standard. */
  readonly s3StoragePerGbMonth: number;
  /** USD per million Lambda requests. */
  readonly lambdaPerMillionRequests: number;
  /** USD per GB-second of arm64 Lambda. */
  readonly lambdaArm64PerGbSecond: number;
  /** USD per TB scanned by Athena. */
  readonly athenaPerTbScanned: number;
  /** Athena bills at least this many MB per query. */
  readonly athenaMinimumMbPerQuery: number;
  /** USD per Glue DPU-hour. */
  readonly glueDpuHour: number;
  /** Glue bills at least this many seconds per job run. */
  readonly glueMinimumBilledSeconds: number;
  /** USD per 100,000 Glue Data Catalog objects per month. */
  readonly glueCatalogPer100kObjects: number;
  /** USD per million Glue Data Catalog requests. */
  readonly glueCatalogPerMillionRequests: number;
  /** USD per vCPU-hour of arm64 Fargate. */
  readonly fargateArm64PerVcpuHour: number;
  /** USD per GB-hour of arm64 Fargate memory. */
  readonly fargateArm64PerGbHour: number;
  /** USD per million SQS requests (standard queue). */
  readonly sqsPerMillionRequests: number;
  /** USD per QuickSight reader per month. */
  readonly quicksightReaderPerMonth: number;
  /** USD per QuickSight author per month. */
  readonly quicksightAuthorPerMonth: number;
  /** USD per GB-month of SPICE beyond the included capacity. */
  readonly spicePerGbMonth: number;
}

const PRICE_KEYS = [
  's3PutPer1000Requests',
  's3GetPer1000Requests',
  's3StoragePerGbMonth',
  'lambdaPerMillionRequests',
  'lambdaArm64PerGbSecond',
  'athenaPerTbScanned',
  'athenaMinimumMbPerQuery',
  'glueDpuHour',
  'glueMinimumBilledSeconds',
  'glueCatalogPer100kObjects',
  'glueCatalogPerMillionRequests',
  'fargateArm64PerVcpuHour',
  'fargateArm64PerGbHour',
  'sqsPerMillionRequests',
  'quicksightReaderPerMonth',
  'quicksightAuthorPerMonth',
  'spicePerGbMonth',
] as const satisfies readonly (keyof AwsPrices)[];

/**
 * Reads the `prices` section of `aws-prices.json` (passed in already parsed, so this stays pure).
 * Throws listing every missing or non-numeric price, so a bad edit of the file fails loudly
 * instead of silently costing something at $0.
 */
export function pricesFromFile(file: unknown): AwsPrices {
  const prices = isRecord(file) && isRecord(file['prices']) ? file['prices'] : undefined;
  if (prices === undefined) throw new Error('aws-prices.json: expected an object with a "prices" object');
  const problems: string[] = [];
  const out: Partial<Record<keyof AwsPrices, number>> = {};
  for (const key of PRICE_KEYS) {
    const entry = prices[key];
    const value = isRecord(entry) ? entry['value'] : undefined;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      problems.push(`prices.${key}.value must be a non-negative number`);
    } else {
      out[key] = value;
    }
  }
  if (problems.length > 0) throw new Error(`aws-prices.json is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return out as AwsPrices;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
