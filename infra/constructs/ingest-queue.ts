import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { INFRA_DEFAULTS } from '../../src/config/infra-config-schema.js';
import { Construct } from 'constructs';

/** Logical id CDK gives the stack-wide custom resource handler behind S3 bucket notifications. */
const BUCKET_NOTIFICATIONS_HANDLER_ID = 'BucketNotificationsHandler050a0587b7544547bf325f094a3db834';

/** Props of {@link IngestQueue}. */
export interface IngestQueueProps {
  /** The lake bucket: OBJECT_CREATED under `incomingPrefix` is sent to the queue. */
  readonly lakeBucket: s3.IBucket;
  readonly incomingPrefix: string;
  /** The ingest Lambda, invoked by the event source mapping with a batch of messages. */
  readonly consumer: lambda.IFunction;
  /** The consumer's timeout: the queue's visibility timeout is sized from it. */
  readonly consumerTimeout: Duration;
  /** Messages (objects) per invocation at most. @default INFRA_DEFAULTS.ingest.batchSize (1,000: ≈ 1.5 MB of S3 event messages, under Lambda's 6 MB payload) */
  readonly batchSize?: number;
  /** How long the mapping gathers messages before it invokes. @default INFRA_DEFAULTS.ingest.batchingWindowSeconds (1 s) */
  readonly batchingWindow?: Duration;
  /** Receives before a message is parked in the dead-letter queue. @default 5 */
  readonly maxReceiveCount?: number;
}

/**
 * S3 → SQS → Lambda: the bucket's notifications for `incoming/` go to an encrypted queue, and an
 * event source mapping hands the ingest Lambda up to `batchSize` of them per invocation after at
 * most `batchingWindow` — so one invocation lands many one-transaction objects as one Parquet file
 * per table and partition (src/streaming/land-batch.ts). The handler reports the messages it could
 * not land (`ReportBatchItemFailures`): only those come back, and after `maxReceiveCount` receives
 * a message waits in the dead-letter queue for an operator.
 */
export class IngestQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly eventSource: SqsEventSource;

  constructor(scope: Construct, id: string, props: IngestQueueProps) {
    super(scope, id);
    const batchingWindow = props.batchingWindow ?? Duration.seconds(INFRA_DEFAULTS.ingest.batchingWindowSeconds);
    if (batchingWindow.toMilliseconds() > 1000)
      throw new Error(`IngestQueue: a batching window of ${batchingWindow.toHumanString()} would delay every object by as much; at most 1 s`);

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The longest SQS allows: time to notice, fix the handler and replay the events.
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is the dead-letter queue of the ingest queue itself; it needs no DLQ of its own.',
    });

    this.queue = new sqs.Queue(this, 'Events', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS's rule for Lambda consumers: at least six times the function timeout, plus the window.
      visibilityTimeout: Duration.seconds(props.consumerTimeout.toSeconds() * 6 + Math.ceil(batchingWindow.toSeconds())),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 5 },
    });

    // The destination adds the queue policy letting S3 send, for this bucket only (aws:SourceArn).
    props.lakeBucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.SqsDestination(this.queue), { prefix: props.incomingPrefix });
    acknowledgeBucketNotificationsHandler(Stack.of(this));

    this.eventSource = new SqsEventSource(this.queue, {
      batchSize: props.batchSize ?? INFRA_DEFAULTS.ingest.batchSize,
      maxBatchingWindow: batchingWindow,
      reportBatchItemFailures: true,
    });
    props.consumer.addEventSource(this.eventSource);
  }
}

/** CDK's notification custom resource: its findings are CDK's design, acknowledged once per stack. */
function acknowledgeBucketNotificationsHandler(stack: Stack): void {
  const handler = stack.node.tryFindChild(BUCKET_NOTIFICATIONS_HANDLER_ID);
  if (handler === undefined) return;
  const role = handler.node.tryFindChild('Role');
  if (role === undefined) return;
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: 'CDK-owned custom resource that only sets the lake bucket notification at deploy time; CDK does not let its role be replaced.',
  });
}
