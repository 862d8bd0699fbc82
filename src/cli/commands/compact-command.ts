import { parseArgs } from 'node:util';
import { COMPACT_LEASE_MS_DEFAULT, COMPACT_SETTLE_MS_DEFAULT, compactTables, type PartitionResult } from '../../compaction/compact-table.js';
import { COMPACTION_DEFAULTS } from '../../config/infra-config-schema.js';
import { removeOrphanTempFiles } from '../../storage/orphan-temp-files.js';
import { LakeNotFoundError } from '../../engines/local/local-engine.js';
import { stat } from 'node:fs/promises';
import type { CliIo } from '../cli-io.js';
import { loadProject, parseTarget, targetOf, UsageError } from '../project.js';

const HELP = `Usage: npm run compact -- [--table T] [--older-than DURATION] [--target-size MB] [--grace DURATION] [--commit-delay DURATION] [--lease DURATION] [--target local|trino|athena]

Merges the small files that streaming leaves in each partition into as few files as fit the target
size (default ${COMPACTION_DEFAULTS.targetMb} MB), without a query ever seeing a row twice or missing one (docs/compaction.md).
A run killed at any point is completed or rolled back by the next run. One compactor per table at a
time: a run holds the table's lock object (tables/_locks/compaction/<table>.json) with a ${COMPACT_LEASE_MS_DEFAULT / 60_000}-minute
lease it renews; another run (npm start's, a second npm run compact, the Lambda) skips a table it
finds locked, and a crashed run's lease simply expires.

  --table T             only this table (default: every partitioned table)
  --older-than D        only files written at least D ago, e.g. 10m, 1h (default 0)
  --target-size MB      largest compacted file (default infra.compaction.targetMb, ${COMPACTION_DEFAULTS.targetMb})
  --grace D             keep replaced files this long for running queries (default infra.compaction.graceMinutes, ${COMPACTION_DEFAULTS.graceMinutes}m)
  --settle D            pause between writing a merged file and committing it (default ${COMPACT_SETTLE_MS_DEFAULT / 1000}s)
  --commit-delay D      commit merged files in a later run, at least D after they were written
                        (athena default: infra.compaction.commitDelayMinutes, ${COMPACTION_DEFAULTS.commitDelayMinutes}m — Athena lists a
                        table's files while a query runs, so a query may last that long between its
                        file listing and its hidden-list read; on the lake folder: commit in the same run)
  --lease D             the table lock's lease: how long a crashed run blocks the table (default ${COMPACT_LEASE_MS_DEFAULT / 60_000}m)
  --target              local or trino (both: the LAKE_DIR folder) or athena (the configured S3 bucket)`;

export async function compactCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      table: { type: 'string', multiple: true },
      'older-than': { type: 'string' },
      'target-size': { type: 'string' },
      grace: { type: 'string' },
      settle: { type: 'string' },
      'commit-delay': { type: 'string' },
      lease: { type: 'string' },
      target: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const target = targetOf(parseTarget(values.target));
  const { config, manifest } = await loadProject();
  const ctx = { config, env: process.env };
  // The trino target serves the same lake folder as local: both compact it; athena compacts the bucket.
  const lakeDir = target.lakeDir(ctx);
  if (lakeDir !== undefined) {
    if (
      !(await stat(lakeDir).then(
        () => true,
        () => false,
      ))
    )
      throw new LakeNotFoundError(lakeDir);
    const removed = await removeOrphanTempFiles(lakeDir, { olderThanMs: 60 * 60_000 });
    if (removed.length > 0) io.stdout(`Removed ${removed.length} temporary file(s) older than 1 h left by killed writers.`);
  }
  const targetMb = values['target-size'] === undefined ? config.infra.compaction.targetMb : Number(values['target-size']);
  if (!(targetMb > 0)) throw new UsageError('--target-size must be a positive number of megabytes');
  const commitDelayMs =
    values['commit-delay'] !== undefined
      ? parseDuration(values['commit-delay'], '--commit-delay')
      : lakeDir === undefined
        ? config.infra.compaction.commitDelayMinutes * 60_000
        : undefined;
  const { store, close: destroy } = await target.objectStore(ctx);
  const started = performance.now();
  try {
    const results = await compactTables(store, manifest, {
      targetBytes: targetMb * 1024 * 1024,
      olderThanMs: parseDuration(values['older-than'] ?? '0s', '--older-than'),
      graceMs: values.grace === undefined ? config.infra.compaction.graceMinutes * 60_000 : parseDuration(values.grace, '--grace'),
      settleMs: values.settle === undefined ? COMPACT_SETTLE_MS_DEFAULT : parseDuration(values.settle, '--settle'),
      ...(values.lease === undefined ? {} : { leaseMs: parseDuration(values.lease, '--lease') }),
      ...(commitDelayMs === undefined ? {} : { commitDelayMs }),
      ...(values.table ? { tables: values.table } : {}),
      onPartition: (r) => {
        if (r.skipped !== undefined) io.stdout(`  ${r.table}: skipped, ${r.skipped} (one compactor per table)`);
        else if (r.error !== undefined) io.stderr(`  ${r.table}/${r.partition} not compacted: ${r.error}`);
        else if (r.inputFiles + r.recovered.rolledBack + r.recovered.deleted > 0) io.stdout(describe(r));
        if (r.awaitingCommit)
          io.stdout(
            `  ${r.table}/${r.partition}: ${r.awaitingCommit} merged file(s) written, committed by a run at least ${Math.round((commitDelayMs ?? 0) / 60_000)} min from now`,
          );
      },
    });
    const failed = results.filter((r) => r.error !== undefined);
    const merged = results.reduce((a, r) => a + r.inputFiles, 0);
    const partitions = results.filter((r) => r.skipped === undefined).length;
    const secs = (performance.now() - started) / 1000;
    io.stdout(
      merged === 0
        ? `Nothing to compact in ${partitions} partition(s) (${store.description}).`
        : `Compacted ${merged.toLocaleString('en-US')} files into ${results.reduce((a, r) => a + r.outputFiles, 0)} in ${secs.toFixed(1)} s (${Math.round(merged / secs).toLocaleString('en-US')} files/s).`,
    );
    if (failed.length > 0) {
      io.stderr(
        `${failed.length} partition(s) could not be compacted (listed above); every other partition was. They are left as they were and retried on the next run.`,
      );
      return 1;
    }
    return 0;
  } finally {
    destroy();
  }
}

function describe(r: PartitionResult): string {
  const recovered =
    r.recovered.rolledBack + r.recovered.deleted > 0 ? ` (recovered: ${r.recovered.rolledBack} rolled back, ${r.recovered.deleted} old files deleted)` : '';
  return `  ${r.table}/${r.partition} ${r.inputFiles} → ${r.outputFiles} file(s), ${r.rows.toLocaleString('en-US')} rows, ${(r.bytesIn / 1024).toFixed(0)} KiB → ${(r.bytesOut / 1024).toFixed(0)} KiB${recovered}`;
}

/** `90s`, `10m`, `1h`, `2d`, or milliseconds as a bare number. */
export function parseDuration(text: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!m) throw new UsageError(`${flag} must be a duration like 30s, 10m, 1h or 2d, not "${text}"`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(m[2] ?? 'ms') as 'ms'];
  return Number(m[1]) * unit;
}
