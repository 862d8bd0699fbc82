import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { INFRA_DEFAULTS } from '../../src/config/infra-config-schema.js';
import { bundledFunctionProps } from './bundled-function.js';
import type { LakePrefixes } from './lake-prefixes.js';
import { acknowledgePrefixWildcards, objectArns } from './lake-prefixes.js';
import { acknowledgeOwnLogStreams, ownLogStreamsStatement } from './own-log-streams.js';

/** Props of {@link CompactionSchedule}. */
export interface CompactionScheduleProps {
  /** The lake bucket whose `tables/` partitions are compacted. */
  readonly lakeBucket: s3.IBucket;
  /** The lake's key prefixes. */
  readonly prefixes: LakePrefixes;
  /** Repository root: the entry and lock file are resolved against it. @default process.cwd() */
  readonly projectRoot?: string;
  /** The handler module exporting `handler()`, relative to `projectRoot`. @default "lambda/compaction-handler.ts" */
  readonly entry?: string;
  /** EventBridge schedule expression, `rate(…)` or `cron(…)`. @default "rate(15 minutes)" */
  readonly schedule?: string;
  /** Memory in MiB: a merge holds one bin of rows (up to `targetBytes` of Parquet, decoded) in memory. @default 2048 */
  readonly memoryMiB?: number;
  /** Timeout in minutes, at most 15; a run cut short is completed or rolled back by the next one. @default 15 */
  readonly timeoutMinutes?: number;
  /** Only streaming files written at least this long ago are merged. @default 5 */
  readonly olderThanMinutes?: number;
  /** Replaced files are deleted this long after the commit, so running queries can finish. @default 10 */
  readonly graceMinutes?: number;
  /**
   * A merged file is committed by a later run, at least this long after it was written (longer than
   * the longest Athena query, whose file listing is progressive). @default 35
   */
  readonly commitDelayMinutes?: number;
  /** Largest compacted file, in bytes of input Parquet. @default 134217728 (128 MiB) */
  readonly targetBytes?: number;
  /**
   * Reserved concurrency. Runs are serialized per table by the compaction lock (a lock object with a
   * lease in the bucket), not by this; reserving needs unreserved quota to spare, which new
   * accounts lack. @default undefined (none reserved)
   */
  readonly reservedConcurrency?: number;
  /** Retention of the function's log group. @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** Runtime. @default lambda.Runtime.NODEJS_24_X (the newest Node.js runtime in this aws-cdk-lib) */
  readonly runtime?: lambda.Runtime;
  /** Extra environment variables, merged over the compaction ones. @default {} */
  readonly environment?: Readonly<Record<string, string>>;
}

/**
 * Scheduled compaction of the lake's small files: an esbuild-bundled arm64 Lambda (no Docker) that
 * runs `compactTables` on the lake bucket, invoked by an EventBridge rule; one compactor per table
 * at a time, by the lock object each run takes.
 */
export class CompactionSchedule extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly rule: events.Rule;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: CompactionScheduleProps) {
    super(scope, id);
    const projectRoot = props.projectRoot ?? process.cwd();
    const { tables } = props.prefixes;
    const timeoutMinutes = props.timeoutMinutes ?? INFRA_DEFAULTS.compaction.timeoutMinutes;
    if (!Number.isInteger(timeoutMinutes) || timeoutMinutes < 1 || timeoutMinutes > 15) {
      throw new Error(`CompactionSchedule: timeoutMinutes ${timeoutMinutes} must be an integer from 1 to 15 (the Lambda maximum)`);
    }
    const minute = 60_000;

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
    });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Compaction Lambda: merges small files under ${tables}`,
    });
    const policy = new iam.Policy(this, 'Policy', {
      statements: [
        // Small files and the ledger are read; compacted files and hidden lists (`_hidden/`) written;
        // superseded and rolled-back files deleted. All of it lives under tables/.
        new iam.PolicyStatement({
          sid: 'CompactTables',
          actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
          resources: objectArns(props.lakeBucket, [tables]),
        }),
        // Partitions and the ledger are listed under tables/ only. A partition without a hidden list
        // is the common case: its HEAD must get a 404, which S3 grants only to callers allowed
        // s3:ListBucket through an implicit check carrying no s3:prefix, hence IfExists.
        new iam.PolicyStatement({
          sid: 'ListTables',
          actions: ['s3:ListBucket'],
          resources: [props.lakeBucket.bucketArn],
          conditions: { StringLikeIfExists: { 's3:prefix': [`${tables}*`] } },
        }),
        // Duplicate transactions that concurrent ingest let through are dropped by compaction and
        // quarantined with their reason (docs/reliability.md, "Key semantics").
        new iam.PolicyStatement({
          sid: 'QuarantineDuplicates',
          actions: ['s3:PutObject'],
          resources: objectArns(props.lakeBucket, [props.prefixes.rejected]),
        }),
        ownLogStreamsStatement(this.logGroup),
      ],
    });
    policy.attachToRole(this.role);
    acknowledgePrefixWildcards(policy, props.lakeBucket, [tables, props.prefixes.rejected], 'The compaction Lambda');
    acknowledgeOwnLogStreams(
      policy,
      this.logGroup,
      'Each compaction execution environment opens its own log stream; the grant is confined to the streams of the compaction log group.',
    );

    const environment: Record<string, string> = {
      LAKE_BUCKET: props.lakeBucket.bucketName,
      TABLES_PREFIX: tables,
      COMPACT_OLDER_THAN_MS: String((props.olderThanMinutes ?? INFRA_DEFAULTS.compaction.olderThanMinutes) * minute),
      COMPACT_GRACE_MS: String((props.graceMinutes ?? INFRA_DEFAULTS.compaction.graceMinutes) * minute),
      COMPACT_COMMIT_DELAY_MS: String((props.commitDelayMinutes ?? INFRA_DEFAULTS.compaction.commitDelayMinutes) * minute),
      COMPACT_TARGET_BYTES: String(props.targetBytes ?? INFRA_DEFAULTS.compaction.targetMb * 1024 * 1024),
    };

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      description: `Merges the small files of the partitioned tables under ${tables} (scheduled)`,
      ...bundledFunctionProps({
        owner: 'CompactionSchedule',
        projectRoot,
        entry: props.entry ?? 'lambda/compaction-handler.ts',
        role: this.role,
        logGroup: this.logGroup,
        runtime: props.runtime,
        environment,
        extraEnvironment: props.environment,
      }),
      memorySize: props.memoryMiB ?? INFRA_DEFAULTS.compaction.memoryMb,
      timeout: Duration.minutes(timeoutMinutes),
      // One compactor per table is enforced by the lock object each run takes per table
      // (tables/_locks/compaction/<table>.json, conditional PUTs, a lease a crashed run cannot keep):
      // overlapping runs skip the tables another run holds. Reserving concurrency is opt-in.
      ...(props.reservedConcurrency === undefined ? {} : { reservedConcurrentExecutions: props.reservedConcurrency }),
      // EventBridge invokes asynchronously. No retries: the next scheduled run is the retry, and it
      // first completes or rolls back what a failed run left. A tick throttled by a run still in
      // progress waits at most one run's length, then is dropped in favour of the next tick.
      retryAttempts: 0,
      maxEventAge: Duration.minutes(timeoutMinutes),
    });
    this.function.node.addDependency(policy);

    this.rule = new events.Rule(this, 'Schedule', {
      description: `Runs the compaction Lambda on ${props.schedule ?? INFRA_DEFAULTS.compaction.schedule}`,
      schedule: events.Schedule.expression(props.schedule ?? INFRA_DEFAULTS.compaction.schedule),
      targets: [new targets.LambdaFunction(this.function)],
    });
  }
}
