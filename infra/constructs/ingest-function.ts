import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { INGEST_MEMORY_MIB_DEFAULT } from '../../src/config/define-config.js';
import { bundledFunctionProps } from './bundled-function.js';
import type { LakePrefixes } from './lake-prefixes.js';
import { acknowledgePrefixWildcards, objectArns } from './lake-prefixes.js';
import { acknowledgeOwnLogStreams, ownLogStreamsStatement } from './own-log-streams.js';

/** Props of {@link IngestFunction}. */
export interface IngestFunctionProps {
  /** The lake bucket: the function reads `incoming/` and writes `tables/` and `rejected/`. */
  readonly lakeBucket: s3.IBucket;
  /** The lake's key prefixes. */
  readonly prefixes: LakePrefixes;
  /** Repository root: the entry and lock file are resolved against it. @default process.cwd() */
  readonly projectRoot?: string;
  /** The handler module exporting `handler(event: SQSEvent)`, relative to `projectRoot`. @default "lambda/ingest-handler.ts" */
  readonly entry?: string;
  /**
   * Where the handler keeps its idempotency ledger; it checks `<ledger><source id>.json` before
   * landing a file, so it must read there and get a 404 (not a 403) for a missing key.
   * @default `${prefixes.tables}_ledger/`
   */
  readonly ledgerPrefix?: string;
  /** Memory in MiB. @default INGEST_MEMORY_MIB_DEFAULT (sized from bench/ingest-memory-bench.ts) */
  readonly memoryMiB?: number;
  /** Timeout in seconds. @default 60 */
  readonly timeoutSeconds?: number;
  /** Retention of the function's log group. @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** Runtime. @default lambda.Runtime.NODEJS_24_X (the newest Node.js runtime in this aws-cdk-lib) */
  readonly runtime?: lambda.Runtime;
  /** Extra environment variables, merged over the lake ones. @default {} */
  readonly environment?: Readonly<Record<string, string>>;
}

/**
 * The streaming ingest Lambda: esbuild-bundled locally (no Docker), arm64, fed batches of
 * OBJECT_CREATED events under `incoming/` by the SQS event source mapping of {@link IngestQueue}.
 */
export class IngestFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: IngestFunctionProps) {
    super(scope, id);
    const projectRoot = props.projectRoot ?? process.cwd();
    const { raw, incoming, tables, rejected } = props.prefixes;
    const ledger = props.ledgerPrefix ?? `${tables}_ledger/`;
    const hidden = `${tables}_hidden/`;

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
    });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Ingest Lambda: reads ${incoming}, writes ${tables} and ${rejected}`,
    });
    const policy = new iam.Policy(this, 'Policy', {
      statements: [
        // tables/: the ledger and key index, the hidden lists, and a HEAD of the files an earlier
        // version of an object landed (a new version replaces them, docs/reliability.md).
        new iam.PolicyStatement({
          sid: 'ReadIncomingAndTables',
          actions: ['s3:GetObject'],
          resources: objectArns(props.lakeBucket, [incoming, tables]),
        }),
        // S3 answers a HEAD/GET of a missing key with 404 only to callers allowed s3:ListBucket, else
        // 403. That implicit check carries no s3:prefix, hence IfExists; real listings stay confined.
        new iam.PolicyStatement({
          sid: 'NotFoundInsteadOfForbidden',
          actions: ['s3:ListBucket'],
          resources: [props.lakeBucket.bucketArn],
          conditions: { StringLikeIfExists: { 's3:prefix': [`${incoming}*`, `${tables}*`] } },
        }),
        new iam.PolicyStatement({
          sid: 'WriteTablesAndRejected',
          actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
          resources: objectArns(props.lakeBucket, [tables, rejected]),
        }),
        // A replacing version retires the old version's ledger entry (so compaction leaves its files
        // alone) and removes an empty per-version hidden list; data files are never deleted here.
        new iam.PolicyStatement({
          sid: 'RetireReplacedVersions',
          actions: ['s3:DeleteObject'],
          resources: objectArns(props.lakeBucket, [ledger, hidden]),
        }),
        ownLogStreamsStatement(this.logGroup),
      ],
    });
    policy.attachToRole(this.role);
    acknowledgePrefixWildcards(policy, props.lakeBucket, [incoming, ledger, hidden, tables, rejected], 'The ingest Lambda');
    acknowledgeOwnLogStreams(
      policy,
      this.logGroup,
      "Lambda names a new log stream per execution environment; the grant covers streams of the function's own log group only.",
    );
    const environment: Record<string, string> = {
      LAKE_BUCKET: props.lakeBucket.bucketName,
      RAW_PREFIX: raw,
      INCOMING_PREFIX: incoming,
      TABLES_PREFIX: tables,
      REJECTED_PREFIX: rejected,
    };

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      description: `Validates live transactions from ${incoming} and appends them to ${tables}`,
      ...bundledFunctionProps({
        owner: 'IngestFunction',
        projectRoot,
        entry: props.entry ?? 'lambda/ingest-handler.ts',
        role: this.role,
        logGroup: this.logGroup,
        runtime: props.runtime,
        environment,
        extraEnvironment: props.environment,
      }),
      memorySize: props.memoryMiB ?? INGEST_MEMORY_MIB_DEFAULT,
      timeout: Duration.seconds(props.timeoutSeconds ?? 60),
      // Invoked by the SQS event source mapping (IngestQueue): retries and the dead-letter queue are the queue's.
    });
    this.function.node.addDependency(policy);
  }
}
