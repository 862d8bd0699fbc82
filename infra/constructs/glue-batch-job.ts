import { ArnFormat, Aws, Stack, Validations } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { INFRA_DEFAULTS } from '../../src/config/infra-config-schema.js';
import type { LakePrefixes } from './lake-prefixes.js';
import { nagArn } from './nag-arn.js';
import { acknowledgePrefixWildcards, listBucketStatement, objectArns } from './lake-prefixes.js';

/** Props of {@link GlueBatchJob}. */
export interface GlueBatchJobProps {
  /** Glue job name; `npm run backfill -- --target athena` starts it by this name. */
  readonly jobName: string;
  /** Local path of the rendered PySpark script, uploaded as an S3 asset. */
  readonly scriptPath: string;
  /** The lake bucket. */
  readonly lakeBucket: s3.IBucket;
  /** The lake's key prefixes (the job reads `raw`, writes `tables`, quarantines into `rejected`). */
  readonly prefixes: LakePrefixes;
  /**
   * Where the job may write quarantined records: the rendered script appends malformed JSON under
   * `<REJECTED_PATH>batch/<run id>/`. Narrower than `rejected/` so the job can never touch the
   * ingest Lambda's quarantine files.
   * @default `${prefixes.rejected}batch/`
   */
  readonly rejectedWritePrefix?: string;
  /** Glue database, passed as `--DATABASE` and readable through the Data Catalog. */
  readonly databaseName: string;
  /** `arn:…:catalog`. */
  readonly catalogArn: string;
  /** Glue worker type. @default "G.1X" */
  readonly workerType?: string;
  /** Number of Glue workers. @default 2 */
  readonly numberOfWorkers?: number;
  /** Job timeout in minutes. @default 60 */
  readonly timeoutMinutes?: number;
  /** Retention of the job's log groups (`…/error` and `…/output`). @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * The backfill Glue job: Glue 5.0 running the rendered script over `raw/` into `tables/`
 * (malformed records into `rejected/batch/`).
 */
export class GlueBatchJob extends Construct {
  readonly job: glue.CfnJob;
  readonly role: iam.Role;
  readonly jobName: string;
  /** Glue 5.0 names its groups `<prefix>/error` (Spark, system and GlueLogger logs) and `<prefix>/output` (the script's stdout and stderr). */
  readonly logGroupPrefix: string;
  readonly errorLogGroup: logs.LogGroup;
  readonly outputLogGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: GlueBatchJobProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const bucket = props.lakeBucket;
    const { raw, tables, rejected } = props.prefixes;
    const rejectedBatch = props.rejectedWritePrefix ?? `${rejected}batch/`;
    this.jobName = props.jobName;

    const script = new s3assets.Asset(this, 'Script', { path: props.scriptPath });

    // Glue 5.0 has no continuous-logging options (those are Glue 4.0 and earlier): every job logs in
    // real time to /aws-glue/jobs/error and /aws-glue/jobs/output, or to <prefix>/error and
    // <prefix>/output with --custom-logGroup-prefix. Both groups are created here, with retention,
    // before the first run; otherwise Glue creates them itself, kept forever.
    this.logGroupPrefix = `/aws-glue/jobs/${props.jobName}`;
    const retention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    this.errorLogGroup = new logs.LogGroup(this, 'ErrorLogGroup', { logGroupName: `${this.logGroupPrefix}/error`, retention });
    this.outputLogGroup = new logs.LogGroup(this, 'OutputLogGroup', { logGroupName: `${this.logGroupPrefix}/output`, retention });

    // A dedicated role with inline statements: AWSGlueServiceRole grants s3 and glue wildcards.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('glue.amazonaws.com'),
      description: `Glue job ${props.jobName}: reads ${raw}, writes ${tables}`,
    });
    const policy = new iam.Policy(this, 'Policy', {
      statements: [
        new iam.PolicyStatement({
          sid: 'ReadScript',
          actions: ['s3:GetObject'],
          resources: [`arn:${Aws.PARTITION}:s3:::${script.s3BucketName}/${script.s3ObjectKey}`],
        }),
        new iam.PolicyStatement({
          sid: 'ReadRaw',
          actions: ['s3:GetObject'],
          resources: objectArns(bucket, [raw]),
        }),
        // The job writes into tables/.staging-<run>/ and moves its files into the partitions
        // (on S3 a rename is a copy and a delete), replacing its own batch-* files: read and delete on tables/.
        new iam.PolicyStatement({
          sid: 'WriteTablesAndBatchRejects',
          actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
          resources: objectArns(bucket, [tables, rejectedBatch]),
        }),
        listBucketStatement('ListOwnPrefixes', bucket, [raw, tables, rejectedBatch]),
        new iam.PolicyStatement({
          sid: 'ReadCatalog',
          // The Hive metastore client looks up the `default` database at start-up.
          actions: [
            'glue:GetDatabase',
            'glue:GetDatabases',
            'glue:GetTable',
            'glue:GetTables',
            'glue:GetPartition',
            'glue:GetPartitions',
            'glue:BatchGetPartition',
            'glue:GetUserDefinedFunctions',
          ],
          resources: [
            props.catalogArn,
            stack.formatArn({ service: 'glue', resource: 'database', resourceName: 'default' }),
            stack.formatArn({ service: 'glue', resource: 'database', resourceName: props.databaseName }),
            stack.formatArn({ service: 'glue', resource: 'table', resourceName: `${props.databaseName}/*` }),
            stack.formatArn({ service: 'glue', resource: 'userDefinedFunction', resourceName: `${props.databaseName}/*` }),
          ],
        }),
        new iam.PolicyStatement({
          sid: 'WriteLogs',
          // Glue writes driver and executor logs to the job's <prefix>/error and <prefix>/output groups.
          actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '/aws-glue/*', arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
        }),
      ],
    });
    policy.attachToRole(this.role);
    acknowledgePrefixWildcards(policy, bucket, [raw, tables, rejectedBatch], 'The Glue job');
    Validations.of(policy).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::${nagArn(policy, 'glue', `table/${props.databaseName}/*`)}]`,
        reason: `Read-only catalog access to the tables and views of ${props.databaseName} only; migrate creates them, so their names are not known here.`,
      },
      {
        id: `AwsSolutions-IAM5[Resource::${nagArn(policy, 'glue', `userDefinedFunction/${props.databaseName}/*`)}]`,
        reason: `Spark's Hive metastore client lists the user-defined functions of ${props.databaseName} when it resolves SQL; read-only.`,
      },
      {
        id: `AwsSolutions-IAM5[Resource::${nagArn(policy, 'logs', 'log-group:/aws-glue/*')}]`,
        reason:
          'Glue writes driver and executor output to the /aws-glue/jobs/* groups it names itself; the grant stays inside /aws-glue/ of this account and region.',
      },
    );

    this.job = new glue.CfnJob(this, 'Job', {
      name: props.jobName,
      description: `Backfill: ${raw} JSON logs into partitioned Parquet under ${tables}`,
      role: this.role.roleArn,
      glueVersion: '5.0',
      command: { name: 'glueetl', pythonVersion: '3', scriptLocation: script.s3ObjectUrl },
      workerType: props.workerType ?? INFRA_DEFAULTS.glue.workerType,
      numberOfWorkers: props.numberOfWorkers ?? INFRA_DEFAULTS.glue.numberOfWorkers,
      timeout: props.timeoutMinutes ?? INFRA_DEFAULTS.glue.timeoutMinutes,
      // A rerun replaces the partitions it writes, so a retry is what the user does, not Glue.
      maxRetries: 0,
      // Two concurrent backfills would overwrite each other's partitions.
      executionProperty: { maxConcurrentRuns: 1 },
      defaultArguments: {
        '--job-language': 'python',
        '--RAW_PATH': `s3://${bucket.bucketName}/${raw}`,
        '--TABLES_PATH': `s3://${bucket.bucketName}/${tables}`,
        '--REJECTED_PATH': `s3://${bucket.bucketName}/${rejected}`,
        '--DATABASE': props.databaseName,
        '--enable-glue-datacatalog': 'true',
        // Idempotency comes from the job replacing its own batch-* files; bookmarks would skip files on a rerun.
        '--job-bookmark-option': 'job-bookmark-disable',
        // Never dynamic partition overwrite: it would delete the streamed files of every partition it touches.
        '--conf': 'spark.sql.parquet.outputTimestampType=TIMESTAMP_MILLIS',
        '--custom-logGroup-prefix': this.logGroupPrefix,
      },
    });
    this.job.node.addDependency(policy, this.errorLogGroup, this.outputLogGroup);
    Validations.of(this.job).acknowledge(
      {
        id: 'AwsSolutions-GL1',
        reason:
          'CloudWatch log encryption needs a customer KMS key and key policy; the job logs row counts and errors, not transaction data, and CloudWatch encrypts at rest anyway.',
      },
      {
        id: 'AwsSolutions-GL3',
        reason: 'The job does not use job bookmarks (a rerun replaces its own batch-* files), so there is no bookmark data to encrypt.',
      },
    );
  }
}
