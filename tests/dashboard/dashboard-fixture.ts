import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { runLocalBackfill } from '../../src/batch/local-backfill.js';
import { compileProject } from '../../src/compiler/compile-project.js';
import type { ProjectConfig } from '../../src/config/define-config.js';
import type { LocalEngine } from '../../src/engines/local/local-engine.js';
import type { Manifest } from '../../src/manifest/manifest.js';
import { makeTempLake, migratedEngine, writeFixtureRaw } from '../support/fixture-lake.js';
import { projectConfig, projectModels } from '../support/project-files.js';

/**
 * "Now" for every dashboard test: the fixture's newest transaction (T4, 2024-04-11 12:00:00) is then
 * exactly 6 hours old, and the default range (the last 7 days) covers the whole fixture.
 */
export const FIXTURE_NOW = new Date('2024-04-11T18:00:00Z');
export const fixtureClock = (): Date => FIXTURE_NOW;

/**
 * T5, appended by the live tests: S2, 2024-04-11 17:30, A×2 = 5.00. Afterwards 2024-04-10..11 has
 * revenue 46.46 over 5 transactions, and 2024-04-11 alone 25.99 over 2.
 */
export const LATE_TRANSACTION = {
  transaction_id: 'T5',
  store_id: 'S2',
  transaction_datetime: '2024-04-11 17:30:00',
  items: [{ sku_id: 'A', quantity: 2 }],
} as const;

export interface DashboardLake {
  readonly engine: LocalEngine;
  readonly lakeDir: string;
  /** Appends {@link LATE_TRANSACTION} to the raw log and reruns the batch job: a real change of every view. */
  addLateTransaction(): Promise<void>;
}

let compiled: { manifest: Manifest; config: ProjectConfig } | undefined;

/** A migrated, backfilled fixture lake (tests/support/fixture-lake.ts) with a local engine over it. */
export async function openDashboardLake(): Promise<DashboardLake> {
  if (!compiled) {
    const config = projectConfig();
    compiled = { config, manifest: compileProject(await projectModels(), config).manifest! };
  }
  const { manifest, config } = compiled;
  const lakeDir = await makeTempLake('dashboard-lake-');
  await writeFixtureRaw(lakeDir);
  const engine = await migratedEngine(lakeDir, manifest, config);
  await runLocalBackfill(engine, manifest, config, { runId: 'fixture' });
  return {
    engine,
    lakeDir,
    async addLateTransaction() {
      await appendFile(path.join(lakeDir, 'raw/transactions/part-00000.jsonl'), JSON.stringify(LATE_TRANSACTION) + '\n');
      await runLocalBackfill(engine, manifest, config, { runId: 'late' });
    },
  };
}
