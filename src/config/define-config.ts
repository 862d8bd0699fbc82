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
  };
  const problems = validateConfig(config);
  if (problems.length > 0) {
    throw new Error(`dbt-like.config.ts is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  return Object.freeze(config);
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
  if (!/^\d{4}-\d{2}-\d{2}$/.test(c.projection.dtRangeStart)) {
    problems.push(`projection.dtRangeStart "${c.projection.dtRangeStart}" must be yyyy-MM-dd`);
  }
  if (!/^s3:\/\/.+\/$/.test(c.athena.outputLocation)) {
    problems.push(`athena.outputLocation "${c.athena.outputLocation}" must be an s3:// URL ending with "/"`);
  }
  return problems;
}
