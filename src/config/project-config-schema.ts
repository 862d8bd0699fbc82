import { z } from 'zod';
import { infraConfigSchema } from './infra-config-schema.js';
import { integer, matching, nonNegative } from './schema-fields.js';

/**
 * The project configuration (`dbt-like.config.ts`) as a zod schema: the one place that says each
 * key's type, default and meaning. `defineConfig` parses with it, the CLI, the Lambda and the CDK
 * app read the parsed object or the exported defaults, and `npm run docs:reference` prints it.
 */

const GIB = 1024 ** 3;

const prefix = (what: string, fallback: string) =>
  matching(/^[^/].*\/$/, 'a key prefix that ends with "/" and does not start with one')
    .default(fallback)
    .describe(what);

const athenaSchema = z.strictObject({
  database: matching(/^[a-z_][a-z0-9_]*$/, 'lowercase letters, digits and underscores')
    .default('supermarket')
    .describe('Glue Data Catalog database.'),
  workgroup: z.string().min(1).optional().describe('Athena workgroup. Default: the project name.'),
  region: z.string().min(1).default('us-east-1').describe('AWS region.'),
  outputLocation: matching(/^s3:\/\/.+\/$/, 'an s3:// URL ending with "/"')
    .optional()
    .describe('Query result location; ignored when the workgroup enforces its own. Default: `s3://<project>-athena-results/`.'),
  bytesScannedCutoffPerQuery: integer(10_000_000)
    .default(10 * GIB)
    .describe("Bytes-scanned cutoff per query, the workgroup's cost guard (10 GiB; Athena's minimum is 10,000,000)."),
});

const lakeSchema = z.strictObject({
  bucket: matching(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'a valid S3 bucket name')
    .optional()
    .describe('S3 bucket holding the lake (the local target mirrors its layout in a folder). Default: `<project>-lake`.'),
  prefixes: z
    .strictObject({
      raw: prefix('Historical JSON logs, input of the batch job.', 'raw/'),
      incoming: prefix('Live transaction files: the S3 trigger prefix.', 'incoming/'),
      tables: prefix('Declared tables: `tables/<table>/dt=YYYY-MM-DD/…parquet`.', 'tables/'),
      rejected: prefix('Quarantined input, each with its reason.', 'rejected/'),
    })
    .prefault({}),
});

const dtRangeStart = z
  .string()
  .refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), { error: 'must be yyyy-MM-dd', abort: true })
  // Year 0 has no common day string: DuckDB prints "0001-… (BC)", JavaScript "0000-…".
  .refine((s) => s >= '0001-01-01', { error: 'must be 0001-01-01 or later' });

export const ingestConfigSchema = z.strictObject({
  maxFutureSkewMinutes: nonNegative()
    .default(24 * 60)
    .describe(
      'Datetimes later than now plus this many minutes are quarantined (stream and batch alike): a clock far in the future would poison freshness and date ranges. The lower bound is `projection.dtRangeStart`.',
    ),
  settleMs: integer(0)
    .default(250)
    .describe(
      'Local runtime: a file in `incoming/` is handled once its size and mtime stayed unchanged this long (S3 has no partial objects; a folder does). A file renamed in from a dot file of the same folder (the writer contract) is complete and handled at once.',
    ),
  batchingWindowMs: integer(0)
    .default(20)
    .describe(
      "Local runtime: a handler slot that is free waits this long after a file is ready for others to join its invocation (the local counterpart of the SQS mapping's `infra.ingest.batchingWindowSeconds`): the files a producer writes together land as one batch instead of one alone and the rest after it. 0 sends each file at once.",
    ),
});

export const projectConfigSchema = z
  .strictObject({
    project: matching(/^[a-z][a-z0-9-]*$/, 'lowercase letters, digits and hyphens, starting with a letter')
      .default('supermarket')
      .describe('Project name, used as a prefix for AWS resource names.'),
    modelsDir: z.string().min(1).default('models').describe('Where the models live, relative to the project root.'),
    sqlDir: z.string().min(1).default('sql').describe('Where rendered SQL is written (committed, golden).'),
    targetDir: z.string().min(1).default('target').describe('Where the manifest and other build output go (not committed).'),
    glueJobsDir: z.string().min(1).default('glue-jobs').describe('Where the rendered Glue job script is written (committed, golden).'),
    athena: athenaSchema.prefault({}),
    lake: lakeSchema.prefault({}),
    local: z
      .strictObject({ lakeDir: z.string().min(1).default('.lake').describe('The local lake folder; the `LAKE_DIR` environment variable overrides it.') })
      .prefault({}),
    projection: z
      .strictObject({
        dtRangeStart: dtRangeStart.default('2024-01-01').describe('First day of the `dt` projection range (`yyyy-MM-dd`); the range ends at `NOW`.'),
      })
      .prefault({}),
    ingest: ingestConfigSchema.prefault({}),
    infra: infraConfigSchema.prefault({}),
  })
  // Defaults derived from the project name.
  .transform((c) => ({
    ...c,
    athena: { ...c.athena, workgroup: c.athena.workgroup ?? c.project, outputLocation: c.athena.outputLocation ?? `s3://${c.project}-athena-results/` },
    lake: { ...c.lake, bucket: c.lake.bucket ?? `${c.project}-lake` },
  }));

/** Every project-config default (before the project name's derived ones matter, it is the default project's). */
export const PROJECT_DEFAULTS = Object.freeze(projectConfigSchema.parse({}));

/** The ingest defaults, in one place: the config, the manifest and the handler fall back to these. */
export const INGEST_DEFAULTS = Object.freeze(ingestConfigSchema.parse({}));
