import type { CatalogStatement } from '../../compiler/statement.js';
import type { Column, CtasEntry, SourceEntry, TableEntry } from '../../manifest/manifest.js';
import { filesObject, HIDDEN_COLUMNS, hiddenLocation } from '../../compiler/table-objects.js';
import { assertUnreachable } from '../../util/assert-unreachable.js';
import { AthenaRenderer, hiddenListComment } from '../athena/athena-renderer.js';
import { martProperties, SOURCE_SERDE_PROPERTIES, SOURCE_TABLE_PROPERTIES } from '../athena/catalog-properties.js';
import type { DialectName } from '../dialects.js';
import { quoteIdentifier, sqlString } from '../sql-literals.js';

/** Where `s3://<bucket>/` lands on the `trino` target: `local:///` is the lake folder (`local.location`). */
export const TRINO_LAKE_URL = 'local:///';

/**
 * The inverse of the renderer's substitution, for what the Trino catalog gives back (locations,
 * `storage.location.template`), so it compares equal to the Athena values migrate desires.
 */
export function fromTrinoLocation(value: string, bucket: string): string {
  return value.startsWith(TRINO_LAKE_URL) ? `s3://${bucket}/${value.slice(TRINO_LAKE_URL.length)}` : value;
}

/**
 * The Athena rendering, run on a local Trino server with a Hive file metastore. Views, CTAS,
 * INSERTs and data tests are Athena's text unchanged. Trino has no Hive `CREATE EXTERNAL TABLE`, so
 * tables are created with the Hive connector's `CREATE TABLE … WITH (external_location, format,
 * partitioned_by, extra_properties)`, whose `extra_properties` become the table's parameters: the
 * same `projection.*`, `storage.location.template`, `classification` and compression entries Athena
 * stores in Glue, taken from the same functions (athena/catalog-properties.ts). The one other
 * difference is the location: `s3://<bucket>/` becomes `local:///` (see {@link s3}).
 * https://trino.io/docs/476/connector/hive.html#table-properties
 */
export class TrinoRenderer extends AthenaRenderer {
  override readonly dialect: DialectName = 'trino';

  /** The single substitution between the Athena and the Trino rendering. */
  protected override s3(prefix: string): string {
    return `${TRINO_LAKE_URL}${prefix}`;
  }

  /**
   * Trino cannot set table parameters or replace the columns of a Hive table in place: migrate
   * recreates those (see targets/trino-target.ts), so only these remain. A column is added per statement.
   */
  protected override catalogStatement(s: CatalogStatement): string | undefined {
    switch (s.kind) {
      case 'create_database':
        return `CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(this.config.athena.database)}`;
      case 'drop_object':
        return `DROP ${s.objectKind === 'view' ? 'VIEW' : 'TABLE'} IF EXISTS ${this.qualify(s.object)}`;
      case 'add_columns': {
        const [col, ...more] = s.columns;
        if (!col || more.length > 0) throw new Error(`Trino adds one column per ALTER TABLE; ${s.object} was given ${s.columns.length}`);
        return `ALTER TABLE ${this.qualify(s.object)} ADD COLUMN ${quoteIdentifier(col.name)} ${this.type(col.type)}`;
      }
      case 'replace_columns':
      case 'set_properties':
        throw new Error(`Trino's Hive connector has no ${s.kind}: the table is recreated instead`);
      default:
        return assertUnreachable(s);
    }
  }

  protected override createSourceTable(src: SourceEntry): string {
    // Glue keeps `ignore.malformed.json` as a SerDe parameter; Trino's JSON reader reads it from the
    // table's parameters, which is the only place Trino's CREATE TABLE can put it.
    return this.trinoTable(src.name, src.columns, [], src.description, 'OPENX_JSON', src.location, { ...SOURCE_TABLE_PROPERTIES, ...SOURCE_SERDE_PROPERTIES });
  }

  protected override createTable(t: TableEntry, object: string = filesObject(t)): string {
    return this.trinoTable(object, t.columns, t.partitionedBy, t.description, 'PARQUET', t.location, this.tableProperties(t));
  }

  protected override createHiddenList(t: TableEntry, object: string): string {
    const location = hiddenLocation(t, this.config.lake.prefixes.tables);
    return this.trinoTable(object, HIDDEN_COLUMNS, t.partitionedBy, hiddenListComment(t), 'OPENX_JSON', location, this.hiddenListProperties(t));
  }

  protected override createTableAs(c: CtasEntry, columns?: readonly Column[]): string {
    const { data, partitions } = this.martColumns(c, columns);
    return this.trinoTable(c.name, data, partitions, c.description, 'PARQUET', c.location, martProperties(c));
  }

  private trinoTable(
    name: string,
    columns: readonly Column[],
    partitionedBy: readonly Column[],
    comment: string,
    format: 'PARQUET' | 'OPENX_JSON',
    location: string,
    properties: Readonly<Record<string, string>>,
  ): string {
    const entries = Object.entries(properties);
    const withClauses = [
      `format = ${sqlString(format)}`,
      `external_location = ${sqlString(this.s3(location))}`,
      ...(partitionedBy.length > 0 ? [`partitioned_by = ARRAY[${partitionedBy.map((c) => sqlString(c.name)).join(', ')}]`] : []),
      ...(entries.length > 0
        ? [`extra_properties = MAP(ARRAY[${entries.map(([k]) => sqlString(k)).join(', ')}], ARRAY[${entries.map(([, v]) => sqlString(v)).join(', ')}])`]
        : []),
    ];
    return [
      `CREATE TABLE ${this.qualify(name)} (`,
      // Trino's Hive connector wants the partition columns last, as Hive lists them.
      [...columns, ...partitionedBy].map((c) => `  ${quoteIdentifier(c.name)} ${this.type(c.type)}`).join(',\n'),
      ')',
      `COMMENT ${sqlString(comment)}`,
      'WITH (',
      withClauses.map((w) => `  ${w}`).join(',\n'),
      ')',
    ].join('\n');
  }
}
