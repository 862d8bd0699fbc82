import { z } from 'zod';
import { integer, matching, nonNegative, oneOf } from './schema-fields.js';

/**
 * The `infra` section of the project config: the AWS deployment's knobs, read by the CDK app
 * (`infra/`) and, for compaction, by the CLI and the Lambda too. Each default is written here
 * once; the constructs and commands read it from `INFRA_DEFAULTS`.
 */

/**
 * The ingest Lambda's memory, sized from a measurement (`npx tsx bench/ingest-memory-bench.ts`,
 * docs/reliability.md): handling a 50 MB JSON Lines object (152k transactions, 912k items) peaks
 * at 372 MiB RSS, 210 MiB of it the handler's (it was 1,379 MiB before objects were streamed).
 * Twice that peak is 744 MiB; the next Lambda size step up, 1,024 MiB, also keeps the CPU share
 * Parquet encoding needs and leaves room for objects up to about 150 MB.
 */
export const INGEST_MEMORY_MIB_DEFAULT = 1024;

/** The retention values CloudWatch Logs accepts. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

export const GLUE_WORKER_TYPES = ['G.025X', 'G.1X', 'G.2X', 'G.4X', 'G.8X'] as const;

const ingestInfraSchema = z.strictObject({
  memoryMiB: integer(128, 10240)
    .default(INGEST_MEMORY_MIB_DEFAULT)
    .describe('Ingest Lambda memory in MiB; CPU scales with it, and Parquet encoding is CPU-bound (sized by bench/ingest-memory-bench.ts).'),
  timeoutSeconds: integer(1, 900).default(60).describe('Ingest Lambda timeout in seconds.'),
  batchSize: integer(1, 10000)
    .default(1000)
    .describe('Most S3 events (objects) the SQS event source mapping hands one ingest invocation; 1,000 events are ≈ 1.5 MB, under Lambda’s 6 MB payload.'),
  batchingWindowSeconds: integer(0, 1)
    .default(1)
    .describe('How long the mapping gathers events before it invokes (seconds); at most 1, since every object waits as long.'),
});

const glueInfraSchema = z.strictObject({
  workerType: oneOf(GLUE_WORKER_TYPES).default('G.1X').describe('Glue worker type.'),
  numberOfWorkers: integer(2).default(2).describe('Number of Glue workers (2 is the minimum for G.1X and larger).'),
  timeoutMinutes: integer(1).default(60).describe('Glue job timeout in minutes.'),
});

const producerInfraSchema = z.strictObject({
  desiredCount: integer(0).default(0).describe('Running producer tasks; 0 keeps the service deployed but idle (no Fargate cost).'),
  cpu: integer(256).default(256).describe('Fargate task CPU units.'),
  memoryMiB: integer(512).default(512).describe('Fargate task memory in MiB.'),
  arm64: z.boolean().default(true).describe('Run on Graviton (arm64, ~20% cheaper); building the image on an x86 host then needs Docker buildx/QEMU.'),
});

const lifecycleInfraSchema = z.strictObject({
  rejectedExpirationDays: integer(1).default(30).describe('Days before quarantined objects under `rejected/` expire.'),
  incomingExpirationDays: integer(1).default(7).describe('Days before live files under `incoming/` expire (they are in `tables/` by then).'),
  athenaResultsExpirationDays: integer(1).default(7).describe('Days before Athena query results expire.'),
  accessLogsExpirationDays: integer(1).default(90).describe('Days before S3 server access logs expire.'),
});

const quicksightInfraSchema = z.strictObject({
  enabled: z.boolean().default(false).describe('Create the QuickSight Athena data source and one dataset per analyst view.'),
  principalArn: matching(/^arn:aws[a-z-]*:quicksight:/, 'a QuickSight user or group ARN')
    .optional()
    .describe('QuickSight user or group ARN granted access to the data source and datasets; required when enabled.'),
});

export const compactionConfigSchema = z.strictObject({
  schedule: z
    .string()
    .refine((s) => /^(rate|cron)\(.+\)$/.test(s.trim()), { error: 'must be an EventBridge schedule expression, rate(…) or cron(…)' })
    .default('rate(15 minutes)')
    .describe('EventBridge schedule expression of the compaction Lambda (`rate(…)` or `cron(…)`).'),
  memoryMb: integer(128, 10240).default(2048).describe('Compaction Lambda memory in MB; a merge holds a whole bin of rows in memory.'),
  timeoutMinutes: integer(1, 15, ' (the Lambda maximum)')
    .default(15)
    .describe('Compaction Lambda timeout in minutes (at most 15); an interrupted run is finished by the next one.'),
  olderThanMinutes: nonNegative()
    .default(5)
    .describe(
      'On AWS, only streaming files written at least this long ago are merged (late data keeps landing meanwhile); `npm run compact` merges every file unless given `--older-than`.',
    ),
  graceMinutes: nonNegative()
    .default(10)
    .describe(
      'Replaced files are deleted this long after the commit, so queries already running can finish (the Lambda, `npm run compact` and the library all default to it).',
    ),
  commitDelayMinutes: nonNegative()
    .default(35)
    .describe(
      "A merged file is committed by a later run, at least this long after it was written: Athena lists a table's files progressively while a query runs, so only a delay longer than the longest query (Athena's DML timeout, 30 min by default) is safe (docs/compaction.md). Applies on S3; on the lake folder a run commits its own merges.",
    ),
  targetMb: z.number().positive({ error: 'must be a positive number of megabytes' }).default(128).describe('Largest compacted file, in MiB of input Parquet.'),
  reservedConcurrency: integer(1)
    .optional()
    .describe(
      'Reserved concurrency of the compaction Lambda; not needed for correctness (runs are serialized per table by a lock object), and opt-in because accounts with a low quota cannot reserve any.',
    ),
});

export const infraConfigSchema = z.strictObject({
  ingest: ingestInfraSchema.prefault({}),
  glue: glueInfraSchema.prefault({}),
  producer: producerInfraSchema.prefault({}),
  lifecycle: lifecycleInfraSchema.prefault({}),
  quicksight: quicksightInfraSchema.prefault({}),
  compaction: compactionConfigSchema.prefault({}),
  logRetentionDays: z
    .number()
    .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), { error: `must be one of ${LOG_RETENTION_DAYS.join(', ')}` })
    .default(30)
    .describe(
      'Retention of every CloudWatch log group the stack creates, in days: one of the values CloudWatch Logs allows (LOG_RETENTION_DAYS: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, …).',
    ),
});

/** Every `infra` default, parsed from the schema: the constructs and commands fall back to these. */
export const INFRA_DEFAULTS = Object.freeze(infraConfigSchema.parse({}));

/** The compaction defaults (the library, the CLI, the Lambda and the construct share them). */
export const COMPACTION_DEFAULTS = INFRA_DEFAULTS.compaction;
