import type { ProjectConfig } from '../../config/define-config.js';
import { assertUnreachable } from '../../util/assert-unreachable.js';
import { ATHENA_DIALECT } from '../athena/athena-renderer.js';
import { LakeRenderer, type LakeDialect, type LakeObject, type RenderContext } from '../lake-renderer.js';
import { quoteIdentifier, sqlString } from '../sql-literals.js';
import { trinoEngineStatement } from './trino-catalog-sql.js';

/** Where `s3://<bucket>/` lands on the `trino` target: `local:///` is the lake folder (`local.location`). */
const TRINO_LAKE_URL = 'local:///';

/**
 * The inverse of the renderer's substitution, for what the Trino catalog gives back (locations,
 * `storage.location.template`), so it compares equal to the Athena values migrate desires.
 */
export function fromTrinoLocation(value: string, bucket: string): string {
  return value.startsWith(TRINO_LAKE_URL) ? `s3://${bucket}/${value.slice(TRINO_LAKE_URL.length)}` : value;
}

/**
 * Trino has no Hive `CREATE EXTERNAL TABLE`: the Hive connector's `CREATE TABLE … WITH
 * (external_location, format, partitioned_by, extra_properties)`, whose `extra_properties` become
 * the table's parameters: the same `projection.*`, `storage.location.template`, `classification`
 * and compression entries Athena stores in Glue. Glue keeps `ignore.malformed.json` as a SerDe
 * parameter; Trino's JSON reader reads it from the table's parameters, the only place Trino's
 * CREATE TABLE can put it.
 * https://trino.io/docs/476/connector/hive.html#table-properties
 */
function createTrinoTable(o: LakeObject, ctx: RenderContext): string {
  const entries = Object.entries(o.storage === 'parquet' ? o.properties : { ...o.properties, ...o.storage.json });
  const withClauses = [
    `format = ${sqlString(o.storage === 'parquet' ? 'PARQUET' : 'OPENX_JSON')}`,
    `external_location = ${sqlString(ctx.lakeUrl(o.location))}`,
    ...(o.partitionedBy.length > 0 ? [`partitioned_by = ARRAY[${o.partitionedBy.map((c) => sqlString(c.name)).join(', ')}]`] : []),
    ...(entries.length > 0
      ? [`extra_properties = MAP(ARRAY[${entries.map(([k]) => sqlString(k)).join(', ')}], ARRAY[${entries.map(([, v]) => sqlString(v)).join(', ')}])`]
      : []),
  ];
  return [
    `CREATE TABLE ${ctx.qualify(o.name)} (`,
    // Trino's Hive connector wants the partition columns last, as Hive lists them.
    [...(o.columns ?? []), ...o.partitionedBy].map((c) => `  ${quoteIdentifier(c.name)} ${ctx.type(c.type)}`).join(',\n'),
    ')',
    `COMMENT ${sqlString(o.comment)}`,
    'WITH (',
    withClauses.map((w) => `  ${w}`).join(',\n'),
    ')',
  ].join('\n');
}

/**
 * The Athena objects on a local Trino server with a Hive file metastore: views, marts, INSERTs and
 * data tests are Athena's text unchanged (the same data), tables use Trino's CREATE TABLE, and
 * `s3://<bucket>/` becomes `local:///`.
 */
const TRINO_DIALECT: LakeDialect = {
  ...ATHENA_DIALECT,
  name: 'trino',
  lakeRoot: () => TRINO_LAKE_URL,
  createObject: createTrinoTable,
  engineStatement: trinoEngineStatement,
  /**
   * Trino cannot set table parameters or replace the columns of a Hive table in place: migrate
   * recreates those (see targets/trino-target.ts), so only these remain. A column is added per statement.
   */
  catalogStatement: (s, ctx) => {
    switch (s.kind) {
      case 'create_database':
        return `CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(ctx.config.athena.database)}`;
      case 'drop_database':
        return `DROP SCHEMA IF EXISTS ${quoteIdentifier(ctx.config.athena.database)}`;
      case 'drop_object':
        return `DROP ${s.objectKind === 'view' ? 'VIEW' : 'TABLE'} IF EXISTS ${ctx.qualify(s.object)}`;
      case 'add_columns': {
        const [col, ...more] = s.columns;
        if (!col || more.length > 0) throw new Error(`Trino adds one column per ALTER TABLE; ${s.object} was given ${s.columns.length}`);
        return `ALTER TABLE ${ctx.qualify(s.object)} ADD COLUMN ${quoteIdentifier(col.name)} ${ctx.type(col.type)}`;
      }
      case 'replace_columns':
      case 'set_properties':
        throw new Error(`Trino's Hive connector has no ${s.kind}: the table is recreated instead`);
      default:
        return assertUnreachable(s);
    }
  },
};

export function trinoRenderer(config: ProjectConfig, options?: { readonly format?: boolean }): LakeRenderer {
  return new LakeRenderer(TRINO_DIALECT, config, options);
}
