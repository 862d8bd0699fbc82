import { GetJobRunCommand, StartJobRunCommand } from '@aws-sdk/client-glue';
import type { GlueClient } from '@aws-sdk/client-glue';
import type { ProjectConfig } from '../../config/define-config.js';
import { realSleep, withAwsRetry } from './with-aws-retry.js';
import type { Sleep } from './with-aws-retry.js';

/** The Glue job's name, shared by the CDK app (which creates it) and `backfill --target athena` (which starts it). */
export function glueJobName(config: ProjectConfig): string {
  return `${config.project}-backfill`;
}

/** A Glue job run ended in a state other than SUCCEEDED; the message carries Glue's own error. */
export class GlueJobFailedError extends Error {
  constructor(
    readonly jobName: string,
    readonly jobRunId: string,
    readonly state: string,
    readonly errorMessage: string | undefined,
  ) {
    super(`Glue job ${jobName} run ${jobRunId} ${state}: ${errorMessage ?? 'Glue gave no error message'}`);
    this.name = 'GlueJobFailedError';
  }
}

/** Options of {@link runGlueJob}. */
export interface RunGlueJobOptions {
  readonly glue: GlueClient;
  readonly jobName: string;
  /** Job arguments, keys with their leading `--` (`{ '--RAW_PATH': 's3://…' }`); they override the job's defaults. */
  readonly arguments: Record<string, string>;
  /** Called with the first state seen and on every change after it, never twice for the same state in a row. */
  readonly onState?: (state: string, elapsedMs: number) => void;
  /** @default a real timer */
  readonly sleep?: Sleep;
  /** Delay between GetJobRun polls; a Glue run takes minutes and bills per DPU-second, not per poll. @default 10000 */
  readonly pollMs?: number;
  /** Clock for `elapsedMs`. @default Date.now */
  readonly now?: () => number;
}

/** What a successful run reports. */
export interface GlueJobRunResult {
  readonly jobRunId: string;
  readonly state: 'SUCCEEDED';
  /** Billed execution time in seconds, as Glue reports it. */
  readonly executionTimeS?: number;
}

const FAILED_STATES = new Set(['FAILED', 'ERROR', 'TIMEOUT', 'STOPPED', 'EXPIRED']);

/** Starts a run of a Glue job and waits for it to finish; throws {@link GlueJobFailedError} unless it succeeds. */
export async function runGlueJob(opts: RunGlueJobOptions): Promise<GlueJobRunResult> {
  const sleep = opts.sleep ?? realSleep;
  const now = opts.now ?? Date.now;
  const pollMs = opts.pollMs ?? 10_000;
  const call = <T>(operation: string, fn: () => Promise<T>): Promise<T> => withAwsRetry(operation, fn, { sleep });
  const started = now();

  let jobRunId: string | undefined;
  try {
    const out = await call('StartJobRun', () => opts.glue.send(new StartJobRunCommand({ JobName: opts.jobName, Arguments: opts.arguments })));
    jobRunId = out.JobRunId;
  } catch (err) {
    throw explainStartFailure(opts.jobName, err);
  }
  if (!jobRunId) throw new Error(`Glue StartJobRun for ${opts.jobName} returned no JobRunId`);
  const runId = jobRunId;

  let lastState: string | undefined;
  for (;;) {
    const out = await call('GetJobRun', () => opts.glue.send(new GetJobRunCommand({ JobName: opts.jobName, RunId: runId })));
    const run = out.JobRun;
    const state = run?.JobRunState ?? 'UNKNOWN';
    if (state !== lastState) {
      lastState = state;
      opts.onState?.(state, now() - started);
    }
    if (state === 'SUCCEEDED') {
      return { jobRunId: runId, state: 'SUCCEEDED', ...(run?.ExecutionTime === undefined ? {} : { executionTimeS: run.ExecutionTime }) };
    }
    if (FAILED_STATES.has(state)) throw new GlueJobFailedError(opts.jobName, runId, state, run?.ErrorMessage);
    await sleep(pollMs);
  }
}

/** The two start failures a user can act on get a sentence that says how. */
function explainStartFailure(jobName: string, err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  if (err.name === 'EntityNotFoundException') {
    return new Error(`Glue job ${jobName} does not exist in this account and region: deploy the stack first (npm run deploy)`, {
      cause: err,
    });
  }
  if (err.name === 'ConcurrentRunsExceededException') {
    return new Error(`Glue job ${jobName} is already running; wait for that run to finish (two backfills would overwrite each other)`, {
      cause: err,
    });
  }
  return err;
}
