import type { ProjectConfig } from '../config/define-config.js';
import { col, max, min, relation, type QueryStatement } from '../compiler/query-statement.js';
import type { DayWindow } from '../compiler/refresh-windows.js';
import { assertEnvironmentMigrated } from '../environments/environment-options.js';
import type { Manifest } from '../manifest/manifest.js';
import type { Target } from '../targets/target.js';
import type { CliIo } from './cli-io.js';

/** `--env NAME` on an INSERT target: the environment, and its declared scope narrowed to the objects it holds. */
export interface EnvironmentRefresh {
  readonly name: string;
  holding(present: ReadonlySet<string>): Manifest;
}

/** The first and last day with transactions (`lo`, `hi`): the span of a whole mart refresh. */
const TRANSACTION_DAYS: QueryStatement = {
  kind: 'select',
  columns: [
    { expr: min(col('dt')), as: 'lo' },
    { expr: max(col('dt')), as: 'hi' },
  ],
  from: relation('transactions'),
};

/**
 * After the batch job, `backfill` refills the marts by the engine's INSERTs (Athena, Trino) in windows
 * of at most 100 days: the given windows, else every day with transactions.
 */
export async function refreshMarts(
  io: CliIo,
  target: Target,
  config: ProjectConfig,
  declared: Manifest,
  windows?: readonly DayWindow[],
  environment?: EnvironmentRefresh,
): Promise<number> {
  const { refreshMartsOnAthena } = await import('../batch/athena-mart-refresh.js');
  const ctx = { config, env: process.env, onProgress: io.stderr, ...(environment !== undefined ? { environment: environment.name } : {}) };
  const engine = await target.openEngine(ctx);
  const { store, close } = await target.objectStore(ctx);
  try {
    const manifest = environment !== undefined ? environment.holding(await assertEnvironmentMigrated(engine, environment.name, target.name)) : declared;
    const marts = manifest.models.filter((m) => m.kind === 'mart');
    if (marts.length === 0) {
      if (environment !== undefined) io.stdout(`Environment ${environment.name} holds no mart: nothing to refresh.`);
      return 0;
    }
    // An environment's database holds no tables (they are main's): ask the mart's own query, whose refs are qualified.
    const renderer = target.renderer(config);
    const rangeSql = environment !== undefined ? renderer.martRangeQuery(marts[0]!) : renderer.renderQuery(TRANSACTION_DAYS).sql;
    const range = windows ? undefined : (await engine.query(rangeSql)).rows[0];
    if (!windows && (!range?.lo || !range.hi)) {
      io.stdout(`No transactions on ${target.name}: no mart to refresh.`);
      return 0;
    }
    let n = 0;
    for (const w of windows ?? [{ from: String(range!.lo), to: String(range!.hi) }]) {
      n += await refreshMartsOnAthena(engine, store, manifest, config, {
        ...w,
        onWindow: (mart, x, i, total) => io.stdout(`  refreshing ${mart} ${x.from} … ${x.to} (${i + 1}/${total})`),
      });
    }
    io.stdout(`Refreshed the marts with ${n} INSERT statement(s).`);
    return 0;
  } finally {
    close();
    await engine.close();
  }
}
