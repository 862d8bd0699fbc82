import type { ProjectConfig } from '../config/define-config.js';
import { isAthenaReserved } from '../dialects/athena/reserved-words.js';
import { quoteIdentifier } from '../dialects/sql-literals.js';
import { freshnessRule } from '../freshness/freshness-rule.js';
import type { Column, MartEntry, DataTest, ModelEntry, SourceEntry, TableEntry, ViewEntry } from '../manifest/manifest.js';
import type { ParsedModel } from './parse-model.js';
import type { parseSourceDdl } from './parse-source-ddl.js';
import { parseTableMapping } from './parse-table-mapping.js';
import { renderBody, renderForParse } from './render-model-body.js';
import { SqlSyntaxError } from './sql-tokenizer.js';

// One model's manifest entry, built once its inputs are (pass 2 of compileProject).

export const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** A parsed model with its name (a source is named after its DDL, the others after their file). */
export interface Named {
  readonly parsed: ParsedModel;
  readonly name: string;
  readonly nameLine: number;
  /** Sources only: the parsed DDL. */
  readonly source?: ReturnType<typeof parseSourceDdl>;
}

export function buildEntry(
  n: Named,
  deps: readonly string[],
  built: ReadonlyMap<string, ModelEntry>,
  config: ProjectConfig,
  err: (path: string, line: number, message: string) => void,
): ModelEntry | undefined {
  const { parsed } = n;
  const description = parsed.config.description;
  const tests: DataTest[] = parsed.tests.map((t) => t.test);
  const c = parsed.config;
  const tags = c.tags === undefined ? [] : c.tags.split(',');
  const base = { name: n.name, path: parsed.path, description, dependsOn: deps, tests, ...(tags.length > 0 ? { tags } : {}) };
  const freshnessErr = (message: string) => err(parsed.path, parsed.configLine, message);
  switch (c.materialized) {
    case 'source':
      return {
        ...base,
        kind: 'source',
        sourceName: n.source!.sourceName,
        sourceTable: n.source!.sourceTable,
        format: 'jsonl',
        location: c.location,
        columns: n.source!.columns,
        ...freshnessRule(c, n.source!.columns, 'source', freshnessErr),
      } satisfies SourceEntry;
    case 'table': {
      if (parsed.sources.length !== 1 || parsed.refs.length > 0) {
        err(parsed.path, parsed.configLine, 'a table model reads exactly one {{source}} and no {{ref}}');
        return undefined;
      }
      const source = built.get(deps[0]!);
      if (!source || source.kind !== 'source') return undefined;
      let parsedMapping;
      try {
        parsedMapping = parseTableMapping(renderForParse(parsed), 1, { name: `${source.sourceName}.${source.sourceTable}`, columns: source.columns });
      } catch (e) {
        if (e instanceof SqlSyntaxError) {
          err(parsed.path, e.line, e.message);
          return undefined;
        }
        throw e;
      }
      const { columnLines, ...mapping } = parsedMapping;
      const all: Column[] = mapping.columns.map((c) => ({ name: c.name, type: c.type }));
      for (const [i, c] of all.entries()) {
        const line = columnLines[i] ?? parsed.configLine;
        if (!IDENTIFIER.test(c.name)) err(parsed.path, line, `invalid identifier "${c.name}": use lowercase letters, digits and underscores`);
        else if (isAthenaReserved(c.name)) err(parsed.path, line, `column "${c.name}" is a reserved word in Athena; rename it`);
      }
      const partitionName = c.partitioned_by;
      let partitionedBy: Column[] = [];
      if (partitionName !== undefined) {
        const idx = all.findIndex((c) => c.name === partitionName);
        if (idx < 0) {
          err(parsed.path, parsed.configLine, `partitioned_by="${partitionName}" is not a column of the SELECT`);
          return undefined;
        }
        if (idx !== all.length - 1) {
          err(
            parsed.path,
            columnLines[idx] ?? parsed.configLine,
            `partition column "${partitionName}" must be the last column of the SELECT (Athena writes partition columns last)`,
          );
          return undefined;
        }
        if (all[idx]!.type.kind !== 'varchar') {
          err(
            parsed.path,
            columnLines[idx] ?? parsed.configLine,
            `partition column "${partitionName}" must be varchar (yyyy-MM-dd), it is ${all[idx]!.type.kind}`,
          );
          return undefined;
        }
        partitionedBy = [all[idx]!];
      }
      const columns = all.filter((c) => !partitionedBy.includes(c));
      return {
        ...base,
        kind: 'table',
        ...storedAt(config, n.name, c.compression),
        columns,
        partitionedBy,
        ...(partitionName
          ? {
              projection: {
                column: partitionName,
                type: 'date',
                format: 'yyyy-MM-dd',
                rangeStart: config.projection.dtRangeStart,
                rangeEnd: 'NOW',
                interval: 1,
                unit: 'DAYS',
              } as const,
            }
          : {}),
        mapping,
        ...freshnessRule(c, all, 'table', freshnessErr),
      } satisfies TableEntry;
    }
    case 'view':
    case 'mart': {
      if (parsed.sources.length > 0) {
        err(parsed.path, parsed.sources[0]!.line, `a ${c.materialized} reads models with {{ref}}, not {{source}}`);
        return undefined;
      }
      const sql = {
        trino: renderBody(parsed, 'trino', (r) => `${quoteIdentifier(config.athena.database)}.${quoteIdentifier(r)}`),
        duckdb: renderBody(parsed, 'duckdb', (r) => r),
      };
      if (c.materialized === 'view') return { ...base, kind: 'view', sql } satisfies ViewEntry;
      const partition = c.partitioned_by;
      return {
        ...base,
        kind: 'mart',
        ...storedAt(config, n.name, c.compression),
        partitionedBy: [partition],
        incrementalKey: c.incremental_key ?? partition,
        sql,
      } satisfies MartEntry;
    }
  }
}

/** Where a table's or a mart's Parquet files live, and how they are written: the same for both kinds. */
function storedAt<C extends TableEntry['compression']>(config: ProjectConfig, name: string, compression: C) {
  return { location: `${config.lake.prefixes.tables}${name}/`, format: 'parquet' as const, compression };
}
