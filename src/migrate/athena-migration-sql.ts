import type { ProjectConfig } from '../config/define-config.js';
import type { Statement } from '../compiler/statement.js';
import { AthenaRenderer } from '../dialects/athena-renderer.js';
import type { CatalogTable } from '../engines/engine.js';
import type { Column } from '../manifest/manifest.js';
import { assertUnreachable } from '../util/assert-unreachable.js';
import type { Change } from './migration-plan.js';

/**
 * The Athena statements for each planned change. Table DDL is Hive (backticks), views and CTAS
 * are Trino (double quotes), as Athena requires.
 */
export class AthenaMigrationSql {
  private readonly r: AthenaRenderer;

  /** `buildId` makes each CTAS location unique, so a rerun never meets a non-empty external_location. */
  constructor(private readonly config: ProjectConfig, private readonly buildId: string) {
    this.r = new AthenaRenderer(config);
  }

  statements(c: Change): string[] {
    switch (c.kind) {
      case 'create_database':
        return [`CREATE DATABASE IF NOT EXISTS \`${this.config.athena.database}\``];
      case 'create':
      case 'replace_view':
        return this.create(c.desired.create);
      case 'add_columns':
        return [`ALTER TABLE ${this.hive(c.name)} ADD COLUMNS (${this.columns(c.columns)})`];
      case 'set_properties':
        return [this.setProperties(c.name, c.properties)];
      case 'replace_columns':
        return [`ALTER TABLE ${this.hive(c.name)} REPLACE COLUMNS (${this.columns((c.desired.object as CatalogTable).columns)})`];
      case 'rebuild_mart':
        // Dropping an external table removes the catalog entry only; the data files stay.
        return [`DROP TABLE IF EXISTS ${this.hive(c.name)}`, ...this.create(c.desired.create)];
      case 'recreate_table':
        return [c.current === 'view' ? `DROP VIEW IF EXISTS ${this.r.qualify(c.name)}` : `DROP TABLE IF EXISTS ${this.hive(c.name)}`, ...this.create(c.desired.create)];
      case 'drop':
        return [c.objectKind === 'view' ? `DROP VIEW IF EXISTS ${this.r.qualify(c.name)}` : `DROP TABLE IF EXISTS ${this.hive(c.name)}`];
      default:
        return assertUnreachable(c);
    }
  }

  private create(s: Statement): string[] {
    return createStatements(this.r, s, this.buildId);
  }

  private hive(name: string): string {
    return `\`${this.config.athena.database}\`.\`${name}\``;
  }

  private columns(cols: readonly Column[]): string {
    return cols.map((x) => `\`${x.name}\` ${this.r.hiveType(x.type)}`).join(', ');
  }

  private setProperties(name: string, props: Readonly<Record<string, string>>): string {
    return `ALTER TABLE ${this.hive(name)} SET TBLPROPERTIES (${Object.entries(props)
      .map(([k, v]) => `${this.r.hiveLiteral(k)} = ${this.r.hiveLiteral(v)}`)
      .join(', ')})`;
  }
}

/** A create, by the target's renderer; a mart goes to its own `build=<id>/` location, so a rebuild never meets old files. */
export function createStatements(r: AthenaRenderer, s: Statement, buildId: string): string[] {
  if (s.kind !== 'create_table_as') return [r.render(s)!];
  return [r.render({ ...s, ctas: { ...s.ctas, location: `${s.ctas.location}build=${buildId}/` } })!];
}
