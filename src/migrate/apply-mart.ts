import { refreshWindows } from '../compiler/refresh-windows.js';
import { parseSqlType } from '../compiler/sql-type.js';
import type { Statement } from '../compiler/statement.js';
import type { ProjectConfig } from '../config/define-config.js';
import type { Engine } from '../engines/engine.js';
import type { Column } from '../manifest/manifest.js';
import type { Target } from '../targets/target.js';
import type { Change } from './migration-plan.js';

type MartCreate = Extract<Statement, { kind: 'create_mart' }>;

/** The mart a change creates, if it creates one. */
export function martCreated(change: Change): MartCreate | undefined {
  if (change.kind !== 'create' && change.kind !== 'rebuild_mart' && change.kind !== 'recreate_table') return undefined;
  const s = change.desired.create;
  return s.kind === 'create_mart' ? s : undefined;
}

/**
 * Creates or rebuilds a mart on an engine with a Hive catalog (Athena, Trino): asks the engine for
 * the columns of the mart's query, creates the external table at this build's own location
 * (`…/build=<id>/`), fills it with the windowed refresh INSERTs, then deletes the previous build's
 * files — only after the new build is in place, so a failure leaves the old files for a rerun.
 */
export async function applyMartChange(
  change: Change,
  create: MartCreate,
  target: Target,
  engine: Engine,
  config: ProjectConfig,
  buildId: string,
): Promise<void> {
  const renderer = target.renderer(config);
  const before = await engine.readCatalog();
  const old = before.objects.get(create.object);
  const oldLocation = old?.kind === 'table' ? withSlash(old.location) : undefined;

  const described = await engine.query(renderer.martColumnsQuery(create.mart));
  const columns: Column[] = described.columns.map((c) => ({ name: c.name, type: parseSqlType(engineTypeName(c.type)) }));
  const withColumns: Change = {
    ...change,
    desired: { ...(change as Extract<Change, { desired: unknown }>).desired, create: { ...create, columns } },
  } as Change;
  for (const sql of target.changeSql(withColumns, config, buildId)) await engine.query(sql);

  try {
    const range = (await engine.query(renderer.martRangeQuery(create.mart))).rows[0];
    if (range?.lo && range.hi) {
      const refresh = renderer.render({ kind: 'refresh_partitions', object: create.object, mart: create.mart })!;
      for (const w of refreshWindows(String(range.lo), String(range.hi), renderer.capabilities.maxPartitionsPerWrite))
        await engine.query(refresh, [w.from, w.to]);
    }
  } catch (e) {
    // A half-filled mart carries its query's hash and would look up to date: drop its catalog entry
    // so the next migrate builds it again (its files stay; the next build has its own location).
    for (const sql of target.changeSql({ kind: 'drop', name: create.object, objectKind: 'table' }, config, buildId)) await engine.query(sql).catch(() => {});
    throw e;
  }

  const newLocation = `${create.mart.location}build=${buildId}/`;
  if (oldLocation && oldLocation !== newLocation && oldLocation.startsWith(`${create.mart.location}build=`)) {
    const { store, close } = await target.objectStore({ config, env: process.env });
    try {
      for await (const o of store.list(oldLocation)) await store.delete(o.key);
    } finally {
      close();
    }
  }
}

/** Engines describe result types with lengths and precisions the catalog types do not carry (`varchar(9)`, `timestamp(3)`). */
function engineTypeName(type: string): string {
  return type.replace(/\b(varchar|char)\(\d+\)/g, 'varchar').replace(/timestamp\(\d\)/g, 'timestamp');
}

function withSlash(p: string): string {
  return p.endsWith('/') ? p : `${p}/`;
}
