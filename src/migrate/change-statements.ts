import type { CatalogStatement, ModelStatement, Statement } from '../compiler/statement.js';
import type { CatalogTable } from '../engines/engine.js';
import { assertUnreachable } from '../util/assert-unreachable.js';
import type { Change } from './migration-plan.js';

/**
 * The statements each planned change runs, as typed statements the target's renderer turns into
 * SQL. Two policies: a Hive catalog that alters tables in place (Athena), and one that cannot set
 * table parameters or replace columns (Trino's Hive connector), where those changes recreate the
 * catalog entry — the data files stay, and partitions come back by projection.
 */
export type ChangePolicy = 'alter_in_place' | 'recreate';

/** `buildId` gives each mart build its own location, so a rerun never meets a non-empty one. */
export function changeStatements(c: Change, policy: ChangePolicy, buildId: string): Statement[] {
  const create = (s: ModelStatement): Statement[] => [withBuildLocation(s, buildId)];
  const drop = (object: string, objectKind: 'view' | 'table'): CatalogStatement => ({ kind: 'drop_object', object, objectKind });
  switch (c.kind) {
    case 'create_database':
      return [{ kind: 'create_database' }];
    case 'create':
    case 'replace_view':
      return create(c.desired.create);
    case 'add_columns':
      // Trino adds one column per ALTER TABLE; Athena's Hive DDL adds them all at once.
      return policy === 'recreate'
        ? c.columns.map((col) => ({ kind: 'add_columns', object: c.name, columns: [col] }))
        : [{ kind: 'add_columns', object: c.name, columns: c.columns }];
    case 'set_properties':
      return policy === 'recreate'
        ? [drop(c.name, 'table'), ...create(c.desired.create)]
        : [{ kind: 'set_properties', object: c.name, properties: c.properties }];
    case 'replace_columns':
      return policy === 'recreate'
        ? [drop(c.name, 'table'), ...create(c.desired.create)]
        : [{ kind: 'replace_columns', object: c.name, columns: (c.desired.object as CatalogTable).columns }];
    case 'rebuild_mart':
      // Dropping an external table removes the catalog entry only; the data files stay.
      return [drop(c.name, 'table'), ...create(c.desired.create)];
    case 'recreate_table':
      return [drop(c.name, c.current), ...create(c.desired.create)];
    case 'drop':
      return [drop(c.name, c.objectKind)];
    default:
      return assertUnreachable(c);
  }
}

/** Renders each statement; a statement the dialect has no SQL for (DuckDB's create_database) is skipped. */
export function renderStatements(render: (s: Statement) => string | undefined, statements: readonly Statement[]): string[] {
  return statements.flatMap((s) => render(s) ?? []);
}

/** A create; a mart goes to its own `build=<id>/` location, so a rebuild never meets old files. */
function withBuildLocation(s: ModelStatement, buildId: string): ModelStatement {
  return s.kind === 'create_mart' ? { ...s, mart: { ...s.mart, location: `${s.mart.location}build=${buildId}/` } } : s;
}
