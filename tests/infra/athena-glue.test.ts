import { readFileSync } from 'node:fs';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { flatten, onlyResource, synthFixture } from './fixture-app.js';

let template: Template;

beforeAll(() => {
  template = synthFixture({
    config: {
      project: 'supermarket',
      lake: { bucket: 'supermarket-lake' },
      athena: { bytesScannedCutoffPerQuery: 5 * 1024 ** 3 },
      infra: { glue: { workerType: 'G.2X', numberOfWorkers: 3 } },
    },
  }).template;
});

describe('AthenaWorkgroup', () => {
  it('enforces engine v3, SSE-S3 results in the results bucket and the configured bytes-scanned cutoff', () => {
    const { props } = onlyResource(template, 'AWS::Athena::WorkGroup');
    expect(flatten(template, props)).toMatchObject({
      Name: 'supermarket',
      State: 'ENABLED',
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: true,
        EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
        BytesScannedCutoffPerQuery: 5 * 1024 ** 3,
        PublishCloudWatchMetricsEnabled: true,
        ResultConfiguration: {
          OutputLocation: 's3://supermarket-athena-results/',
          EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
        },
      },
    });
  });
});

describe('GlueCatalog', () => {
  it('creates the configured database', () => {
    template.hasResourceProperties('AWS::Glue::Database', { DatabaseInput: { Name: 'supermarket' } });
  });
});

describe('GlueBatchJob', () => {
  it('runs the script asset on Glue 5.0 sized from config, one run at a time, no retries', () => {
    const { props } = onlyResource(template, 'AWS::Glue::Job');
    expect(props).toMatchObject({
      Name: 'supermarket-backfill',
      GlueVersion: '5.0',
      WorkerType: 'G.2X',
      NumberOfWorkers: 3,
      MaxRetries: 0,
      ExecutionProperty: { MaxConcurrentRuns: 1 },
      Command: { Name: 'glueetl', PythonVersion: '3' },
    });
    expect(JSON.stringify((props['Command'] as { ScriptLocation: unknown }).ScriptLocation)).toMatch(/\.py/);
  });

  it('points the job arguments at the declared locations', () => {
    const { props } = onlyResource(template, 'AWS::Glue::Job');
    expect(flatten(template, props['DefaultArguments'])).toMatchObject({
      '--RAW_PATH': 's3://supermarket-lake/raw/',
      '--TABLES_PATH': 's3://supermarket-lake/tables/',
      '--REJECTED_PATH': 's3://supermarket-lake/rejected/',
      '--enable-glue-datacatalog': 'true',
      '--job-bookmark-option': 'job-bookmark-disable',
      '--conf': 'spark.sql.parquet.outputTimestampType=TIMESTAMP_MILLIS',
    });
  });

  it('passes every argument the rendered glue-jobs/backfill_job.py resolves', () => {
    const script = readFileSync('glue-jobs/backfill_job.py', 'utf8');
    const match = /getResolvedOptions\(\s*sys\.argv\s*,\s*\[([^\]]*)\]/.exec(script);
    expect(match).not.toBeNull();
    const required = [...(match?.[1] ?? '').matchAll(/["']([A-Z_]+)["']/g)].map((m) => m[1]);
    const args = onlyResource(template, 'AWS::Glue::Job').props['DefaultArguments'] as Record<string, unknown>;
    // Glue supplies JOB_NAME itself.
    for (const name of required.filter((n) => n !== 'JOB_NAME')) expect(args).toHaveProperty(`--${name}`);
  });

  it('logs into its own Glue 5.0 log groups, with the configured retention (issue 13.10)', () => {
    const args = onlyResource(template, 'AWS::Glue::Job').props['DefaultArguments'] as Record<string, unknown>;
    // Glue 5.0 ignores the Glue 4.0 continuous-logging options; it honours a custom group prefix.
    expect(args).not.toHaveProperty('--enable-continuous-cloudwatch-log');
    expect(args).not.toHaveProperty('--continuous-log-logGroup');
    expect(args['--custom-logGroup-prefix']).toBe('/aws-glue/jobs/supermarket-backfill');
    const { props } = onlyResource(template, 'AWS::Glue::Job');
    expect(props['GlueVersion']).toBe('5.0');
    for (const suffix of ['error', 'output']) {
      template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: `/aws-glue/jobs/supermarket-backfill/${suffix}`, RetentionInDays: 30 });
    }
    // The groups exist before the first run, so Glue never creates them itself without retention.
    const [jobId] = Object.keys(template.findResources('AWS::Glue::Job'));
    const dependsOn = template.toJSON().Resources[jobId!].DependsOn as string[];
    for (const suffix of ['error', 'output']) {
      const [id] = Object.keys(
        template.findResources('AWS::Logs::LogGroup', { Properties: { LogGroupName: `/aws-glue/jobs/supermarket-backfill/${suffix}` } }),
      );
      expect(dependsOn).toContain(id);
    }
  });
});
