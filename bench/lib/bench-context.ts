import { localTarget } from '../../src/targets/local-target.js';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { generateHistory } from '../../producer/history/generate-history.js';
import type { GenerateSummary } from '../../producer/history/generate-history-options.js';
import { historyKeys } from '../../producer/history/history-contract.js';
import { runLocalBackfill } from '../../src/batch/local-backfill.js';
import type { ProjectConfig } from '../../src/config/define-config.js';
import { LocalEngine } from '../../src/engines/local/local-engine.js';
import type { Manifest } from '../../src/manifest/manifest.js';
import { applyMigration } from '../../src/migrate/apply-migration.js';
import { desiredObjects } from '../../src/migrate/desired-objects.js';
import { planMigration } from '../../src/migrate/migration-plan.js';
import { LocalObjectStore } from '../../src/storage/local-object-store.js';
import { writeOriginalLayout } from './original-layout.js';
import type { OriginalLayout } from './original-layout.js';

/** Fixed so that every run measures the same bytes (the generator is deterministic for a seed). */
export const HISTORY_END_DATE = '2024-04-30';
const CLOCK = (): Date => new Date(`${HISTORY_END_DATE}T23:00:00Z`);

/** A generated history in a lake folder (`raw/` only until {@link BenchContext.lake} backfills it). */
export interface HistoryFixture {
  readonly lakeDir: string;
  readonly summary: GenerateSummary;
  /** Absolute paths of the raw files, for the baselines that read them directly. */
  readonly rawTransactionsDir: string;
  readonly skusFile: string;
  readonly storesFile: string;
}

/** Everything a suite may share with the others in one run. */
export interface BenchContext {
  readonly quick: boolean;
  readonly config: ProjectConfig;
  readonly manifest: Manifest;
  /** A fresh temp folder for the suite's own scratch data; removed with the rest at the end. */
  scratch(name: string): Promise<string>;
  /** The history of `transactions` transactions, generated once per run. */
  history(transactions: number): Promise<HistoryFixture>;
  /** The same history migrated and backfilled: our partitioned Parquet layout beside `raw/`. */
  lake(transactions: number): Promise<HistoryFixture>;
  /** The same history as one JSON file per transaction (the original design's layout), written once. */
  originalLayout(transactions: number): Promise<OriginalLayout>;
  /** Progress for the operator, on stderr (stdout carries the tables). */
  log(message: string): void;
}

/** Opens a LocalEngine on the lake and migrates it to the manifest (what `npm run migrate` does). */
export async function openMigratedEngine(lakeDir: string, manifest: Manifest, config: ProjectConfig): Promise<LocalEngine> {
  const engine = await LocalEngine.open({ lakeDir });
  try {
    const plan = planMigration(desiredObjects(manifest, config), await engine.readCatalog());
    await applyMigration(plan, localTarget, engine, config, { allowDestructive: false, buildId: 'bench' });
  } catch (e) {
    await engine.close();
    throw e;
  }
  return engine;
}

/**
 * Creates the context in a temp folder under `os.tmpdir()`; call `dispose()` at the end to delete
 * everything it generated. Fixtures are memoized by size, so suites measure the same data.
 */
export async function createBenchContext(options: {
  readonly quick: boolean;
  readonly config: ProjectConfig;
  readonly manifest: Manifest;
  readonly log?: (message: string) => void;
}): Promise<BenchContext & { dispose(): Promise<void>; readonly root: string }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'lakehouse-bench-'));
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const histories = new Map<number, Promise<HistoryFixture>>();
  const lakes = new Map<number, Promise<HistoryFixture>>();
  const originals = new Map<number, Promise<OriginalLayout>>();
  const { config, manifest } = options;
  let scratchCount = 0;

  const history = (n: number): Promise<HistoryFixture> => {
    let h = histories.get(n);
    if (h === undefined) {
      h = (async () => {
        const lakeDir = path.join(root, `lake-${n}`);
        const started = performance.now();
        const rawPrefix = config.lake.prefixes.raw;
        const summary = await generateHistory(
          { transactions: n, endDate: HISTORY_END_DATE, rawPrefix },
          { store: new LocalObjectStore(lakeDir), clock: CLOCK },
        );
        log(`  generated ${n.toLocaleString('en-US')} transactions (${summary.items.toLocaleString('en-US')} items) in ${seconds(started)}`);
        const keys = historyKeys(rawPrefix);
        return {
          lakeDir,
          summary,
          rawTransactionsDir: path.join(lakeDir, ...keys.transactionsPrefix.split('/').filter(Boolean)),
          skusFile: path.join(lakeDir, ...keys.skus.split('/')),
          storesFile: path.join(lakeDir, ...keys.stores.split('/')),
        };
      })();
      histories.set(n, h);
    }
    return h;
  };

  const lake = (n: number): Promise<HistoryFixture> => {
    let l = lakes.get(n);
    if (l === undefined) {
      l = (async () => {
        const h = await history(n);
        const started = performance.now();
        const engine = await openMigratedEngine(h.lakeDir, manifest, config);
        try {
          await runLocalBackfill(engine, manifest, config, { runId: 'bench-setup' });
        } finally {
          await engine.close();
        }
        log(`  migrated and backfilled ${n.toLocaleString('en-US')} transactions in ${seconds(started)}`);
        return h;
      })();
      lakes.set(n, l);
    }
    return l;
  };

  const originalLayout = (n: number): Promise<OriginalLayout> => {
    let o = originals.get(n);
    if (o === undefined) {
      o = (async () => {
        const h = await history(n);
        const started = performance.now();
        const layout = await writeOriginalLayout(h.rawTransactionsDir, path.join(root, `orig-${n}`));
        log(`  wrote the original layout: ${layout.files.toLocaleString('en-US')} JSON files in ${seconds(started)}`);
        return layout;
      })();
      originals.set(n, o);
    }
    return o;
  };

  return {
    root,
    quick: options.quick,
    config,
    manifest,
    async scratch(name: string) {
      const dir = path.join(root, `${name}-${++scratchCount}`);
      await mkdir(dir, { recursive: true });
      return dir;
    },
    history,
    lake,
    originalLayout,
    log,
    async dispose() {
      // Settle pending fixtures first, or a generator could write into a folder being deleted.
      await Promise.allSettled([...histories.values(), ...lakes.values(), ...originals.values()]);
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** Seconds since a `performance.now()` mark, for log lines. */
export function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}
