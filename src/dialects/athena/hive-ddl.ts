import type { Column } from '../../manifest/manifest.js';
import { hiveIdentifier, hiveString, sqlString } from '../sql-literals.js';
import { renderType } from '../type-table.js';
import { HIVE_TYPES } from './hive-types.js';

/**
 * Athena's DDL, which is Hive's: backquoted names, Hive types, C-style string literals.
 * https://docs.aws.amazon.com/athena/latest/ug/ddl-reference.html
 */

/** `` `db`.`name` `` */
export function hiveName(database: string, name: string): string {
  return `${hiveIdentifier(database)}.${hiveIdentifier(name)}`;
}

/** `` `name` type `` */
function hiveColumn(c: Column): string {
  return `${hiveIdentifier(c.name)} ${renderType(c.type, HIVE_TYPES)}`;
}

export interface HiveTableSpec {
  readonly name: string;
  /** The column lines, or a comment standing in for them. */
  readonly columns: readonly Column[] | string;
  readonly comment: string;
  readonly partitionedBy: readonly Column[];
  /** Parquet files, or JSON Lines read by the OpenX JSON SerDe with these SerDe parameters. */
  readonly storage: 'parquet' | { readonly json: Readonly<Record<string, string>> };
  /** Already the engine's URL. */
  readonly location: string;
  readonly properties: Readonly<Record<string, string>>;
  /** On one line (a source) or one per line (tables and marts, whose lists are long). */
  readonly propertiesInline?: boolean;
}

/** `CREATE EXTERNAL TABLE`: the one place its clauses are written. */
export function createExternalTable(database: string, t: HiveTableSpec): string {
  const props = Object.entries(t.properties).map(([k, v]) => `${hiveString(k)} = ${hiveString(v)}`);
  return [
    `CREATE EXTERNAL TABLE ${hiveName(database, t.name)} (`,
    typeof t.columns === 'string' ? `  ${t.columns}` : t.columns.map((c) => `  ${hiveColumn(c)}`).join(',\n'),
    ')',
    `COMMENT ${hiveString(t.comment)}`,
    ...(t.partitionedBy.length > 0 ? [`PARTITIONED BY (${t.partitionedBy.map(hiveColumn).join(', ')})`] : []),
    ...(t.storage === 'parquet' ? ['STORED AS PARQUET'] : jsonSerde(t.storage.json)),
    `LOCATION ${hiveString(t.location)}`,
    ...(t.propertiesInline ? [`TBLPROPERTIES (${props.join(', ')})`] : ['TBLPROPERTIES (', props.map((p) => `  ${p}`).join(',\n'), ')']),
  ].join('\n');
}

/** JSON Lines through the OpenX SerDe, the one Athena documents for JSON. */
function jsonSerde(serdeProperties: Readonly<Record<string, string>>): string[] {
  const entries = Object.entries(serdeProperties);
  return [
    `ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'`,
    ...(entries.length > 0 ? [`WITH SERDEPROPERTIES (${entries.map(([k, v]) => `${sqlString(k)} = ${sqlString(v)}`).join(', ')})`] : []),
    `STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'`,
    `OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'`,
  ];
}

export function alterAddColumns(database: string, name: string, columns: readonly Column[]): string {
  return `ALTER TABLE ${hiveName(database, name)} ADD COLUMNS (${columns.map(hiveColumn).join(', ')})`;
}

export function alterReplaceColumns(database: string, name: string, columns: readonly Column[]): string {
  return `ALTER TABLE ${hiveName(database, name)} REPLACE COLUMNS (${columns.map(hiveColumn).join(', ')})`;
}

export function alterSetProperties(database: string, name: string, properties: Readonly<Record<string, string>>): string {
  return `ALTER TABLE ${hiveName(database, name)} SET TBLPROPERTIES (${Object.entries(properties)
    .map(([k, v]) => `${hiveString(k)} = ${hiveString(v)}`)
    .join(', ')})`;
}
