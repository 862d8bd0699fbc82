import type { Column, CtasEntry, SourceEntry, TableEntry } from '../manifest/manifest.js';
import { filesObject, HIDDEN_COLUMNS, hiddenLocation } from '../compiler/table-objects.js';
import { AthenaRenderer } from './athena-renderer.js';
import type { DialectName } from './sql-dialect.js';

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
 * stores in Glue, taken from the same methods. The one other difference is the location:
 * `s3://<bucket>/` becomes `local:///` (see {@link s3}).
 */
export class TrinoRenderer extends AthenaRenderer {
  override readonly dialect: DialectName = 'trino';

  /** The single substitution between the Athena and the Trino rendering. */
  protected override s3(prefix: string): string {
    return `${TRINO_LAKE_URL}${prefix}`;
  }

  protected override createSourceTable(src: SourceEntry): string {
    // Glue keeps `ignore.malformed.json` as a SerDe parameter; Trino's JSON reader reads it from the
    // table's parameters, which is the only place Trino's CREATE TABLE can put it.
    return this.trinoTable(src.name, src.columns, [], src.description, 'OPENX_JSON', src.location, {
      ...this.sourceTableProperties(),
      ...this.sourceSerdeProperties(),
    });
  }

  protected override createTable(t: TableEntry, object: string = filesObject(t)): string {
    return this.trinoTable(object, t.columns, t.partitionedBy, t.description, 'PARQUET', t.location, this.tableProperties(t));
  }

  protected override createHiddenList(t: TableEntry, object: string): string {
    return this.trinoTable(
      object,
      HIDDEN_COLUMNS,
      t.partitionedBy,
      `Files of ${t.name} that readers skip while compaction replaces them (docs/compaction.md).`,
      'OPENX_JSON',
      hiddenLocation(t, this.config.lake.prefixes.tables),
      this.hiddenListProperties(t),
    );
  }

  protected override createTableAs(c: CtasEntry, columns?: readonly Column[]): string {
    const { data, partitions } = this.martColumns(c, columns);
    return this.trinoTable(c.name, data, partitions, c.description, 'PARQUET', c.location, this.martProperties(c));
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
      `format = ${this.literal(format)}`,
      `external_location = ${this.literal(this.s3(location))}`,
      ...(partitionedBy.length > 0 ? [`partitioned_by = ARRAY[${partitionedBy.map((c) => this.literal(c.name)).join(', ')}]`] : []),
      ...(entries.length > 0
        ? [`extra_properties = MAP(ARRAY[${entries.map(([k]) => this.literal(k)).join(', ')}], ARRAY[${entries.map(([, v]) => this.literal(v)).join(', ')}])`]
        : []),
    ];
    return [
      `CREATE TABLE ${this.qualify(name)} (`,
      // Trino's Hive connector wants the partition columns last, as Hive lists them.
      [...columns, ...partitionedBy].map((c) => `  ${this.quote(c.name)} ${this.type(c.type)}`).join(',\n'),
      ')',
      `COMMENT ${this.literal(comment)}`,
      'WITH (',
      withClauses.map((w) => `  ${w}`).join(',\n'),
      ')',
    ].join('\n');
  }
}
