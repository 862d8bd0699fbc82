import { Stack, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * An ARN as cdk-nag spells it in a finding id: parts the stack knows (the region pinned from the
 * configuration, the partition that follows from it, an account when one is given) literally, the
 * others as `<AWS::Region>`-style placeholders. Acknowledgements built with it keep matching whether
 * or not the stack's environment is concrete.
 */
export function nagArn(scope: IConstruct, service: string, resource: string): string {
  const stack = Stack.of(scope);
  const part = (value: string, pseudo: string): string => (Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value);
  return `arn:${part(stack.partition, 'Partition')}:${service}:${part(stack.region, 'Region')}:${part(stack.account, 'AccountId')}:${resource}`;
}
