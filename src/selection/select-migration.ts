import type { CatalogSnapshot } from '../engines/engine.js';
import type { DesiredObject } from '../migrate/desired-objects.js';
import { statementModel } from './statement-model.js';

/**
 * `migrate --select`: plan the selected models' objects only. The catalog is narrowed to those
 * objects too, so an unselected object is neither created, changed nor planned for a drop.
 */
export function restrictMigration(
  desired: readonly DesiredObject[],
  catalog: CatalogSnapshot,
  names: ReadonlySet<string>,
): { desired: DesiredObject[]; catalog: CatalogSnapshot } {
  const kept = desired.filter((d) => names.has(statementModel(d.create)));
  const objects = new Set(kept.map((d) => d.name));
  return { desired: kept, catalog: { ...catalog, objects: new Map([...catalog.objects].filter(([name]) => objects.has(name))) } };
}
