/**
 * The project configuration: one typed object, read by the compiler, the CLI, the Lambda
 * bundle, the Glue job renderer and the CDK app, so they never disagree on a name or a prefix.
 */
export interface ProjectConfig {
  /** Project name, used as a prefix for AWS resource names. */
  readonly project: string;
  /** Where the models live, relative to the project root. @default "models" */
  readonly modelsDir: string;
  /** Where rendered SQL is written (committed, golden). @default "sql" */
  readonly sqlDir: string;
  /** Where the manifest and other build output go (not committed). @default "target" */
  readonly targetDir: string;
  /** Where the rendered Glue job script is written (committed, golden). @default "glue-jobs" */
  readonly glueJobsDir: string;
  readonly athena: AthenaConfig;
  readonly lake: LakeConfig;
  readonly local: LocalConfig;
  /** Partition projection defaults for `dt`-partitioned tables. */
  readonly projection: ProjectionConfig;
  /** What the stream and the batch accept, and how the local runtime waits for files. */
  readonly ingest: IngestConfig;
  /** Sizing and switches of the AWS deployment (`infra/`); names and prefixes come from the sections above. */
  readonly infra: InfraConfig;
}

export interface AthenaConfig {
  /** Glue Data Catalog database. @default "supermarket" */
  readonly database: string;
  /** Athena workgroup. @default "supermarket" */
  readonly workgroup: string;
  /** AWS region. @default "us-east-1" */
  readonly region: string;
  /** Query result location (`s3://…/`); when the workgroup enforces its own, this is ignored. */
  readonly outputLocation: string;
  /** Bytes-scanned cutoff per query, the workgroup's cost guard. @default 10 GiB */
  readonly bytesScannedCutoffPerQuery: number;
}

export interface LakeConfig {
  /** S3 bucket holding the lake (the local target mirrors its layout in a folder). */
  readonly bucket: string;
  /** Key prefixes; each ends with `/`. */
  readonly prefixes: {
    /** Historical JSON logs, input of the batch job. @default "raw/" */
    readonly raw: string;
    /** Live transaction files: the S3 trigger prefix. @default "incoming/" */
    readonly incoming: string;
    /** Declared tables: `tables/<table>/dt=YYYY-MM-DD/…parquet`. @default "tables/" */
    readonly tables: string;
    /** Quarantined input, each with its reason. @default "rejected/" */
    readonly rejected: string;
  };
}

export interface LocalConfig {
  /** The local lake folder; the `LAKE_DIR` environment variable overrides it. @default ".lake" */
  readonly lakeDir: string;
}

export interface ProjectionConfig {
  /** First day of the `dt` projection range (`yyyy-MM-dd`); the range ends at `NOW`. @default "2024-01-01" */
  readonly dtRangeStart: string;
}

export interface IngestConfig {
  /**
   * Datetimes later than now plus this many minutes are quarantined (stream and batch alike): a
   * clock far in the future would poison freshness and date ranges. The lower bound of the
   * accepted window is `projection.dtRangeStart`. @default 1440 (one day)
   */
  readonly maxFutureSkewMinutes: number;
  /**
   * Local runtime: a file in `incoming/` is handled once its size and mtime stayed unchanged for
   * this long (S3 has no partial objects; a folder does). Short: a file renamed into place is
   * stable at once, and a slower in-place writer at worst lands an intermediate version that the
   * final one replaces. @default 250
   */
  readonly settleMs: number;
}

/** The ingest defaults, in one place: the config, the manifest and the handler fall back to these. */
export const INGEST_DEFAULTS: IngestConfig = Object.freeze({ maxFutureSkewMinutes: 24 * 60, settleMs: 250 });

/**
 * The ingest Lambda's memory, sized from a measurement (`npx tsx bench/ingest-memory-bench.ts`,
 * docs/reliability.md): handling a 50 MB JSON Lines object (152k transactions, 912k items) peaks
 * at 372 MiB RSS, 210 MiB of it the handler's (it was 1,379 MiB before objects were streamed).
 * Twice that peak is 744 MiB; the next Lambda size step up, 1,024 MiB, also keeps the CPU share
 * Parquet encoding needs and leaves room for objects up to about 150 MB.
 */
export const INGEST_MEMORY_MIB_DEFAULT = 1024;

/** The AWS deployment's knobs, read by the CDK app only. */
export interface InfraConfig {
  readonly ingest: IngestInfraConfig;
  readonly glue: GlueInfraConfig;
  readonly producer: ProducerInfraConfig;
  readonly lifecycle: LifecycleInfraConfig;
  readonly quicksight: QuickSightInfraConfig;
  readonly compaction: CompactionInfraConfig;
  /** Retention of every CloudWatch log group the stack creates, in days (a CloudWatch-allowed value). @default 30 */
  readonly logRetentionDays: number;
}

export interface IngestInfraConfig {
  /** Ingest Lambda memory in MiB; CPU scales with it, and Parquet encoding is CPU-bound. @default INGEST_MEMORY_MIB_DEFAULT */
  readonly memoryMiB: number;
  /** Ingest Lambda timeout in seconds. @default 60 */
  readonly timeoutSeconds: number;
}

export interface GlueInfraConfig {
  /** Glue worker type (`G.025X`, `G.1X`, `G.2X`, `G.4X`, `G.8X`). @default "G.1X" */
  readonly workerType: string;
  /** Number of Glue workers (2 is the minimum for G.1X and larger). @default 2 */
  readonly numberOfWorkers: number;
  /** Glue job timeout in minutes. @default 60 */
  readonly timeoutMinutes: number;
}

export interface ProducerInfraConfig {
  /** Running producer tasks; 0 keeps the service deployed but idle (no Fargate cost). @default 0 */
  readonly desiredCount: number;
  /** Fargate task CPU units. @default 256 */
  readonly cpu: number;
  /** Fargate task memory in MiB. @default 512 */
  readonly memoryMiB: number;
  /** Run on Graviton (arm64, ~20% cheaper); building the image on an x86 host then needs Docker buildx/QEMU. @default true */
  readonly arm64: boolean;
}

export interface LifecycleInfraConfig {
  /** Days before quarantined objects under `rejected/` expire. @default 30 */
  readonly rejectedExpirationDays: number;
  /** Days before live files under `incoming/` expire (they are in `tables/` by then). @default 7 */
  readonly incomingExpirationDays: number;
  /** Days before Athena query results expire. @default 7 */
  readonly athenaResultsExpirationDays: number;
  /** Days before S3 server access logs expire. @default 90 */
  readonly accessLogsExpirationDays: number;
}

export interface QuickSightInfraConfig {
  /** Create the QuickSight Athena data source and one dataset per analyst view. @default false */
  readonly enabled: boolean;
  /** QuickSight user or group ARN granted access to the data source and datasets; required when enabled. @default undefined */
  readonly principalArn?: string;
}

export interface CompactionInfraConfig {
  /** EventBridge schedule expression of the compaction Lambda (`rate(…)` or `cron(…)`). @default "rate(15 minutes)" */
  readonly schedule: string;
  /** Compaction Lambda memory in MB; a merge holds a whole bin of rows in memory. @default 2048 */
  readonly memoryMb: number;
  /** Compaction Lambda timeout in minutes (at most 15); an interrupted run is finished by the next one. @default 15 */
  readonly timeoutMinutes: number;
  /** Only streaming files written at least this long ago are merged (late data keeps landing meanwhile). @default 5 */
  readonly olderThanMinutes: number;
  /** Replaced files are deleted this long after the commit, so queries already running can finish. @default 10 */
  readonly graceMinutes: number;
  /**
   * A merged file is committed by a later run, at least this long after it was written: Athena
   * (Trino) lists a table's files progressively while a query runs, so only a delay longer than the
   * longest query (Athena's DML timeout, 30 min by default) keeps a query from pairing a file
   * listing and a hidden list from two sides of the switch (docs/compaction.md). @default 35
   */
  readonly commitDelayMinutes: number;
  /**
   * Reserved concurrency of the compaction Lambda. Not needed for correctness — runs are serialized
   * per table by a lock object with a lease (docs/compaction.md) — and accounts with a low
   * concurrency quota cannot reserve any, so it is opt-in. @default undefined (none reserved)
   */
  readonly reservedConcurrency?: number;
}

/** A partial `infra` section: every field has a default. */
export type InfraConfigInput = {
  readonly ingest?: Partial<IngestInfraConfig>;
  readonly glue?: Partial<GlueInfraConfig>;
  readonly producer?: Partial<ProducerInfraConfig>;
  readonly lifecycle?: Partial<LifecycleInfraConfig>;
  readonly quicksight?: Partial<QuickSightInfraConfig>;
  readonly compaction?: Partial<CompactionInfraConfig>;
  readonly logRetentionDays?: number;
};

/** A partial configuration: every field has a default. */
export type ProjectConfigInput = {
  readonly project?: string;
  readonly modelsDir?: string;
  readonly sqlDir?: string;
  readonly targetDir?: string;
  readonly glueJobsDir?: string;
  readonly athena?: Partial<AthenaConfig>;
  readonly lake?: { readonly bucket?: string; readonly prefixes?: Partial<LakeConfig['prefixes']> };
  readonly local?: Partial<LocalConfig>;
  readonly projection?: Partial<ProjectionConfig>;
  readonly ingest?: Partial<IngestConfig>;
  readonly infra?: InfraConfigInput;
};

const GIB = 1024 ** 3;

/** Fills in the defaults and checks the values; throws with every problem listed. */
export function defineConfig(input: ProjectConfigInput = {}): ProjectConfig {
  const project = input.project ?? 'supermarket';
  const bucket = input.lake?.bucket ?? `${project}-lake`;
  const config: ProjectConfig = {
    project,
    modelsDir: input.modelsDir ?? 'models',
    sqlDir: input.sqlDir ?? 'sql',
    targetDir: input.targetDir ?? 'target',
    glueJobsDir: input.glueJobsDir ?? 'glue-jobs',
    athena: {
      database: input.athena?.database ?? 'supermarket',
      workgroup: input.athena?.workgroup ?? project,
      region: input.athena?.region ?? 'us-east-1',
      outputLocation: input.athena?.outputLocation ?? `s3://${project}-athena-results/`,
      bytesScannedCutoffPerQuery: input.athena?.bytesScannedCutoffPerQuery ?? 10 * GIB,
    },
    lake: {
      bucket,
      prefixes: {
        raw: input.lake?.prefixes?.raw ?? 'raw/',
        incoming: input.lake?.prefixes?.incoming ?? 'incoming/',
        tables: input.lake?.prefixes?.tables ?? 'tables/',
        rejected: input.lake?.prefixes?.rejected ?? 'rejected/',
      },
    },
    local: { lakeDir: input.local?.lakeDir ?? '.lake' },
    projection: { dtRangeStart: input.projection?.dtRangeStart ?? '2024-01-01' },
    ingest: {
      maxFutureSkewMinutes: input.ingest?.maxFutureSkewMinutes ?? INGEST_DEFAULTS.maxFutureSkewMinutes,
      settleMs: input.ingest?.settleMs ?? INGEST_DEFAULTS.settleMs,
    },
    infra: resolveInfra(input.infra ?? {}),
  };
  const problems = validateConfig(config);
  if (problems.length > 0) {
    throw new Error(`dbt-like.config.ts is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  return Object.freeze(config);
}

function resolveInfra(input: InfraConfigInput): InfraConfig {
  const quicksight: QuickSightInfraConfig = {
    enabled: input.quicksight?.enabled ?? false,
    ...(input.quicksight?.principalArn === undefined ? {} : { principalArn: input.quicksight.principalArn }),
  };
  return {
    ingest: {
      memoryMiB: input.ingest?.memoryMiB ?? INGEST_MEMORY_MIB_DEFAULT,
      timeoutSeconds: input.ingest?.timeoutSeconds ?? 60,
    },
    glue: {
      workerType: input.glue?.workerType ?? 'G.1X',
      numberOfWorkers: input.glue?.numberOfWorkers ?? 2,
      timeoutMinutes: input.glue?.timeoutMinutes ?? 60,
    },
    producer: {
      desiredCount: input.producer?.desiredCount ?? 0,
      cpu: input.producer?.cpu ?? 256,
      memoryMiB: input.producer?.memoryMiB ?? 512,
      arm64: input.producer?.arm64 ?? true,
    },
    lifecycle: {
      rejectedExpirationDays: input.lifecycle?.rejectedExpirationDays ?? 30,
      incomingExpirationDays: input.lifecycle?.incomingExpirationDays ?? 7,
      athenaResultsExpirationDays: input.lifecycle?.athenaResultsExpirationDays ?? 7,
      accessLogsExpirationDays: input.lifecycle?.accessLogsExpirationDays ?? 90,
    },
    quicksight,
    compaction: {
      schedule: input.compaction?.schedule ?? 'rate(15 minutes)',
      memoryMb: input.compaction?.memoryMb ?? 2048,
      timeoutMinutes: input.compaction?.timeoutMinutes ?? 15,
      olderThanMinutes: input.compaction?.olderThanMinutes ?? 5,
      graceMinutes: input.compaction?.graceMinutes ?? 10,
      commitDelayMinutes: input.compaction?.commitDelayMinutes ?? 35,
      ...(input.compaction?.reservedConcurrency === undefined ? {} : { reservedConcurrency: input.compaction.reservedConcurrency }),
    },
    logRetentionDays: input.logRetentionDays ?? 30,
  };
}

/** The retention values CloudWatch Logs accepts. */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

function validateInfra(i: InfraConfig): string[] {
  const problems: string[] = [];
  const positiveInt = (name: string, v: number, min = 1): void => {
    if (!Number.isInteger(v) || v < min) problems.push(`infra.${name} ${v} must be an integer >= ${min}`);
  };
  positiveInt('ingest.memoryMiB', i.ingest.memoryMiB, 128);
  if (i.ingest.memoryMiB > 10240) problems.push(`infra.ingest.memoryMiB ${i.ingest.memoryMiB} must be <= 10240`);
  positiveInt('ingest.timeoutSeconds', i.ingest.timeoutSeconds);
  if (i.ingest.timeoutSeconds > 900) problems.push(`infra.ingest.timeoutSeconds ${i.ingest.timeoutSeconds} must be <= 900`);
  if (!['G.025X', 'G.1X', 'G.2X', 'G.4X', 'G.8X'].includes(i.glue.workerType)) {
    problems.push(`infra.glue.workerType "${i.glue.workerType}" must be one of G.025X, G.1X, G.2X, G.4X, G.8X`);
  }
  positiveInt('glue.numberOfWorkers', i.glue.numberOfWorkers, 2);
  positiveInt('glue.timeoutMinutes', i.glue.timeoutMinutes);
  positiveInt('producer.desiredCount', i.producer.desiredCount, 0);
  positiveInt('producer.cpu', i.producer.cpu, 256);
  positiveInt('producer.memoryMiB', i.producer.memoryMiB, 512);
  for (const [name, days] of Object.entries(i.lifecycle)) positiveInt(`lifecycle.${name}`, days);
  if (!/^(rate|cron)\(.+\)$/.test(i.compaction.schedule.trim())) {
    problems.push(`infra.compaction.schedule "${i.compaction.schedule}" must be an EventBridge schedule expression, rate(…) or cron(…)`);
  }
  positiveInt('compaction.memoryMb', i.compaction.memoryMb, 128);
  if (i.compaction.memoryMb > 10240) problems.push(`infra.compaction.memoryMb ${i.compaction.memoryMb} must be <= 10240`);
  positiveInt('compaction.timeoutMinutes', i.compaction.timeoutMinutes);
  if (i.compaction.reservedConcurrency !== undefined) positiveInt('compaction.reservedConcurrency', i.compaction.reservedConcurrency);
  if (i.compaction.timeoutMinutes > 15) problems.push(`infra.compaction.timeoutMinutes ${i.compaction.timeoutMinutes} must be <= 15 (the Lambda maximum)`);
  if (!(Number.isFinite(i.compaction.olderThanMinutes) && i.compaction.olderThanMinutes >= 0)) {
    problems.push(`infra.compaction.olderThanMinutes ${i.compaction.olderThanMinutes} must be a number >= 0`);
  }
  if (!(Number.isFinite(i.compaction.graceMinutes) && i.compaction.graceMinutes >= 0)) {
    problems.push(`infra.compaction.graceMinutes ${i.compaction.graceMinutes} must be a number >= 0`);
  }
  if (!LOG_RETENTION_DAYS.includes(i.logRetentionDays)) {
    problems.push(`infra.logRetentionDays ${i.logRetentionDays} must be one of ${LOG_RETENTION_DAYS.join(', ')}`);
  }
  if (i.quicksight.principalArn !== undefined && !/^arn:aws[a-z-]*:quicksight:/.test(i.quicksight.principalArn)) {
    problems.push(`infra.quicksight.principalArn "${i.quicksight.principalArn}" must be a QuickSight user or group ARN`);
  }
  return problems;
}

function validateConfig(c: ProjectConfig): string[] {
  const problems: string[] = [];
  const athenaName = /^[a-z_][a-z0-9_]*$/;
  if (!athenaName.test(c.athena.database)) {
    problems.push(`athena.database "${c.athena.database}": use lowercase letters, digits and underscores`);
  }
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(c.lake.bucket)) {
    problems.push(`lake.bucket "${c.lake.bucket}" is not a valid S3 bucket name`);
  }
  for (const [name, prefix] of Object.entries(c.lake.prefixes)) {
    if (!prefix.endsWith('/') || prefix.startsWith('/')) {
      problems.push(`lake.prefixes.${name} "${prefix}" must end with "/" and not start with one`);
    }
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(c.projection.dtRangeStart) || Number.isNaN(Date.parse(`${c.projection.dtRangeStart}T00:00:00Z`))) {
    problems.push(`projection.dtRangeStart "${c.projection.dtRangeStart}" must be yyyy-MM-dd`);
  } else if (c.projection.dtRangeStart < '0001-01-01') {
    // Year 0 has no common day string: DuckDB prints "0001-… (BC)", JavaScript "0000-…".
    problems.push(`projection.dtRangeStart "${c.projection.dtRangeStart}" must be 0001-01-01 or later`);
  }
  if (!(Number.isFinite(c.ingest.maxFutureSkewMinutes) && c.ingest.maxFutureSkewMinutes >= 0)) {
    problems.push(`ingest.maxFutureSkewMinutes ${c.ingest.maxFutureSkewMinutes} must be a number >= 0`);
  }
  if (!(Number.isInteger(c.ingest.settleMs) && c.ingest.settleMs >= 0)) {
    problems.push(`ingest.settleMs ${c.ingest.settleMs} must be an integer >= 0`);
  }
  if (!/^s3:\/\/.+\/$/.test(c.athena.outputLocation)) {
    problems.push(`athena.outputLocation "${c.athena.outputLocation}" must be an s3:// URL ending with "/"`);
  }
  problems.push(...validateInfra(c.infra));
  return problems;
}
