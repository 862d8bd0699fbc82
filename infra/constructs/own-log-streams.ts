import { ArnFormat, CfnElement, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { nagArn } from './nag-arn.js';

/**
 * Lets a function write to the streams of its own log group only — instead of
 * AWSLambdaBasicExecutionRole, which may write to any log group.
 */
export function ownLogStreamsStatement(logGroup: logs.LogGroup): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'WriteOwnLogs',
    actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    resources: [
      Stack.of(logGroup).formatArn({
        service: 'logs',
        resource: 'log-group',
        resourceName: `${logGroup.logGroupName}:log-stream:*`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
    ],
  });
}

/** The cdk-nag IAM5 finding of {@link ownLogStreamsStatement}: stream names are chosen by Lambda at run time. */
export function acknowledgeOwnLogStreams(policy: iam.Policy, logGroup: logs.LogGroup, reason: string): void {
  const logicalId = Stack.of(logGroup).getLogicalId(logGroup.node.defaultChild as CfnElement);
  Validations.of(policy).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${nagArn(policy, 'logs', `log-group:<${logicalId}>:log-stream:*`)}]`,
    reason,
  });
}
