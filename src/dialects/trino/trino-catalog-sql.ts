import type { EngineStatement } from '../../compiler/statement.js';
import type { RenderContext } from '../lake-renderer.js';
import { quoteIdentifier, sqlString } from '../sql-literals.js';

/**
 * How the Trino target reads its catalog (engines/trino/trino-engine.ts): information_schema for
 * objects and columns, `system.metadata.table_comments` for the views' hashes, the Hive
 * connector's `"<table>$properties"` for the table parameters and SHOW CREATE TABLE for the location.
 * https://trino.io/docs/476/connector/hive.html#metadata-tables
 */
export function trinoEngineStatement(s: EngineStatement, ctx: RenderContext): string | undefined {
  const schema = sqlString(ctx.config.athena.database);
  switch (s.kind) {
    case 'database_exists':
      return `SELECT count(*) AS n FROM information_schema.schemata WHERE schema_name = ${schema}`;
    case 'list_objects':
      return `SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = ${schema}`;
    case 'list_view_definitions':
      return `SELECT table_name, view_definition FROM information_schema.views WHERE table_schema = ${schema}`;
    case 'list_object_comments':
      return `SELECT table_name, comment FROM system.metadata.table_comments WHERE catalog_name = ${sqlString(s.catalog)} AND schema_name = ${schema}`;
    case 'list_columns':
      return `SELECT column_name, data_type, extra_info FROM information_schema.columns WHERE table_schema = ${schema} AND table_name = ${sqlString(s.object)} ORDER BY ordinal_position`;
    case 'table_parameters':
      return `SELECT * FROM ${quoteIdentifier(`${s.object}$properties`)}`;
    case 'show_create_table':
      return `SHOW CREATE TABLE ${quoteIdentifier(s.object)}`;
    default:
      return undefined;
  }
}
