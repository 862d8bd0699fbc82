import type { ProjectConfig } from '../../config/define-config.js';
import { assertUnreachable } from '../../util/assert-unreachable.js';
import { LakeRenderer, type LakeDialect } from '../lake-renderer.js';
import { hiveIdentifier, quoteIdentifier } from '../sql-literals.js';
import { TRINO_TYPES } from '../trino/trino-types.js';
import { alterAddColumns, alterReplaceColumns, alterSetProperties, createExternalTable, hiveName } from './hive-ddl.js';

/** A table reference in Trino's syntax, which Athena's queries use. */
function trinoQualify(database: string, name: string): string {
  return `${quoteIdentifier(database)}.${quoteIdentifier(name)}`;
}

/** Strips `scheme://authority/` from a file's `$path`: the lake-relative key the hidden lists record. */
function pathFileKey(alias: string): string {
  return `regexp_replace(${alias}."$path", '^[a-z0-9]+://[^/]*/', '')`;
}

/**
 * Athena: DDL in the Hive dialect (athena/hive-ddl.ts), views, marts and INSERTs in Trino's.
 * https://docs.aws.amazon.com/athena/latest/ug/ddl-reference.html
 */
export const ATHENA_DIALECT: LakeDialect = {
  name: 'athena',
  queryDialect: 'trino',
  capabilities: { parameterStyle: '?', maxPartitionsPerWrite: 100, timestampWriteType: 'timestamp' },
  types: TRINO_TYPES,
  unnestsToStructColumn: false,
  writes: 'insert',
  viewHashComment: true,
  lakeRoot: (config) => `s3://${config.lake.bucket}/`,
  qualify: trinoQualify,
  fileKeyExpr: pathFileKey,
  unnestJoin: (sourceAlias, u) => `CROSS JOIN UNNEST(${sourceAlias}.${u.field}) AS ${u.alias} (${u.structFields.join(', ')})`,
  createObject: (o, ctx) =>
    createExternalTable(ctx.config.athena.database, {
      name: o.name,
      columns: o.columns ?? "-- the columns of the mart's query, as the engine describes them when migrate creates it",
      comment: o.comment,
      partitionedBy: o.partitionedBy,
      storage: o.storage,
      location: ctx.lakeUrl(o.location),
      properties: o.properties,
      // A source's two parameters fit one line; tables' and marts' lists are long.
      propertiesInline: o.role === 'source',
    }),
  catalogStatement: (s, ctx) => {
    const db = ctx.config.athena.database;
    switch (s.kind) {
      case 'create_database':
        return `CREATE DATABASE IF NOT EXISTS ${hiveIdentifier(db)}`;
      case 'drop_database':
        return `DROP DATABASE IF EXISTS ${hiveIdentifier(db)}`;
      case 'drop_object':
        return s.objectKind === 'view' ? `DROP VIEW IF EXISTS ${ctx.qualify(s.object)}` : `DROP TABLE IF EXISTS ${hiveName(db, s.object)}`;
      case 'add_columns':
        return alterAddColumns(db, s.object, s.columns);
      case 'replace_columns':
        return alterReplaceColumns(db, s.object, s.columns);
      case 'set_properties':
        return alterSetProperties(db, s.object, s.properties);
      default:
        return assertUnreachable(s);
    }
  },
};

export function athenaRenderer(config: ProjectConfig, options?: { readonly format?: boolean }): LakeRenderer {
  return new LakeRenderer(ATHENA_DIALECT, config, options);
}
