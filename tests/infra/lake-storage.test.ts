import { Match } from 'aws-cdk-lib/assertions';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthFixture } from './fixture-app.js';

let template: Template;
let lakeId: string;
let resultsId: string;

beforeAll(() => {
  template = synthFixture().template;
  const buckets = template.findResources('AWS::S3::Bucket');
  const byName = (name: string): string => {
    const entry = Object.entries(buckets).find(([, r]) => (r as { Properties: { BucketName?: string } }).Properties.BucketName === name);
    if (entry === undefined) throw new Error(`no bucket named ${name}`);
    return entry[0];
  };
  lakeId = byName('supermarket-lake');
  resultsId = byName('supermarket-athena-results');
});

describe('LakeStorage', () => {
  it('creates the lake, results and access-log buckets, all private and SSE-S3 encrypted', () => {
    template.resourceCountIs('AWS::S3::Bucket', 3);
    template.allResourcesProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
    });
  });

  it('names the lake and results buckets from dbt-like.config.ts', () => {
    expect(lakeId).toBeDefined();
    expect(resultsId).toBeDefined();
  });

  it('denies every request without TLS on every bucket', () => {
    const policies = template.findResources('AWS::S3::BucketPolicy');
    expect(Object.keys(policies)).toHaveLength(3);
    const buckets = new Set<string>();
    for (const policy of Object.values(policies) as { Properties: { Bucket: { Ref: string }; PolicyDocument: { Statement: Record<string, unknown>[] } } }[]) {
      buckets.add(policy.Properties.Bucket.Ref);
      expect(policy.Properties.PolicyDocument.Statement).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Effect: 'Deny',
            Action: 's3:*',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      );
    }
    expect(buckets).toContain(lakeId);
    expect(buckets).toContain(resultsId);
  });

  it('expires rejected/, old incoming/ objects and the ingest ledger a day after them, and keeps tables/ data forever', () => {
    const lake = template.toJSON().Resources[lakeId].Properties;
    const rules = lake.LifecycleConfiguration.Rules as { Id: string; Prefix?: string; ExpirationInDays?: number; Status: string }[];
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Prefix: 'rejected/', ExpirationInDays: 30, Status: 'Enabled' }),
        expect.objectContaining({ Prefix: 'incoming/', ExpirationInDays: 7, Status: 'Enabled' }),
        expect.objectContaining({ Id: 'expire-ingest-ledger', Prefix: 'tables/_ledger/', ExpirationInDays: 8, Status: 'Enabled' }),
      ]),
    );
    for (const rule of rules) {
      if (rule.ExpirationInDays !== undefined) expect(['rejected/', 'incoming/', 'tables/_ledger/']).toContain(rule.Prefix);
    }
    expect(lake.VersioningConfiguration).toBeUndefined();
    expect(lake.LoggingConfiguration).toEqual(expect.objectContaining({ LogFilePrefix: 'lake/' }));
  });

  it('expires Athena query results', () => {
    const results = template.toJSON().Resources[resultsId].Properties;
    expect(results.LifecycleConfiguration.Rules).toEqual(expect.arrayContaining([expect.objectContaining({ ExpirationInDays: 7, Status: 'Enabled' })]));
  });

  it('keeps the lake bucket when the stack is deleted', () => {
    template.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({ BucketName: 'supermarket-lake' }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });
});
