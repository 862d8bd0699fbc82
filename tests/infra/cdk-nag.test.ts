import { readFileSync } from 'node:fs';
import path from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LakehouseApp } from '../../infra/lakehouse-app.js';
import { buildFixtureApp } from './fixture-app.js';

let built: LakehouseApp;
let assembly: CloudAssembly;

/** Every acknowledgment recorded in the construct tree: [construct path, rule id, reason]. */
function acknowledgments(app: App): [string, string, string][] {
  const found: [string, string, string][] = [];
  for (const construct of app.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        found.push([construct.node.path, id.replace(/^annotation::/i, ''), reason]);
      }
    }
  }
  return found;
}

beforeAll(() => {
  // The app registers AwsSolutionsChecks itself (Validations.of(app).addPlugins(new AwsSolutionsChecks(app, …))):
  // in-process synthesis throws on any unacknowledged error.
  built = buildFixtureApp({ checks: true });
  assembly = built.app.synth();
});

describe('cdk-nag AwsSolutionsChecks', () => {
  it('synthesizes with no unacknowledged finding, error or warning', () => {
    const report = JSON.parse(readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8')) as {
      pluginReports: { pluginName: string; violations: { ruleName: string }[] }[];
    };
    const violations = report.pluginReports.flatMap((r) => r.violations.map((v) => `${r.pluginName}: ${v.ruleName}`));
    expect(violations).toEqual([]);
  });

  it('leaves no warning or error annotation on the stack', () => {
    const messages = assembly.stacks.flatMap((s) => s.messages).filter((m) => m.level !== 'info');
    expect(messages.map((m) => `${m.id}: ${String(m.entry.data)}`)).toEqual([]);
  });

  it('gives every acknowledgment a specific reason', () => {
    const acks = acknowledgments(built.app);
    expect(acks.length).toBeGreaterThan(0);
    for (const [where, id, reason] of acks) {
      expect(reason.length, `${where} ${id}`).toBeGreaterThanOrEqual(20);
      expect(reason, `${where} ${id}`).not.toMatch(/^(todo|tbd|n\/a|suppress(ed)?|ignore)\b/i);
    }
    // One reason, one finding: a copy-pasted reason usually means a blanket acknowledgment.
    const byReason = new Map<string, number>();
    for (const [, , reason] of acks) byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
    for (const [reason, count] of byReason) expect(count, reason).toBe(1);
  });

  it('acknowledges exactly the reviewed findings (a new one must be added here on purpose)', () => {
    const ids = acknowledgments(built.app)
      // aws-cdk-lib acknowledges its own template-validation rules (e.g. W3010 for stack.availabilityZones).
      .filter(([, id]) => !id.startsWith('CloudFormation-Validate::'))
      .map(
        ([where, id]) =>
          `${where.replace(/^SupermarketLakehouseStack\//, '')} ${id
            .replace(/<Storage\w+\.Arn>/, '<LakeBucket.Arn>')
            .replace(/<IngestLogGroup\w+>/, '<IngestLogGroup>')
            .replace(/<CompactionLogGroup\w+>/, '<CompactionLogGroup>')}`,
      )
      .sort();
    expect(ids).toEqual(
      [
        'Backfill/Job AwsSolutions-GL1',
        'Backfill/Job AwsSolutions-GL3',
        'Backfill/Policy AwsSolutions-IAM5[Resource::<LakeBucket.Arn>/raw/*]',
        'Backfill/Policy AwsSolutions-IAM5[Resource::<LakeBucket.Arn>/rejected/batch/*]',
        'Backfill/Policy AwsSolutions-IAM5[Resource::<LakeBucket.Arn>/tables/*]',
        'Backfill/Policy AwsSolutions-IAM5[Resource::arn:aws:glue:us-east-1:<AWS::AccountId>:table/supermarket/*]',
        'Backfill/Policy AwsSolutions-IAM5[Resource::arn:aws:glue:us-east-1:<AWS::AccountId>:userDefinedFunction/supermarket/*]',
        'Backfill/Policy AwsSolutions-IAM5[Resource::arn:aws:logs:us-east-1:<AWS::AccountId>:log-group:/aws-glue/*]',
        'BucketNotificationsHandler050a0587b7544547bf325f094a3db834/Role AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        'Compaction/Policy AwsSolutions-IAM5[Resource::<LakeBucket.Arn>/rejected/*]',
        'Compaction/Policy AwsSolutions-IAM5[Resource::<LakeBucket.Arn>/tables/*]',
        'Compaction/Policy AwsSolutions-IAM5[Resource::arn:aws:logs:us-east-1:<AWS::AccountId>:log-group:<CompactionLogGroup>:log-stream:*]',
        'IngestQueue/DeadLetters AwsSolutions-SQS3',
        'Ingest/Policy AwsSolutions-IAM5[Resource::<LakeBucket.Arn>/incoming/*]',
        'Ingest/Policy AwsSolutions-IAM5[Resource::<LakeBucket.Arn>/rejected/*]',
        'Ingest/Policy AwsSolutions-IAM5[Resource::<LakeBucket.Arn>/tables/_hidden/*]',
        'Ingest/Policy AwsSolutions-IAM5[Resource::<LakeBucket.Arn>/tables/_ledger/*]',
        'Ingest/Policy AwsSolutions-IAM5[Resource::<LakeBucket.Arn>/tables/*]',
        'Ingest/Policy AwsSolutions-IAM5[Resource::arn:aws:logs:us-east-1:<AWS::AccountId>:log-group:<IngestLogGroup>:log-stream:*]',
        'Producer/TaskDefinition AwsSolutions-ECS2',
        'Producer/TaskDefinition/ExecutionRole AwsSolutions-IAM5[Resource::*]',
        'Producer/TaskDefinition/TaskRole AwsSolutions-IAM5[Resource::<LakeBucket.Arn>/incoming/*]',
        'Producer/Vpc AwsSolutions-VPC7',
        'Storage/AccessLogsBucket AwsSolutions-S1',
      ].sort(),
    );
  });

  it('fails synthesis on an unacknowledged finding (the wiring works)', () => {
    const app = new App();
    const stack = new Stack(app, 'Bad');
    new s3.Bucket(stack, 'NoTlsNoLogs');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).toThrow(/AwsSolutions-S(1|10)/);
  });
});
