import { S3Client } from '@aws-sdk/client-s3';
import manifestJson from '../target/manifest.json' with { type: 'json' };
import { compactTables, type CompactOptions, type PartitionResult } from '../src/compaction/compact-table.js';
import { COMPACTION_DEFAULTS } from '../src/config/infra-config-schema.js';
import { parseManifest, type Manifest } from '../src/manifest/manifest.js';
import { S3ObjectStore } from '../src/storage/s3-object-store.js';

/**
 * The scheduled compaction Lambda (EventBridge rule, infra/constructs/compaction-schedule.ts). It
 * merges the small files streaming leaves in each partition, following the visibility protocol of
 * docs/compaction.md. The manifest is bundled at build time, like the ingest handler's, so the
 * tables it compacts are the ones the SQL engines were rendered from.
 *
 * Any error is rethrown: the invocation is marked failed, and the next scheduled run completes or
 * rolls back whatever this one left (the protocol is crash-safe at every step).
 */
const manifest: Manifest = parseManifest(manifestJson, 'the bundled target/manifest.json');

const bucket = process.env.LAKE_BUCKET;
if (!bucket) throw new Error('LAKE_BUCKET is not set');

const store = new S3ObjectStore(new S3Client({}), bucket);

/** What one run did, summed over every partition it looked at. */
export interface CompactionSummary {
  readonly partitions: number;
  /** Partitions where files were merged or an interrupted run was recovered. */
  readonly changed: number;
  readonly inputFiles: number;
  readonly outputFiles: number;
  readonly rows: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly rolledBack: number;
  readonly deleted: number;
  readonly durationMs: number;
}

export const handler = async (): Promise<CompactionSummary> => {
  const started = Date.now();
  const log = (entry: Readonly<Record<string, unknown>>): void => console.log(JSON.stringify(entry));
  let options: CompactionEnvOptions;
  let results: PartitionResult[];
  try {
    options = optionsFromEnv(process.env);
    results = await compactTables(store, manifest, {
      ...options,
      onPartition: (r) => {
        if (r.skipped !== undefined) {
          log({ level: 'info', msg: 'table skipped: another run holds its lock', table: r.table, reason: r.skipped });
          return;
        }
        if (r.error !== undefined) {
          log({ level: 'error', msg: 'partition not compacted', table: r.table, partition: r.partition, error: r.error });
          return;
        }
        if (!changed(r)) return;
        log({
          level: 'info',
          msg: 'partition compacted',
          table: r.table,
          partition: r.partition,
          inputFiles: r.inputFiles,
          outputFiles: r.outputFiles,
          rows: r.rows,
          bytesIn: r.bytesIn,
          bytesOut: r.bytesOut,
          rolledBack: r.recovered.rolledBack,
          deleted: r.recovered.deleted,
        });
      },
    });
  } catch (error) {
    log({ level: 'error', msg: 'compaction failed', bucket, durationMs: Date.now() - started, error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
  const sum = (f: (r: PartitionResult) => number): number => results.reduce((a, r) => a + f(r), 0);
  const summary: CompactionSummary = {
    partitions: results.filter((r) => r.skipped === undefined).length,
    changed: results.filter(changed).length,
    inputFiles: sum((r) => r.inputFiles),
    outputFiles: sum((r) => r.outputFiles),
    rows: sum((r) => r.rows),
    bytesIn: sum((r) => r.bytesIn),
    bytesOut: sum((r) => r.bytesOut),
    rolledBack: sum((r) => r.recovered.rolledBack),
    deleted: sum((r) => r.recovered.deleted),
    durationMs: Date.now() - started,
  };
  const failed = results.filter((r) => r.error !== undefined);
  log({ level: failed.length > 0 ? 'error' : 'info', msg: 'compaction finished', bucket, ...options, ...summary, failedPartitions: failed.length });
  // Every other partition was compacted; failing the invocation makes the failure visible (Errors metric).
  if (failed.length > 0)
    throw new Error(`${failed.length} partition(s) could not be compacted: ${failed.map((r) => `${r.table}/${r.partition}: ${r.error}`).join('; ')}`);
  return summary;
};

function changed(r: PartitionResult): boolean {
  return r.inputFiles + r.recovered.rolledBack + r.recovered.deleted > 0;
}

type CompactionEnvOptions = Required<Pick<CompactOptions, 'olderThanMs' | 'graceMs' | 'targetBytes'>> & Pick<CompactOptions, 'settleMs' | 'commitDelayMs'>;

/**
 * COMPACT_OLDER_THAN_MS, COMPACT_GRACE_MS and COMPACT_TARGET_BYTES (defaults: the config's
 * `infra.compaction` defaults, 5 min, 10 min, 128 MiB), COMPACT_SETTLE_MS (default: the library's) and COMPACT_COMMIT_DELAY_MS (default:
 * commit in the same run; the stack sets 35 min, for Athena). A malformed value fails the run
 * rather than compacting with a setting nobody chose.
 */
export function optionsFromEnv(env: Readonly<Record<string, string | undefined>>): CompactionEnvOptions {
  const settleMs = envNumber(env, 'COMPACT_SETTLE_MS', undefined);
  const commitDelayMs = envNumber(env, 'COMPACT_COMMIT_DELAY_MS', undefined);
  return {
    olderThanMs: envNumber(env, 'COMPACT_OLDER_THAN_MS', COMPACTION_DEFAULTS.olderThanMinutes * 60_000),
    graceMs: envNumber(env, 'COMPACT_GRACE_MS', COMPACTION_DEFAULTS.graceMinutes * 60_000),
    targetBytes: envNumber(env, 'COMPACT_TARGET_BYTES', COMPACTION_DEFAULTS.targetMb * 1024 * 1024, 1),
    ...(settleMs === undefined ? {} : { settleMs }),
    ...(commitDelayMs === undefined ? {} : { commitDelayMs }),
  };
}

function envNumber<D extends number | undefined>(env: Readonly<Record<string, string | undefined>>, name: string, fallback: D, min = 0): number | D {
  const text = env[name];
  if (text === undefined || text.trim() === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number >= ${min}, not "${text}"`);
  return value;
}
