import type { SqlType } from '../../compiler/sql-type.js';
import type { Statement } from '../../compiler/statement.js';
import type { Column, SourceEntry, TableEntry } from '../../manifest/manifest.js';
import type { DialectName } from '../dialects.js';
import { formatSql } from '../format-sql.js';
import type { DialectCapabilities, SqlRenderer } from '../sql-renderer.js';
import { transformSelect, type TransformHooks, type Unnest } from '../transform-sql.js';
import { renderType } from '../type-table.js';
import { SPARK_TYPES } from './spark-types.js';

/**
 * The dialect of the Glue job (Spark 3.5 SQL). Only the raw→table transforms run on Spark; the job
 * registers each source as a temporary view under the source's model name before running them.
 * https://spark.apache.org/docs/3.5.4/sql-ref-syntax-qry-select-lateral-view.html
 */
export class SparkRenderer implements SqlRenderer, TransformHooks {
  /** `format: false` skips sql-formatter, as LakeRenderer's option does. */
  constructor(private readonly options: { readonly format?: boolean } = {}) {}

  readonly dialect: DialectName = 'spark';
  readonly capabilities: DialectCapabilities = { parameterStyle: '?', maxPartitionsPerWrite: Number.POSITIVE_INFINITY, timestampWriteType: 'timestamp' };
  readonly timestampWriteType = this.capabilities.timestampWriteType;
  readonly unnestsToStructColumn = true;

  render(s: Statement): string | undefined {
    if (s.kind !== 'transform') return undefined;
    const sql = this.transformSelect(s.table, s.source);
    return this.options.format === false ? sql : formatSql(sql, 'spark');
  }

  /** The raw→table mapping as a query over the source's temporary view. */
  transformSelect(t: TableEntry, src: SourceEntry): string {
    return transformSelect(t, src, this);
  }

  qualify(name: string): string {
    return name;
  }

  type(t: SqlType): string {
    return renderType(t, SPARK_TYPES);
  }

  unnestJoin(sourceAlias: string, u: Unnest): string {
    return `LATERAL VIEW explode(${sourceAlias}.${u.field}) ${u.alias} AS item`;
  }

  /** The schema a Spark JSON reader is given, so no inference pass over the raw data is needed. */
  schemaDdl(columns: readonly Column[]): string {
    return columns.map((c) => `${c.name} ${this.type(c.type)}`).join(', ');
  }
}
