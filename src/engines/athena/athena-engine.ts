import { AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import type { ColumnInfo, GetQueryResultsOutput, QueryExecution, Row as AthenaRow } from '@aws-sdk/client-athena';
import { GetTablesCommand, GlueClient } from '@aws-sdk/client-glue';
import type { Column as GlueColumn, Table as GlueTable } from '@aws-sdk/client-glue';
import { parseSqlType } from '../../compiler/sql-type.js';
import type { ProjectConfig } from '../../config/define-config.js';
import type { Column } from '../../manifest/manifest.js';
import { QueryFailedError } from '../engine.js';
import type { CatalogObject, CatalogSnapshot, Cell, Engine, QueryParams, QueryResult, Row } from '../engine.js';
import { decodePrestoView } from './presto-view.js';
import { realSleep, withAwsRetry } from './with-aws-retry.js';
import type { Sleep } from './with-aws-retry.js';
import { parameterLiteral } from '../../dialects/sql-literals.js';

/** What an {@link AthenaEngine} is built from; clients are injected so tests can mock them. */
export interface AthenaEngineOptions {
  readonly athena: AthenaClient;
  readonly glue: GlueClient;
  readonly config: ProjectConfig;
  /** @default a real timer */
  readonly sleep?: Sleep;
  /** Delay between GetQueryExecution polls: starts at `initial`, doubles up to `max`. @default 100 → 2000 ms */
  readonly pollIntervalMs?: { readonly initial: number; readonly max: number };
  /** Retries of a throttled call before giving up. @default 5 */
  readonly maxThrottleRetries?: number;
}

/** Athena's ceiling for GetQueryResults. */
const PAGE_SIZE = 1000;
const DATA_CATALOG = 'AwsDataCatalog';

/** Result types Athena reports in ColumnInfo.Type that fit a JS number without loss. */
const NUMBER_TYPES = new Set(['integer', 'int', 'tinyint', 'smallint', 'double', 'float', 'real']);

interface Page {
  readonly columns: QueryResult['columns'];
  readonly rows: Row[];
}

/**
 * The `athena` target: statements run through StartQueryExecution in the configured workgroup and
 * database, results are paged from GetQueryResults, and the catalog is the Glue Data Catalog.
 */
export class AthenaEngine implements Engine {
  readonly target = 'athena' as const;
  private readonly athena: AthenaClient;
  private readonly glue: GlueClient;
  private readonly config: ProjectConfig;
  private readonly sleep: Sleep;
  private readonly poll: { readonly initial: number; readonly max: number };
  private readonly maxThrottleRetries: number;

  constructor(options: AthenaEngineOptions) {
    this.athena = options.athena;
    this.glue = options.glue;
    this.config = options.config;
    this.sleep = options.sleep ?? realSleep;
    this.poll = options.pollIntervalMs ?? { initial: 100, max: 2000 };
    this.maxThrottleRetries = options.maxThrottleRetries ?? 5;
  }

  async query(sql: string, params?: QueryParams): Promise<QueryResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.queryOnce(sql, params);
      } catch (e) {
        // Compaction deletes replaced files after a grace period; a query planned just before that
        // fails with HIVE_FILE_NOT_FOUND. The rows live in the compacted file, so rerunning is correct.
        if (!(e instanceof QueryFailedError) || !/HIVE_FILE_NOT_FOUND|HIVE_CANNOT_OPEN_SPLIT.*(NoSuchKey|does not exist)/.test(e.reason)) throw e;
        if (attempt >= 3) {
          throw new QueryFailedError(
            `${e.reason}\nA file this query listed was removed by compaction while it ran (${attempt} attempts). No data is lost — its rows are in the compacted file: run the query again, or raise infra.compaction.graceMinutes if queries often run longer than the grace period.`,
            e.sql,
            e.state,
            e.queryId,
          );
        }
      }
    }
  }

  private async queryOnce(sql: string, params?: QueryParams): Promise<QueryResult> {
    let columns: QueryResult['columns'] = [];
    const rows: Row[] = [];
    for await (const page of this.pages(sql, params)) {
      if (columns.length === 0) columns = page.columns;
      rows.push(...page.rows);
    }
    return { columns, rows };
  }

  async *stream(sql: string, params?: QueryParams): AsyncIterable<Row> {
    for await (const page of this.pages(sql, params)) yield* page.rows;
  }

  async readCatalog(): Promise<CatalogSnapshot> {
    const database = this.config.athena.database;
    const objects = new Map<string, CatalogObject>();
    let nextToken: string | undefined;
    try {
      do {
        const token = nextToken;
        const out = await this.call('GetTables', () =>
          this.glue.send(new GetTablesCommand({ DatabaseName: database, ...(token ? { NextToken: token } : {}) })),
        );
        for (const table of out.TableList ?? []) {
          const object = this.toCatalogObject(table);
          objects.set(object.name, object);
        }
        nextToken = out.NextToken;
      } while (nextToken);
    } catch (err) {
      if (err instanceof Error && err.name === 'EntityNotFoundException') return { databaseExists: false, objects: new Map() };
      throw err;
    }
    return { databaseExists: true, objects };
  }

  async close(): Promise<void> {
    this.athena.destroy();
    this.glue.destroy();
  }

  /** Starts the statement, waits for it, then yields its result pages with typed cells. */
  private async *pages(sql: string, params: QueryParams | undefined): AsyncGenerator<Page> {
    const queryId = await this.start(sql, params);
    const execution = await this.waitFor(queryId, sql);
    let columns: QueryResult['columns'] | undefined;
    let columnInfo: readonly ColumnInfo[] = [];
    let nextToken: string | undefined;
    let first = true;
    do {
      const token = nextToken;
      const out: GetQueryResultsOutput = await this.call('GetQueryResults', () =>
        this.athena.send(new GetQueryResultsCommand({ QueryExecutionId: queryId, MaxResults: PAGE_SIZE, ...(token ? { NextToken: token } : {}) })),
      );
      if (columns === undefined) {
        columnInfo = out.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
        // Athena reports a decimal's precision and scale beside its type; migrate needs them to create a mart.
        columns = columnInfo.map((c) => {
          const type = (c.Type ?? 'varchar').toLowerCase();
          return { name: c.Name ?? '', type: type === 'decimal' && c.Precision !== undefined ? `decimal(${c.Precision},${c.Scale ?? 0})` : type };
        });
      }
      let athenaRows = out.ResultSet?.Rows ?? [];
      if (first && hasHeaderRow(execution, columnInfo, athenaRows)) athenaRows = athenaRows.slice(1);
      first = false;
      yield { columns, rows: athenaRows.map((r) => toRow(r, columnInfo)) };
      nextToken = out.NextToken;
    } while (nextToken);
  }

  private async start(sql: string, params: QueryParams | undefined): Promise<string> {
    const { athena: a } = this.config;
    const executionParameters = params && params.length > 0 ? params.map(parameterLiteral) : undefined;
    const out = await this.call('StartQueryExecution', () =>
      this.athena.send(
        new StartQueryExecutionCommand({
          QueryString: sql,
          WorkGroup: a.workgroup,
          QueryExecutionContext: { Database: a.database, Catalog: DATA_CATALOG },
          ResultConfiguration: { OutputLocation: a.outputLocation },
          ...(executionParameters ? { ExecutionParameters: executionParameters } : {}),
        }),
      ),
    );
    if (!out.QueryExecutionId) throw new Error('Athena StartQueryExecution returned no QueryExecutionId');
    return out.QueryExecutionId;
  }

  /** Polls with exponential backoff: short statements (DDL) finish in a fraction of a second, scans take minutes. */
  private async waitFor(queryId: string, sql: string): Promise<QueryExecution> {
    let delay = this.poll.initial;
    for (;;) {
      await this.sleep(delay);
      delay = Math.min(delay * 2, this.poll.max);
      const out = await this.call('GetQueryExecution', () => this.athena.send(new GetQueryExecutionCommand({ QueryExecutionId: queryId })));
      const execution = out.QueryExecution;
      const state = execution?.Status?.State;
      if (state === 'SUCCEEDED') return execution ?? {};
      if (state === 'FAILED' || state === 'CANCELLED') {
        throw new QueryFailedError(failureReason(execution), sql, state, queryId);
      }
    }
  }

  private call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    return withAwsRetry(operation, fn, { sleep: this.sleep, maxRetries: this.maxThrottleRetries });
  }

  private toCatalogObject(table: GlueTable): CatalogObject {
    const name = table.Name ?? '';
    if (table.TableType === 'VIRTUAL_VIEW') {
      const text = table.ViewOriginalText ?? '';
      // A non-Presto view (Spark, Hive) cannot be read by Athena: keep its raw text so migrate sees a difference and replaces it.
      return { kind: 'view', name, sql: decodePrestoView(text)?.originalSql ?? text };
    }
    const descriptor = table.StorageDescriptor;
    const columns = toColumns(name, descriptor?.Columns);
    const partitionKeys = toColumns(name, table.PartitionKeys);
    const unreadable = [...columns.unreadable, ...partitionKeys.unreadable];
    return {
      kind: 'table',
      name,
      columns: columns.columns,
      partitionKeys: partitionKeys.columns,
      ...(unreadable.length > 0 ? { unreadable: unreadable.join('; ') } : {}),
      location: this.toLakeKey(descriptor?.Location ?? ''),
      properties: { ...(table.Parameters ?? {}) },
    };
  }

  /** `s3://<lake bucket>/tables/x/` → `tables/x/`; a location in another bucket stays a full URL so it never looks like ours. */
  private toLakeKey(location: string): string {
    const prefix = `s3://${this.config.lake.bucket}/`;
    return location.startsWith(prefix) ? location.slice(prefix.length) : location;
  }
}

/**
 * Builds an engine with real clients in the configured region; credentials come from the SDK's
 * default chain (environment, AWS_PROFILE/SSO, container or instance role), resolved at the first call.
 */
export function createAthenaEngine(config: ProjectConfig): AthenaEngine {
  const region = config.athena.region;
  return new AthenaEngine({ athena: new AthenaClient({ region }), glue: new GlueClient({ region }), config });
}

function failureReason(execution: QueryExecution | undefined): string {
  const reason = execution?.Status?.StateChangeReason?.trim();
  const message = execution?.Status?.AthenaError?.ErrorMessage?.trim();
  if (reason && message && !reason.includes(message)) return `${reason} (${message})`;
  return reason || message || 'Athena gave no reason';
}

/**
 * For SELECT-like statements Athena puts the column labels in the first row of the first page;
 * DDL and utility statements (SHOW, DESCRIBE) return bare rows. Matching the labels as well guards
 * against a statement type Athena did not report.
 */
function hasHeaderRow(execution: QueryExecution, columnInfo: readonly ColumnInfo[], rows: readonly AthenaRow[]): boolean {
  if (execution.StatementType === 'DDL' || execution.StatementType === 'UTILITY') return false;
  const first = rows[0]?.Data;
  if (!first || columnInfo.length === 0 || first.length !== columnInfo.length) return false;
  return first.every((cell, i) => cell.VarCharValue === columnInfo[i]?.Label || cell.VarCharValue === columnInfo[i]?.Name);
}

function toRow(row: AthenaRow, columnInfo: readonly ColumnInfo[]): Row {
  const out: Record<string, Cell> = {};
  const data = row.Data ?? [];
  columnInfo.forEach((info, i) => {
    out[info.Name ?? `_col${i}`] = toCell(data[i]?.VarCharValue, (info.Type ?? 'varchar').toLowerCase());
  });
  return out;
}

/** BIGINT and DECIMAL stay strings: a JS number would silently round them. */
function toCell(value: string | undefined, type: string): Cell {
  if (value === undefined) return null;
  if (NUMBER_TYPES.has(type)) return Number(value);
  if (type === 'boolean') return value === 'true';
  return value;
}

/** The columns whose types parse, and a reason per column whose type does not (never throws: see CatalogTable.unreadable). */
function toColumns(table: string, columns: readonly GlueColumn[] | undefined): { columns: Column[]; unreadable: string[] } {
  const out: Column[] = [];
  const unreadable: string[] = [];
  for (const c of columns ?? []) {
    const name = c.Name ?? '';
    try {
      out.push({ name, type: parseSqlType(c.Type ?? '') });
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      unreadable.push(`Glue table ${table}, column ${name}: type "${c.Type ?? ''}" is not an Athena type (${why})`);
    }
  }
  return { columns: out, unreadable };
}
