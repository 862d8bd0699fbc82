import type { ProjectConfig } from '../config/define-config.js';
import { daysOf, refreshWindows, type DayWindow } from '../compiler/refresh-windows.js';
import { planStatements } from '../compiler/statement.js';
import { athenaRenderer } from '../dialects/athena/athena-renderer.js';
import type { Engine } from '../engines/engine.js';
import type { MartEntry, Manifest } from '../manifest/manifest.js';
import type { ObjectStore } from '../storage/object-store.js';

export interface MartRefreshOptions {
  /** First and last day to refresh, inclusive. */
  readonly from: string;
  readonly to: string;
  readonly onWindow?: (mart: string, window: DayWindow, index: number, total: number) => void;
}

/**
 * Refreshes every mart on Athena (or Trino, whose Hive catalog works alike) for a range of days, in windows of at most 100 partitions (the
 * limit of one INSERT). Athena's Hive tables cannot delete rows, so each window first removes the
 * existing files of its partitions from the mart's location — found in the catalog, since every
 * build of a mart gets its own location — and then inserts them again: a rerun replaces, it never
 * doubles.
 */
export async function refreshMartsOnAthena(
  engine: Engine,
  store: ObjectStore,
  manifest: Manifest,
  config: ProjectConfig,
  options: MartRefreshOptions,
): Promise<number> {
  const renderer = athenaRenderer(config);
  const catalog = await engine.readCatalog();
  let statements = 0;
  for (const s of planStatements(manifest)) {
    if (s.kind !== 'refresh_partitions') continue;
    const mart: MartEntry = s.mart;
    const table = catalog.objects.get(mart.name);
    if (!table || table.kind !== 'table')
      throw new Error(`mart ${mart.name} does not exist on ${engine.target} yet: run \`npm run migrate -- --target ${engine.target}\` first`);
    const location = table.location.endsWith('/') ? table.location : `${table.location}/`;
    const sql = renderer.render(s)!;
    const windows = refreshWindows(options.from, options.to, renderer.capabilities.maxPartitionsPerWrite);
    for (const [i, w] of windows.entries()) {
      options.onWindow?.(mart.name, w, i, windows.length);
      for (const day of daysOf(w)) {
        for await (const o of store.list(`${location}${mart.incrementalKey}=${day}/`)) await store.delete(o.key);
      }
      await engine.query(sql, [w.from, w.to]);
      statements++;
    }
  }
  return statements;
}
