/**
 * One wrapper around every Athena and Glue call: it retries throttling on top of the SDK's own
 * retries, and turns a missing-credentials failure into a message that says what to do.
 */

/** How a caller waits; injected so that tests never really sleep. */
export type Sleep = (ms: number) => Promise<void>;

/** The real timer-based sleep. */
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Thrown when the AWS SDK's default credential chain found no credentials. */
export class MissingAwsCredentialsError extends Error {
  constructor(cause: unknown) {
    super(
      'no AWS credentials found. Set AWS_PROFILE (a profile from ~/.aws/config, e.g. after `aws sso login`) ' +
        'or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_REGION), ' +
        'or run against the local engine with `--target local`.',
      { cause },
    );
    this.name = 'MissingAwsCredentialsError';
  }
}

/** Thrown when AWS kept throttling a call after every retry. */
export class AwsThrottledError extends Error {
  constructor(
    readonly operation: string,
    readonly attempts: number,
    cause: unknown,
  ) {
    super(
      `${operation} was throttled by AWS ${attempts} times in a row (${describeError(cause)}); ` +
        'the account is over its request or concurrent-query quota: retry later or run fewer queries at once.',
      { cause },
    );
    this.name = 'AwsThrottledError';
  }
}

/** Retry policy for throttled calls. */
export interface RetryOptions {
  readonly sleep: Sleep;
  /** Retries after the first attempt. @default 5 */
  readonly maxRetries?: number;
  /** First delay; doubles per retry up to `maxDelayMs`. @default 500 */
  readonly initialDelayMs?: number;
  /** @default 8000 */
  readonly maxDelayMs?: number;
}

const THROTTLING_NAMES = new Set(['TooManyRequestsException', 'ThrottlingException', 'Throttling', 'RequestLimitExceeded']);

/** True for AWS errors that mean "slow down", whichever service sent them. */
function isThrottlingError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (THROTTLING_NAMES.has(err.name)) return true;
  const retryable = (err as { $retryable?: { throttling?: boolean } }).$retryable;
  return retryable?.throttling === true;
}

/** True when the SDK's credential chain came up empty. */
function isMissingCredentialsError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return err.name === 'CredentialsProviderError' || /could not load credentials/i.test(err.message);
}

/**
 * Runs `call`, retrying throttling with exponential backoff. The SDK already retries a throttled
 * request a couple of times within milliseconds; an Athena concurrency limit needs seconds, hence
 * this slower outer loop.
 */
export async function withAwsRetry<T>(operation: string, call: () => Promise<T>, options: RetryOptions): Promise<T> {
  const maxRetries = options.maxRetries ?? 5;
  let delay = options.initialDelayMs ?? 500;
  const maxDelay = options.maxDelayMs ?? 8000;
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (isMissingCredentialsError(err)) throw new MissingAwsCredentialsError(err);
      if (!isThrottlingError(err)) throw err;
      if (attempt >= maxRetries) throw new AwsThrottledError(operation, attempt + 1, err);
      await options.sleep(delay);
      delay = Math.min(delay * 2, maxDelay);
    }
  }
}

/** `Name: message` of an error, for messages that wrap it. */
function describeError(err: unknown): string {
  if (err instanceof Error) return err.message && err.message !== err.name ? `${err.name}: ${err.message}` : err.name;
  return String(err);
}
