import type { SqlType } from '../compiler/sql-type.js';
import type { Statement } from '../compiler/statement.js';
import type { Column, TableEntry } from '../manifest/manifest.js';
import { AthenaRenderer } from './athena-renderer.js';
import type { DialectCapabilities, DialectName } from './sql-dialect.js';
import { SCALAR_TYPE_NAMES } from './vocabulary/type-names.js';

/**
 * The dialect of the Glue job (Spark 3.5 SQL). Only the raw→table transforms run on Spark; the job
 * registers each source as a temporary view under the source's model name before running them.
 */
export class SparkRenderer extends AthenaRenderer {
  override readonly dialect: DialectName = 'spark';
  override readonly capabilities: DialectCapabilities = {
    externalTables: true,
    partitionDiscovery: 'projection',
    parameterStyle: '?',
    maxPartitionsPerWrite: Number.POSITIVE_INFINITY,
    timestampWriteType: 'timestamp',
  };
  protected override readonly unnestsToStructColumn = true;
  protected override readonly formatterLanguage = 'spark' as const;

  override render(s: Statement): string | undefined {
    return s.kind === 'transform' ? this.formatQuery(this.transformSelect(s.table, s.source)) : undefined;
  }

  override qualify(name: string): string {
    return name;
  }

  override type(t: SqlType): string {
    switch (t.kind) {
      case 'decimal':
        return `decimal(${t.precision}, ${t.scale})`;
      case 'char':
        return `char(${t.length})`;
      case 'array':
        return `array<${this.type(t.element)}>`;
      case 'map':
        return `map<${this.type(t.key)}, ${this.type(t.value)}>`;
      case 'struct':
        return `struct<${t.fields.map((f) => `${f.name}: ${this.type(f.type)}`).join(', ')}>`;
      default:
        return SCALAR_TYPE_NAMES.spark[t.kind];
    }
  }

  /** The schema a Spark JSON reader is given, so no inference pass over the raw data is needed. */
  schemaDdl(columns: readonly Column[]): string {
    return columns.map((c) => `${c.name} ${this.type(c.type)}`).join(', ');
  }

  protected override unnestJoin(sourceAlias: string, u: NonNullable<TableEntry['mapping']['unnest']>): string {
    return `LATERAL VIEW explode(${sourceAlias}.${u.field}) ${u.alias} AS item`;
  }

}
