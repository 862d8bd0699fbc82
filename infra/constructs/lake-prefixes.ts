import { CfnElement, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { IConstruct } from 'constructs';

/** The lake's key prefixes, as in `dbt-like.config.ts` (each ends with `/`). */
export interface LakePrefixes {
  /** Historical JSON logs. */
  readonly raw: string;
  /** Live transaction files, the S3 trigger prefix. */
  readonly incoming: string;
  /** Declared tables. */
  readonly tables: string;
  /** Quarantined input. */
  readonly rejected: string;
}

/** Object ARNs `arn:…:s3:::bucket/<prefix>*` for each prefix: the only object resources any role gets. */
export function objectArns(bucket: s3.IBucket, prefixes: readonly string[]): string[] {
  return prefixes.map((prefix) => bucket.arnForObjects(`${prefix}*`));
}

/**
 * `s3:ListBucket` on the bucket, allowed only for listings under the given prefixes: Spark and the
 * object store list directories, but a role should not see key names outside its prefixes.
 * `IfExists`: S3 answers a GET/HEAD of a missing key with 404 only if the caller may ListBucket, and
 * that implicit check carries no `s3:prefix` — with plain `StringLike` it is denied and every existence
 * check (Spark's, before each write) gets 403. Real listings always carry a prefix and stay confined.
 */
export function listBucketStatement(sid: string, bucket: s3.IBucket, prefixes: readonly string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid,
    actions: ['s3:ListBucket'],
    resources: [bucket.bucketArn],
    conditions: { StringLikeIfExists: { 's3:prefix': prefixes.map((p) => `${p}*`) } },
  });
}

/**
 * Acknowledges cdk-nag's IAM5 finding for each `bucket/<prefix>*` object resource on `scope`: object
 * keys under a prefix are generated (one per file or partition), so a prefix wildcard is the
 * narrowest grant possible, and the finding would otherwise hide wildcards that matter.
 */
export function acknowledgePrefixWildcards(scope: IConstruct, bucket: s3.IBucket, prefixes: readonly string[], who: string): void {
  const cfn = bucket.node.defaultChild;
  if (!(cfn instanceof CfnElement)) return;
  const logicalId = Stack.of(bucket).getLogicalId(cfn);
  for (const prefix of prefixes) {
    Validations.of(scope).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/${prefix}*]`,
      reason: `${who} works on generated object keys under ${prefix}; the wildcard is confined to that one prefix of the lake bucket.`,
    });
  }
}
