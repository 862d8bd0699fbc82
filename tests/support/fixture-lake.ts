import { localTarget } from '../../src/targets/local-target.js';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ProjectConfig } from '../../src/config/define-config.js';
import { LocalEngine } from '../../src/engines/local/local-engine.js';
import type { Manifest } from '../../src/manifest/manifest.js';
import { applyMigration } from '../../src/migrate/apply-migration.js';
import { desiredObjects } from '../../src/migrate/desired-objects.js';
import { planMigration } from '../../src/migrate/migration-plan.js';

/**
 * A lake small enough to compute every view by hand:
 *   T1 S1 2024-04-10 09:15  A×2 (2.50) + B×1 (10.00) = 15.00, 3 items
 *   T2 S1 2024-04-10 09:45  C×3 (0.99)              =  2.97, 3 items
 *   T3 S2 2024-04-10 18:05  A×1                     =  2.50, 1 item
 *   T4 S1 2024-04-11 12:00  B×2 + C×1               = 20.99, 3 items
 */
export const FIXTURE_RAW = {
  'raw/stores/stores.jsonl': [
    { store_id: 'S1', store_name: 'Alpha', store_location: 'Oslo' },
    { store_id: 'S2', store_name: 'Beta', store_location: 'Bergen' },
  ],
  'raw/skus/skus.jsonl': [
    { sku_id: 'A', product_name: 'Apples 1kg', price: '2.50' },
    { sku_id: 'B', product_name: 'Butter 500g', price: '10.00' },
    { sku_id: 'C', product_name: 'Cola 33cl', price: '0.99' },
  ],
  'raw/transactions/part-00000.jsonl': [
    {
      transaction_id: 'T1',
      store_id: 'S1',
      transaction_datetime: '2024-04-10 09:15:00',
      items: [
        { sku_id: 'A', quantity: 2 },
        { sku_id: 'B', quantity: 1 },
      ],
    },
    { transaction_id: 'T2', store_id: 'S1', transaction_datetime: '2024-04-10 09:45:00', items: [{ sku_id: 'C', quantity: 3 }] },
    { transaction_id: 'T3', store_id: 'S2', transaction_datetime: '2024-04-10 18:05:00', items: [{ sku_id: 'A', quantity: 1 }] },
    {
      transaction_id: 'T4',
      store_id: 'S1',
      transaction_datetime: '2024-04-11 12:00:00',
      items: [
        { sku_id: 'B', quantity: 2 },
        { sku_id: 'C', quantity: 1 },
      ],
    },
  ],
} as const;

export async function makeTempLake(prefix = 'lake-'): Promise<string> {
  return mkdtemp(path.join(tmpdir(), prefix));
}

export async function writeFixtureRaw(lakeDir: string): Promise<void> {
  for (const [key, rows] of Object.entries(FIXTURE_RAW)) {
    const file = path.join(lakeDir, key);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  }
}

/** Opens a local engine on the lake and migrates it to the manifest. */
export async function migratedEngine(lakeDir: string, manifest: Manifest, config: ProjectConfig): Promise<LocalEngine> {
  const engine = await LocalEngine.open({ lakeDir });
  const plan = planMigration(desiredObjects(manifest, config), await engine.readCatalog());
  await applyMigration(plan, localTarget, engine, config, { allowDestructive: false, buildId: 'test' });
  return engine;
}
