import { Match } from 'aws-cdk-lib/assertions';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LakehouseStack } from '../../infra/lakehouse-stack.js';
import { flatten, onlyResource, synthFixture } from './fixture-app.js';

let template: Template;
let stack: LakehouseStack;
let functionId: string;

beforeAll(() => {
  ({ template, stack } = synthFixture({
    config: { project: 'supermarket', lake: { bucket: 'supermarket-lake' }, infra: { ingest: { memoryMiB: 2048, timeoutSeconds: 90 }, logRetentionDays: 14 } },
  }));
  functionId = stack.getLogicalId(stack.ingest.function.node.defaultChild as never);
});

describe('IngestFunction', () => {
  it('runs the esbuild bundle on the newest Node.js runtime, arm64, sized from config', () => {
    const fn = template.toJSON().Resources[functionId].Properties;
    expect(fn).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: 2048,
      Timeout: 90,
      Handler: 'index.handler',
      LoggingConfig: { LogFormat: 'JSON' },
    });
  });

  it('tells the handler where the lake and its prefixes are', () => {
    const fn = template.toJSON().Resources[functionId].Properties;
    expect(flatten(template, fn.Environment.Variables)).toMatchObject({
      LAKE_BUCKET: 'supermarket-lake',
      RAW_PREFIX: 'raw/',
      INCOMING_PREFIX: 'incoming/',
      TABLES_PREFIX: 'tables/',
      REJECTED_PREFIX: 'rejected/',
      NODE_OPTIONS: '--enable-source-maps',
    });
  });

  it('is notified of OBJECT_CREATED under incoming/ only', () => {
    const { props } = onlyResource(template, 'Custom::S3BucketNotifications');
    const config = props['NotificationConfiguration'] as { LambdaFunctionConfigurations: unknown[]; QueueConfigurations?: unknown; TopicConfigurations?: unknown };
    expect(config.QueueConfigurations).toBeUndefined();
    expect(config.TopicConfigurations).toBeUndefined();
    expect(config.LambdaFunctionConfigurations).toEqual([
      {
        Events: ['s3:ObjectCreated:*'],
        Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'incoming/' }] } },
        LambdaFunctionArn: { 'Fn::GetAtt': [functionId, 'Arn'] },
      },
    ]);
    expect(flatten(template, props['BucketName'])).toBe('supermarket-lake');
  });

  it('sends failed async invocations to an encrypted, TLS-only dead-letter queue after two retries', () => {
    const queue = onlyResource(template, 'AWS::SQS::Queue');
    expect(queue.props).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: functionId },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queue.id, 'Arn'] } } },
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queue.id }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('logs into its own log group with the configured retention', () => {
    const fn = template.toJSON().Resources[functionId].Properties;
    const groupId = (fn.LoggingConfig.LogGroup as { Ref: string }).Ref;
    expect(template.toJSON().Resources[groupId]).toMatchObject({ Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 14 } });
  });
});
