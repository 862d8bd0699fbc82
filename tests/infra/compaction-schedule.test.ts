import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { CompactionSchedule } from '../../infra/constructs/compaction-schedule.js';
import type { LakehouseStack } from '../../infra/lakehouse-stack.js';
import { defineConfig } from '../../src/config/define-config.js';
import { flatten, onlyResource, synthFixture } from './fixture-app.js';

let template: Template;
let stack: LakehouseStack;
let functionId: string;

const properties = (id: string): Record<string, unknown> => template.toJSON().Resources[id].Properties;

beforeAll(() => {
  ({ template, stack } = synthFixture({
    config: {
      project: 'supermarket',
      lake: { bucket: 'supermarket-lake' },
      infra: {
        compaction: { schedule: 'cron(0/30 * * * ? *)', memoryMb: 3008, timeoutMinutes: 10, olderThanMinutes: 2, graceMinutes: 20 },
        logRetentionDays: 14,
      },
    },
  }));
  functionId = stack.getLogicalId(stack.compaction.function.node.defaultChild as never);
});

describe('CompactionSchedule', () => {
  it('fires on the configured schedule expression, targeting the compaction function', () => {
    const rule = onlyResource(template, 'AWS::Events::Rule');
    expect(rule.props).toMatchObject({ ScheduleExpression: 'cron(0/30 * * * ? *)', State: 'ENABLED' });
    expect(rule.props['Targets']).toEqual([expect.objectContaining({ Arn: { 'Fn::GetAtt': [functionId, 'Arn'] } })]);
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [functionId, 'Arn'] },
      Principal: 'events.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [rule.id, 'Arn'] },
    });
  });

  it('reserves no concurrency (runs are serialized by the lock object), arm64, newest Node.js, sized from config', () => {
    expect(properties(functionId)['ReservedConcurrentExecutions']).toBeUndefined();
    expect(properties(functionId)).toMatchObject({
      Architectures: ['arm64'],
      Runtime: 'nodejs24.x',
      MemorySize: 3008,
      Timeout: 600,
      Handler: 'index.handler',
      LoggingConfig: { LogFormat: 'JSON' },
    });
  });

  it('passes the lake bucket and the compaction options in milliseconds and bytes', () => {
    const env = (properties(functionId)['Environment'] as { Variables: unknown }).Variables;
    expect(flatten(template, env)).toEqual({
      LAKE_BUCKET: 'supermarket-lake',
      TABLES_PREFIX: 'tables/',
      COMPACT_OLDER_THAN_MS: String(2 * 60_000),
      COMPACT_GRACE_MS: String(20 * 60_000),
      COMPACT_COMMIT_DELAY_MS: String(35 * 60_000),
      COMPACT_TARGET_BYTES: '134217728',
      NODE_OPTIONS: '--enable-source-maps',
    });
  });

  it('does not retry a failed run: the next scheduled run is the retry', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: functionId },
      Qualifier: '$LATEST',
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 600,
    });
  });

  it('logs into its own log group with the configured retention', () => {
    const groupId = (properties(functionId)['LoggingConfig'] as { LogGroup: { Ref: string } }).LogGroup.Ref;
    expect(groupId).toBe(stack.getLogicalId(stack.compaction.logGroup.node.defaultChild as never));
    expect(template.toJSON().Resources[groupId]).toMatchObject({ Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 14 } });
  });

  it('uses its own role', () => {
    expect(properties(functionId)['Role']).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(stack.compaction.role.node.defaultChild as never), 'Arn'] });
  });
});

describe('CompactionSchedule defaults', () => {
  it('defaults the config knobs', () => {
    expect(defineConfig().infra.compaction).toEqual({
      schedule: 'rate(15 minutes)',
      memoryMb: 2048,
      timeoutMinutes: 15,
      olderThanMinutes: 5,
      graceMinutes: 10,
      commitDelayMinutes: 35,
      targetMb: 128,
    });
  });

  it('rejects a timeout beyond the Lambda maximum and a malformed schedule', () => {
    expect(() => defineConfig({ infra: { compaction: { timeoutMinutes: 16, schedule: 'every 15 minutes' } } })).toThrow(
      /infra\.compaction\.timeoutMinutes 16 must be <= 15[\s\S]*infra\.compaction\.schedule "every 15 minutes"|infra\.compaction\.schedule "every 15 minutes"[\s\S]*infra\.compaction\.timeoutMinutes 16 must be <= 15/,
    );
  });

  it('defaults the construct to every 15 minutes, 2048 MiB, 15 min, 5 min / 10 min / 128 MiB', () => {
    const app = new App();
    const bare = new Stack(app, 'Bare');
    const bucket = new s3.Bucket(bare, 'Lake', { bucketName: 'bare-lake' });
    const schedule = new CompactionSchedule(bare, 'Compaction', {
      lakeBucket: bucket,
      prefixes: { raw: 'raw/', incoming: 'incoming/', tables: 'tables/', rejected: 'rejected/' },
    });
    const t = Template.fromStack(bare);
    t.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(15 minutes)' });
    const fn = t.toJSON().Resources[bare.getLogicalId(schedule.function.node.defaultChild as never)].Properties;
    expect(fn).toMatchObject({ Architectures: ['arm64'], MemorySize: 2048, Timeout: 900 });
    expect(fn.ReservedConcurrentExecutions).toBeUndefined();
    expect(fn.Environment.Variables).toMatchObject({ COMPACT_OLDER_THAN_MS: '300000', COMPACT_GRACE_MS: '600000', COMPACT_TARGET_BYTES: '134217728' });
    // Athena lists files while a query runs: merged files are committed by a later run, 35 min on (13.7).
    expect(fn.Environment.Variables.COMPACT_COMMIT_DELAY_MS).toBe(String(35 * 60_000));
    t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('reserves concurrency only when the config asks for it', () => {
    const { template: t, stack: s } = synthFixture({
      config: { project: 'supermarket', lake: { bucket: 'supermarket-lake' }, infra: { compaction: { reservedConcurrency: 1 } } },
    });
    expect(t.toJSON().Resources[s.getLogicalId(s.compaction.function.node.defaultChild as never)].Properties.ReservedConcurrentExecutions).toBe(1);
    expect(() => defineConfig({ infra: { compaction: { reservedConcurrency: 0 } } })).toThrow(/reservedConcurrency/);
  });

  it('refuses a timeout beyond 15 minutes', () => {
    const bare = new Stack(new App(), 'Bare');
    const bucket = new s3.Bucket(bare, 'Lake');
    expect(
      () =>
        new CompactionSchedule(bare, 'Compaction', {
          lakeBucket: bucket,
          prefixes: { raw: 'raw/', incoming: 'incoming/', tables: 'tables/', rejected: 'rejected/' },
          timeoutMinutes: 20,
        }),
    ).toThrow(/timeoutMinutes 20 must be an integer from 1 to 15/);
  });
});
