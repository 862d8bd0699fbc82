/** A structured log line; the Lambda prints it as JSON, tests collect it. */
export type LogEntry = Readonly<Record<string, unknown>> & { readonly level: 'info' | 'warn' | 'error'; readonly msg: string };

/**
 * `landed`: read and processed (its bad records quarantined). `duplicate`: this version had landed
 * already. `rejected`: the event itself is unusable (malformed or over-long key) — recorded in
 * `rejected/`, never retried. `ignored`: outside `incoming/`, or deleted before it could be read.
 */
export type ObjectOutcome = 'landed' | 'duplicate' | 'rejected' | 'ignored' | 'failed';

export interface HandleOptions {
  /** `throw` (default): a storage error fails the invocation. `report`: the object gets a `failed` report, the others go on. */
  readonly failures?: 'throw' | 'report';
}

/** What the ingest handler says of each object of its event. */
export interface ObjectReport {
  readonly key: string;
  readonly outcome: ObjectOutcome;
  /** Records read from the object (lines, or 1 for a single object). */
  readonly recordsIn: number;
  readonly landed: number;
  readonly rejected: number;
  /** Keys written: table files, the rejection file, the ledger entry. */
  readonly written: readonly string[];
  /** From the S3 event time to the data being readable, in ms. */
  readonly delayMs?: number;
  /** `failed` only: why (the object is to be delivered again). */
  readonly error?: string;
  /** Set when this version replaced an earlier version of the same key (its rows are hidden now). */
  readonly replaced?: { readonly etag: string; readonly files: number };
}
