import { describe, expect, it } from 'vitest';
import { compileProject } from '../../../src/compiler/compile-project.js';
import { LocalEngine } from '../../../src/engines/local/local-engine.js';
import { readLocalCatalog, writeLocalCatalog } from '../../../src/engines/local/local-catalog.js';
import { makeTempLake, migratedEngine, writeFixtureRaw } from '../../support/fixture-lake.js';
import { runLocalBackfill } from '../../../src/batch/local-backfill.js';
import { projectConfig, projectModels } from '../../support/project-files.js';

describe('local catalog replay', () => {
  it('recreates every object even when the catalog lists views before what they read (objects replaced in place)', async () => {
    const config = projectConfig();
    const manifest = compileProject(await projectModels(), config).manifest!;
    const lake = await makeTempLake();
    await writeFixtureRaw(lake);
    const first = await migratedEngine(lake, manifest, config);
    await runLocalBackfill(first, manifest, config, { runId: 'order' });
    await first.close();
    const catalog = await readLocalCatalog(lake);
    await writeLocalCatalog(lake, { ...catalog, entries: [...catalog.entries].reverse() });

    const engine = await LocalEngine.open({ lakeDir: lake });
    try {
      expect([...engine.brokenObjects().keys()]).toEqual([]);
      expect((await engine.query('SELECT sum(transactions) AS n FROM sales_by_store')).rows).toEqual([{ n: '4' }]);
    } finally {
      await engine.close();
    }
  });
});
