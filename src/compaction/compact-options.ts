/**
 * What a compaction run takes and reports, and its fixed names: shared by the run
 * (compact-table.ts), the CLI, the Lambda and the tests.
 */
export const COMPACT_FILE_PREFIX = 'compact-';
/** Library-level knobs, not config keys: the CLI's `--settle` and `--lease` default to these. */
export const COMPACT_SETTLE_MS_DEFAULT = 2000;
export const COMPACT_LEASE_MS_DEFAULT = 2 * 60_000;

export interface CompactOptions {
  /** Largest compacted file, in bytes of input Parquet. @default infra.compaction.targetMb (128 MiB) */
  readonly targetBytes?: number;
  /** Only files last written this long ago are compacted (late data keeps landing meanwhile). @default 0 */
  readonly olderThanMs?: number;
  /** Superseded files are deleted only this long after the commit, so running queries can finish. @default infra.compaction.graceMinutes (10 min) */
  readonly graceMs?: number;
  /**
   * Pause before and after writing the compacted file. A reader lists the files and reads the
   * hidden lists at two moments, in either order; these pauses make sure no reader pairs a file
   * listing and a hidden list from different sides of a change. @default COMPACT_SETTLE_MS_DEFAULT (2 s)
   */
  readonly settleMs?: number;
  /**
   * Commit a merged file in a later run, at least this long after it was written, instead of
   * `settleMs` after it in the same run. Athena (Trino) enumerates a table's files progressively
   * while a query runs, so the gap between a query's file listing and its hidden-list read is
   * bounded only by the query's run time: a delay longer than the longest query (Athena's DML
   * timeout, 30 min by default) makes the switch safe there, and a Lambda need not wait for it.
   * @default undefined (commit in the same run)
   */
  readonly commitDelayMs?: number;
  /**
   * One compactor per table: a run holds the table's lock object (`tables/_locks/compaction/<table>.json`)
   * with a lease this long, renewed before every change to a hidden list and between files. A
   * crashed run blocks the table at most this long. @default COMPACT_LEASE_MS_DEFAULT (2 min)
   */
  readonly leaseMs?: number;
  /** Names this run in the lock object, for the messages of runs that find the table locked. @default host:pid:random */
  readonly owner?: string;
  readonly clock?: () => Date;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Only these tables. @default every partitioned table */
  readonly tables?: readonly string[];
  readonly onPartition?: (result: PartitionResult) => void;
}

export interface PartitionResult {
  readonly table: string;
  readonly partition: string;
  /** Small files merged (0 when there was nothing to do). */
  readonly inputFiles: number;
  readonly outputFiles: number;
  readonly rows: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
  /** Files of an interrupted compaction rolled back (pending) or completed (superseded). */
  readonly recovered: { readonly rolledBack: number; readonly deleted: number };
  /** Merged files written by this run that a later run commits (`commitDelayMs`). */
  readonly awaitingCommit?: number;
  /**
   * Why this partition could not be compacted (an unreadable file, a storage error). The partition
   * is left as it was — its uncommitted merge rolled back — and the other partitions are still compacted.
   */
  readonly error?: string;
  /** Rows dropped because their key (`transaction_id`) landed first elsewhere; quarantined in `rejected/`. */
  readonly duplicatesDropped?: number;
  /** Set when the whole table was skipped because another compactor holds its lock (`partition` is ""). */
  readonly skipped?: string;
}

/** The lock object of a table's compactor. */
export function compactionLockKey(tablesPrefix: string, table: string): string {
  return `${tablesPrefix}_locks/compaction/${table}.json`;
}

export function emptyResult(table: string, partition: string): PartitionResult {
  return { table, partition, inputFiles: 0, outputFiles: 0, rows: 0, bytesIn: 0, bytesOut: 0, recovered: { rolledBack: 0, deleted: 0 } };
}
