import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { INFRA_DEFAULTS } from '../../src/config/infra-config-schema.js';

const LIFECYCLE = INFRA_DEFAULTS.lifecycle;

/** Props of {@link LakeStorage}. */
export interface LakeStorageProps {
  /** Name of the lake bucket; the compiler renders `s3://<name>/tables/…` locations, so it is fixed, not generated. */
  readonly lakeBucketName: string;
  /** Name of the Athena query results bucket. */
  readonly resultsBucketName: string;
  /** Prefix of quarantined input (`rejected/`). */
  readonly rejectedPrefix: string;
  /** Prefix of live transaction files (`incoming/`). */
  readonly incomingPrefix: string;
  /**
   * Prefix of the ingest ledger (`tables/_ledger/`). Its entries only guard against a redelivered
   * event re-landing an object that still exists in `incoming/`, so they expire one day after the
   * incoming objects do. @default undefined (no rule)
   */
  readonly ledgerPrefix?: string;
  /** Days before objects under the rejected prefix expire. @default 30 */
  readonly rejectedExpirationDays?: number;
  /** Days before objects under the incoming prefix expire. @default 7 */
  readonly incomingExpirationDays?: number;
  /** Days before Athena query results expire. @default 7 */
  readonly resultsExpirationDays?: number;
  /** Days before S3 server access logs expire. @default 90 */
  readonly accessLogsExpirationDays?: number;
  /**
   * What happens to the lake bucket when the stack is deleted. The lake holds the only copy of the
   * ingested data, so the default keeps it.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The lake bucket (raw/, incoming/, tables/, rejected/), the Athena results bucket and the server
 * access logs bucket both write their logs to. All three: no public access, TLS only, SSE-S3.
 */
export class LakeStorage extends Construct {
  readonly lakeBucket: s3.Bucket;
  readonly resultsBucket: s3.Bucket;
  readonly accessLogsBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: LakeStorageProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogsBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // S3 log delivery only supports SSE-S3 on the target bucket, not SSE-KMS.
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(props.accessLogsExpirationDays ?? LIFECYCLE.accessLogsExpirationDays) }],
      removalPolicy,
    });
    Validations.of(this.accessLogsBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the server access logs target bucket itself; logging it into itself would loop and another bucket only moves the problem.',
    });

    this.lakeBucket = new s3.Bucket(this, 'LakeBucket', {
      bucketName: props.lakeBucketName,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // SSE-S3 keeps Athena, Glue, Lambda and QuickSight reads free of KMS grants and per-request KMS cost.
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Not versioned: ingest overwrites deterministic keys on redelivery and compaction rewrites
      // partitions, so versions would keep every superseded small file forever.
      versioned: false,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'lake/',
      lifecycleRules: [
        {
          id: 'expire-rejected',
          prefix: props.rejectedPrefix,
          expiration: Duration.days(props.rejectedExpirationDays ?? LIFECYCLE.rejectedExpirationDays),
        },
        {
          id: 'expire-old-incoming',
          prefix: props.incomingPrefix,
          expiration: Duration.days(props.incomingExpirationDays ?? LIFECYCLE.incomingExpirationDays),
        },
        ...(props.ledgerPrefix === undefined
          ? []
          : [
              {
                id: 'expire-ingest-ledger',
                prefix: props.ledgerPrefix,
                expiration: Duration.days((props.incomingExpirationDays ?? LIFECYCLE.incomingExpirationDays) + 1),
              },
            ]),
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy,
    });

    this.resultsBucket = new s3.Bucket(this, 'AthenaResultsBucket', {
      bucketName: props.resultsBucketName,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'athena-results/',
      lifecycleRules: [
        { id: 'expire-results', expiration: Duration.days(props.resultsExpirationDays ?? LIFECYCLE.athenaResultsExpirationDays) },
        ...(props.ledgerPrefix === undefined
          ? []
          : [
              {
                id: 'expire-ingest-ledger',
                prefix: props.ledgerPrefix,
                expiration: Duration.days((props.incomingExpirationDays ?? LIFECYCLE.incomingExpirationDays) + 1),
              },
            ]),
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      // Same policy as the lake: CloudFormation cannot delete a non-empty bucket, and results expire anyway.
      removalPolicy,
    });
  }
}
