import type { CfnElement } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LakehouseStack } from '../../infra/lakehouse-stack.js';
import { DEFAULT_ASSUMPTIONS } from '../../src/cost/cost-inputs.js';
import { flatten, onlyResource, synthFixture } from './fixture-app.js';

let template: Template;
let stack: LakehouseStack;
let functionId: string;
let queueId: string;
let dlqId: string;

beforeAll(() => {
  ({ template, stack } = synthFixture({
    config: { project: 'supermarket', lake: { bucket: 'supermarket-lake' }, infra: { ingest: { memoryMiB: 2048, timeoutSeconds: 90 } } },
  }));
  const id = (c: { node: { defaultChild?: unknown } }) => stack.getLogicalId(c.node.defaultChild as CfnElement);
  functionId = id(stack.ingest.function);
  queueId = id(stack.ingestQueue.queue);
  dlqId = id(stack.ingestQueue.deadLetterQueue);
});

describe('IngestQueue: S3 → SQS → the ingest Lambda in batches (issue 15 #1)', () => {
  it('S3 sends OBJECT_CREATED under incoming/ to the queue, not to the function', () => {
    const { props } = onlyResource(template, 'Custom::S3BucketNotifications');
    const config = props['NotificationConfiguration'] as { QueueConfigurations: unknown[]; LambdaFunctionConfigurations?: unknown };
    expect(config.LambdaFunctionConfigurations).toBeUndefined();
    expect(config.QueueConfigurations).toEqual([
      {
        Events: ['s3:ObjectCreated:*'],
        Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'incoming/' }] } },
        QueueArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      },
    ]);
  });

  it('the event source mapping: batches of up to 1,000 objects, a 1 s window, partial batch responses', () => {
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: functionId },
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      BatchSize: 1000,
      MaximumBatchingWindowInSeconds: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('the batch size and window come from the config (`infra.ingest`), the same figures the cost model uses', () => {
    const { template: tuned } = synthFixture({
      config: { project: 'supermarket', lake: { bucket: 'supermarket-lake' }, infra: { ingest: { batchSize: 250, batchingWindowSeconds: 0 } } },
    });
    const { props } = onlyResource(tuned, 'AWS::Lambda::EventSourceMapping');
    expect(props).toMatchObject({ BatchSize: 250, FunctionResponseTypes: ['ReportBatchItemFailures'] });
    // A zero window is CloudFormation's default: CDK leaves the property out.
    expect(props['MaximumBatchingWindowInSeconds'] ?? 0).toBe(0);
    expect([DEFAULT_ASSUMPTIONS.sqsMaxBatchObjects, DEFAULT_ASSUMPTIONS.ingestBatchWindowS]).toEqual([1000, 1]);
  });

  it('the queue: encrypted, TLS only, visible again after 6× the function timeout, then the dead-letter queue after 5 receives', () => {
    expect(template.toJSON().Resources[queueId].Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 6 * 90 + 1,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 5 },
    });
    expect(template.toJSON().Resources[dlqId].Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
    for (const q of [queueId, dlqId]) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: q }],
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
    }
  });

  it('the queue policy lets S3 send for the lake bucket only', () => {
    const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy')).map(
      (p) =>
        flatten(template, (p as { Properties: unknown }).Properties) as {
          Queues: string[];
          PolicyDocument: { Statement: { Effect: string; Principal?: { Service?: string }; Action: string | string[]; Condition?: unknown }[] };
        },
    );
    const s3Send = policies.flatMap((p) => p.PolicyDocument.Statement).filter((s) => s.Principal?.Service === 's3.amazonaws.com');
    expect(s3Send).toHaveLength(1);
    expect(s3Send[0]).toMatchObject({ Effect: 'Allow', Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::supermarket-lake' } } });
    expect([s3Send[0]!.Action].flat()).toContain('sqs:SendMessage');
  });

  it('the function may consume the queue (and nothing else of SQS); it is no longer invoked asynchronously', () => {
    const invokeConfigs = Object.values(template.findResources('AWS::Lambda::EventInvokeConfig')) as { Properties: { FunctionName: unknown } }[];
    expect(invokeConfigs.filter((c) => JSON.stringify(c.Properties.FunctionName) === JSON.stringify({ Ref: functionId }))).toEqual([]);
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (p) =>
        (flatten(template, (p as { Properties: unknown }).Properties) as { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } })
          .PolicyDocument.Statement,
    );
    const sqs = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('sqs:')));
    expect(sqs.map((s) => s.Resource)).toEqual([`<${queueId}.Arn>`]);
    expect([sqs[0]!.Action].flat().sort()).toEqual([
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:ReceiveMessage',
    ]);
  });

  it('refuses a batching window over 1 s (it would delay every object as much)', async () => {
    const { IngestQueue } = await import('../../infra/constructs/ingest-queue.js');
    const { Duration } = await import('aws-cdk-lib');
    expect(
      () =>
        new IngestQueue(stack, 'TooSlow', {
          lakeBucket: stack.storage.lakeBucket,
          incomingPrefix: 'incoming/',
          consumer: stack.ingest.function,
          consumerTimeout: Duration.seconds(60),
          batchingWindow: Duration.seconds(5),
        }),
    ).toThrow(/at most 1 s/);
  });
});
