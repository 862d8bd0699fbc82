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

  it('logs into its own log group with the configured retention', () => {
    const fn = template.toJSON().Resources[functionId].Properties;
    const groupId = (fn.LoggingConfig.LogGroup as { Ref: string }).Ref;
    expect(template.toJSON().Resources[groupId]).toMatchObject({ Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 14 } });
  });
});
