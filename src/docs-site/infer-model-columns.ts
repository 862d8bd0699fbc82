import type { ProjectConfig } from '../config/define-config.js';
import { inferViewColumns } from '../engines/local/infer-view-columns.js';
import type { Column, Manifest, ModelEntry } from '../manifest/manifest.js';

/**
 * The output columns of every view and mart. A mart's columns are those of its SELECT, which only
 * an engine knows (migrate asks the target's); here each mart is described as if it were a view
 * over the same typed empty inputs the build step uses, so no lake is read.
 */
export async function inferModelColumns(manifest: Manifest, config: ProjectConfig): Promise<Map<string, readonly Column[]>> {
  const asViews: ModelEntry[] = manifest.models.map((m) =>
    m.kind === 'mart' ? { name: m.name, path: m.path, description: m.description, dependsOn: m.dependsOn, tests: [], kind: 'view', sql: m.sql } : m,
  );
  const described = await inferViewColumns({ ...manifest, models: asViews }, config);
  return new Map(described.models.flatMap((m) => (m.kind === 'view' && m.columns ? [[m.name, m.columns] as const] : [])));
}
