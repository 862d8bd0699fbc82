import {
  ConcurrentRunsExceededException,
  EntityNotFoundException,
  GetJobRunCommand,
  GlueClient,
  StartJobRunCommand,
  ThrottlingException,
} from '@aws-sdk/client-glue';
import type { GetJobRunResponse } from '@aws-sdk/client-glue';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { defineConfig } from '../../../src/config/define-config.js';
import { GlueJobFailedError, glueJobName, runGlueJob } from '../../../src/engines/athena/glue-job-runner.js';
import type { RunGlueJobOptions } from '../../../src/engines/athena/glue-job-runner.js';

const glueMock = mockClient(GlueClient);
const args = { '--RAW_PATH': 's3://shop-lake/raw/', '--TABLES_PATH': 's3://shop-lake/tables/' };

let sleeps: number[];
let clock: number;

beforeEach(() => {
  glueMock.reset();
  sleeps = [];
  clock = 0;
});

function options(extra: Partial<RunGlueJobOptions> = {}): RunGlueJobOptions {
  return {
    glue: new GlueClient({ region: 'eu-west-1' }),
    jobName: 'shop-backfill',
    arguments: args,
    pollMs: 15_000,
    // every poll advances the fake clock by the poll delay, so elapsed times are exact
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    now: () => clock,
    ...extra,
  };
}

function run(state: string, extra: Record<string, unknown> = {}): GetJobRunResponse {
  return { JobRun: { Id: 'jr_1', JobName: 'shop-backfill', JobRunState: state as never, ...extra } };
}

describe('runGlueJob', () => {
  it('starts the job with exactly the given arguments and polls that run until SUCCEEDED', async () => {
    glueMock.on(StartJobRunCommand).resolves({ JobRunId: 'jr_1' });
    glueMock
      .on(GetJobRunCommand)
      .resolvesOnce(run('RUNNING'))
      .resolves(run('SUCCEEDED', { ExecutionTime: 93 }));

    const result = await runGlueJob(options());

    expect(glueMock.commandCalls(StartJobRunCommand).map((c) => c.args[0].input)).toEqual([
      { JobName: 'shop-backfill', Arguments: { '--RAW_PATH': 's3://shop-lake/raw/', '--TABLES_PATH': 's3://shop-lake/tables/' } },
    ]);
    expect(glueMock.commandCalls(GetJobRunCommand).map((c) => c.args[0].input)).toEqual([
      { JobName: 'shop-backfill', RunId: 'jr_1' },
      { JobName: 'shop-backfill', RunId: 'jr_1' },
    ]);
    expect(result).toEqual({ jobRunId: 'jr_1', state: 'SUCCEEDED', executionTimeS: 93 });
    expect(sleeps).toEqual([15_000]);
  });

  it('reports each state once, when it changes, with the elapsed time', async () => {
    glueMock.on(StartJobRunCommand).resolves({ JobRunId: 'jr_1' });
    glueMock
      .on(GetJobRunCommand)
      .resolvesOnce(run('STARTING'))
      .resolvesOnce(run('STARTING'))
      .resolvesOnce(run('RUNNING'))
      .resolvesOnce(run('RUNNING'))
      .resolvesOnce(run('RUNNING'))
      .resolves(run('SUCCEEDED'));

    const states: [string, number][] = [];
    const result = await runGlueJob(options({ onState: (s, ms) => states.push([s, ms]) }));

    expect(states).toEqual([
      ['STARTING', 0],
      ['RUNNING', 30_000],
      ['SUCCEEDED', 75_000],
    ]);
    expect(result).not.toHaveProperty('executionTimeS');
  });

  it("fails with Glue's ErrorMessage and the state in the message", async () => {
    glueMock.on(StartJobRunCommand).resolves({ JobRunId: 'jr_7' });
    glueMock
      .on(GetJobRunCommand)
      .resolvesOnce(run('RUNNING'))
      .resolves(run('FAILED', { ErrorMessage: 'AnalysisException: Path does not exist: s3://shop-lake/raw/' }));

    const states: string[] = [];
    const err = await runGlueJob(options({ onState: (s) => states.push(s) })).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(GlueJobFailedError);
    const failed = err as GlueJobFailedError;
    expect(failed.message).toBe('Glue job shop-backfill run jr_7 FAILED: AnalysisException: Path does not exist: s3://shop-lake/raw/');
    expect(failed.state).toBe('FAILED');
    expect(failed.jobRunId).toBe('jr_7');
    expect(failed.errorMessage).toBe('AnalysisException: Path does not exist: s3://shop-lake/raw/');
    expect(states).toEqual(['RUNNING', 'FAILED']);
  });

  it.each(['ERROR', 'TIMEOUT', 'STOPPED'])('treats %s as a failure', async (state) => {
    glueMock.on(StartJobRunCommand).resolves({ JobRunId: 'jr_2' });
    glueMock.on(GetJobRunCommand).resolves(run(state));
    await expect(runGlueJob(options())).rejects.toThrow(`Glue job shop-backfill run jr_2 ${state}: Glue gave no error message`);
  });

  it('retries a throttled GetJobRun', async () => {
    glueMock.on(StartJobRunCommand).resolves({ JobRunId: 'jr_1' });
    glueMock
      .on(GetJobRunCommand)
      .rejectsOnce(new ThrottlingException({ message: 'Rate exceeded', $metadata: {} }))
      .resolves(run('SUCCEEDED'));
    await expect(runGlueJob(options())).resolves.toMatchObject({ state: 'SUCCEEDED' });
    expect(glueMock.commandCalls(GetJobRunCommand)).toHaveLength(2);
  });

  it('says to deploy when the job does not exist', async () => {
    glueMock.on(StartJobRunCommand).rejects(new EntityNotFoundException({ message: 'Job not found', $metadata: {} }));
    await expect(runGlueJob(options())).rejects.toThrow(/Glue job shop-backfill does not exist.*npm run deploy/);
  });

  it('says so when a run is already in progress', async () => {
    glueMock.on(StartJobRunCommand).rejects(new ConcurrentRunsExceededException({ message: 'Concurrent runs exceeded', $metadata: {} }));
    await expect(runGlueJob(options())).rejects.toThrow(/shop-backfill is already running/);
  });

  it('says how to provide credentials when there are none', async () => {
    glueMock.on(StartJobRunCommand).rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    await expect(runGlueJob(options())).rejects.toThrow(/AWS_PROFILE.*--target local/s);
  });
});

describe('glueJobName', () => {
  it('is <project>-backfill', () => {
    expect(glueJobName(defineConfig({ project: 'shop' }))).toBe('shop-backfill');
  });
});
