import { backfillCommand } from '../../src/cli/commands/backfill-command.js';
import { migrateCommand } from '../../src/cli/commands/migrate-command.js';
import { captureIo } from '../support/capture-io.js';
import { makeTempLake, writeFixtureRaw } from '../support/fixture-lake.js';

/**
 * The fixture lake (newest transaction: S1 2024-04-11 12:00, S2 2024-04-10 18:05), migrated and
 * backfilled on the given targets through the CLI, with LAKE_DIR pointing at it.
 */
export async function freshnessLake(targets: readonly string[]): Promise<string> {
  const lake = await makeTempLake('lake-freshness-');
  process.env.LAKE_DIR = lake;
  await writeFixtureRaw(lake);
  const io = captureIo();
  for (const t of targets) if ((await migrateCommand(['--target', t], io)) !== 0) throw new Error(io.err.join('\n'));
  if ((await backfillCommand(['--target', targets.at(-1)!], io)) !== 0) throw new Error(io.err.join('\n'));
  return lake;
}
