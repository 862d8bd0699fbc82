import type { ProjectConfig } from '../config/define-config.js';
import type { Statement } from '../compiler/statement.js';
import { TrinoRenderer } from '../dialects/trino-renderer.js';
import { assertUnreachable } from '../util/assert-unreachable.js';
import { createStatements } from './athena-migration-sql.js';
import type { Change } from './migration-plan.js';

/**
 * The statements for each planned change on the `trino` target. Creates are the Athena rendering
 * (tables through the Hive connector's CREATE TABLE, see TrinoRenderer). Trino cannot set table
 * parameters or replace columns of a Hive table in place, so those changes recreate the catalog
 * entry: the data files stay, and partitions come back by projection.
 */
export class TrinoMigrationSql {
  private readonly r: TrinoRenderer;

  constructor(
    private readonly config: ProjectConfig,
    private readonly buildId: string,
  ) {
    this.r = new TrinoRenderer(config);
  }

  statements(c: Change): string[] {
    switch (c.kind) {
      case 'create_database':
        return [`CREATE SCHEMA IF NOT EXISTS ${this.r.quote(this.config.athena.database)}`];
      case 'create':
      case 'replace_view':
        return this.create(c.desired.create);
      case 'add_columns':
        return c.columns.map((col) => `ALTER TABLE ${this.r.qualify(c.name)} ADD COLUMN ${this.r.quote(col.name)} ${this.r.type(col.type)}`);
      case 'set_properties':
      case 'replace_columns':
      case 'rebuild_mart':
        return [`DROP TABLE IF EXISTS ${this.r.qualify(c.name)}`, ...this.create(c.desired.create)];
      case 'recreate_table':
        return [c.current === 'view' ? `DROP VIEW IF EXISTS ${this.r.qualify(c.name)}` : `DROP TABLE IF EXISTS ${this.r.qualify(c.name)}`, ...this.create(c.desired.create)];
      case 'drop':
        return [c.objectKind === 'view' ? `DROP VIEW IF EXISTS ${this.r.qualify(c.name)}` : `DROP TABLE IF EXISTS ${this.r.qualify(c.name)}`];
      default:
        return assertUnreachable(c);
    }
  }

  private create(s: Statement): string[] {
    return createStatements(this.r, s, this.buildId);
  }
}
