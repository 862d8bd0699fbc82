/**
 * The Glue job on local Spark against the DuckDB backfill, on the same generated history.
 *
 *   npx tsx bench/spark-backfill-bench.ts                       # 100,000 transactions (npm start's default history)
 *   npx tsx bench/spark-backfill-bench.ts --transactions 20000
 *
 * One run each (a Spark run is tens of seconds and the machine is shared); Spark's figure includes
 * its JVM start, which the job reports apart. Row counts of both must be equal. Data under os.tmpdir(), deleted.
 */
import { rm } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { generateHistory } from '../producer/history/generate-history.js';
import { runLocalBackfill } from '../src/batch/local-backfill.js';
import { loadProject } from '../src/cli/project.js';
import { LocalEngine } from '../src/engines/local/local-engine.js';
import { enginesCacheDir, pysparkInstaller } from '../src/engines/spark/pyspark-installer.js';
import { runSparkBackfill } from '../src/engines/spark/spark-backfill.js';
import { localTarget } from '../src/targets/local-target.js';
import { applyMigration } from '../src/migrate/apply-migration.js';
import { desiredObjects } from '../src/migrate/desired-objects.js';
import { planMigration } from '../src/migrate/migration-plan.js';
import { LocalObjectStore } from '../src/storage/local-object-store.js';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const { values } = parseArgs({ args: process.argv.slice(2), strict: true, options: { transactions: { type: 'string' } } });
const transactions = Number(values.transactions ?? 100_000);
const { root, config, manifest } = await loadProject();
const enginesDir = enginesCacheDir();
if (!(await pysparkInstaller.isInstalled(enginesDir))) await pysparkInstaller.install(enginesDir, (m) => process.stderr.write(`${m}\n`));

async function lake(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `bench-${name}-`));
  await generateHistory(
    { transactions, days: 30, stores: 5, skus: 12_000, endDate: '2024-04-30' },
    { store: new LocalObjectStore(dir), clock: () => new Date('2024-05-01T00:00:00Z') },
  );
  const engine = await LocalEngine.open({ lakeDir: dir });
  await applyMigration(planMigration(desiredObjects(manifest, config), await engine.readCatalog()), localTarget, engine, config, {
    allowDestructive: false,
    buildId: 'bench',
  });
  await engine.close();
  return dir;
}

async function counts(dir: string): Promise<string> {
  const engine = await LocalEngine.open({ lakeDir: dir });
  try {
    const r = (await engine.query('SELECT (SELECT count(*) FROM transactions) AS t, (SELECT count(*) FROM transaction_items) AS i')).rows[0]!;
    return `${r.t} transactions, ${r.i} items`;
  } finally {
    await engine.close();
  }
}

const duckLake = await lake('duck');
const sparkLake = await lake('spark');
try {
  const engine = await LocalEngine.open({ lakeDir: duckLake });
  let started = performance.now();
  await runLocalBackfill(engine, manifest, config, { runId: 'bench' });
  const duckMs = performance.now() - started;
  await engine.close();

  let jvm = '';
  started = performance.now();
  await runSparkBackfill({
    projectRoot: root,
    config,
    enginesDir,
    runs: [{ lakeDir: sparkLake, runId: 'bench' }],
    onProgress: (l) => {
      process.stderr.write(`  ${l}\n`);
      const m = /Spark [\d.]+ started in ([\d.]+) s/.exec(l);
      if (m) jvm = m[1]!;
    },
  });
  const sparkMs = performance.now() - started;
  const [duckCounts, sparkCounts] = [await counts(duckLake), await counts(sparkLake)];
  if (duckCounts !== sparkCounts) throw new Error(`the engines disagree: DuckDB ${duckCounts}, Spark ${sparkCounts}`);
  process.stdout.write(`| transactions | engine | rows | s | vs DuckDB |\n|:---|:---|:---|---:|---:|\n`);
  process.stdout.write(
    `| ${transactions.toLocaleString('en-US')} | DuckDB backfill (tables + mart) | ${duckCounts} | ${(duckMs / 1000).toFixed(1)} | 1.0× |\n`,
  );
  process.stdout.write(
    `| ${transactions.toLocaleString('en-US')} | Glue job on local Spark 3.5.4, local[2] (tables; JVM start ${jvm} s) | ${sparkCounts} | ${(sparkMs / 1000).toFixed(1)} | ${(sparkMs / duckMs).toFixed(1)}× |\n`,
  );
} finally {
  await rm(duckLake, { recursive: true, force: true });
  await rm(sparkLake, { recursive: true, force: true });
}
