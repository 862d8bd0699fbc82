/**
 * The price list the cost model reads (`aws-prices.json`), as plain numbers. Validated by the zod schema
 * of aws-prices.ts, so a bad edit of the file fails loudly instead of silently costing something at $0.
 */

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

// The list of price keys and the validation live once, in aws-prices.ts (a zod schema).
export { pricesFromFile } from './aws-prices.js';
