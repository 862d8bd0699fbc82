import { AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand, TooManyRequestsException } from '@aws-sdk/client-athena';
import type { GetQueryExecutionOutput, GetQueryResultsOutput } from '@aws-sdk/client-athena';
import { EntityNotFoundException, GetTablesCommand, GlueClient } from '@aws-sdk/client-glue';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defineConfig } from '../../../src/config/define-config.js';
import { AthenaEngine } from '../../../src/engines/athena/athena-engine.js';
import { parameterLiteral as toExecutionParameter } from '../../../src/dialects/sql-literals.js';
import { encodePrestoView } from '../../../src/engines/athena/presto-view.js';
import { AwsThrottledError, MissingAwsCredentialsError } from '../../../src/engines/athena/with-aws-retry.js';
import { QueryFailedError } from '../../../src/engines/engine.js';
import type { Row } from '../../../src/engines/engine.js';

const config = defineConfig({
  project: 'shop',
  athena: { database: 'shop_db', workgroup: 'shop_wg', outputLocation: 's3://shop-results/athena/', region: 'eu-west-1' },
  lake: { bucket: 'shop-lake' },
});

const athenaMock = mockClient(AthenaClient);
const glueMock = mockClient(GlueClient);

let sleeps: number[];
let engine: AthenaEngine;

beforeEach(() => {
  athenaMock.reset();
  glueMock.reset();
  sleeps = [];
  engine = new AthenaEngine({
    athena: new AthenaClient({ region: 'eu-west-1' }),
    glue: new GlueClient({ region: 'eu-west-1' }),
    config,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
});

afterEach(async () => {
  await engine.close();
});

function state(s: 'QUEUED' | 'RUNNING' | 'SUCCEEDED', statementType: 'DML' | 'DDL' | 'UTILITY' = 'DML'): GetQueryExecutionOutput {
  return { QueryExecution: { QueryExecutionId: 'q-1', StatementType: statementType, Status: { State: s } } };
}

/** One GetQueryResults page: `header` rows are given as plain strings, `null` for a NULL cell. */
function page(columns: [string, string][], rows: (string | null)[][], nextToken?: string): GetQueryResultsOutput {
  return {
    ResultSet: {
      ResultSetMetadata: { ColumnInfo: columns.map(([name, type]) => ({ Name: name, Label: name, Type: type })) },
      Rows: rows.map((r) => ({ Data: r.map((v) => (v === null ? {} : { VarCharValue: v })) })),
    },
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}

function succeedsImmediately(results: GetQueryResultsOutput = page([], [])): void {
  athenaMock.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
  athenaMock.on(GetQueryExecutionCommand).resolves(state('SUCCEEDED'));
  athenaMock.on(GetQueryResultsCommand).resolves(results);
}

describe('AthenaEngine.query', () => {
  it('sends exactly the configured workgroup, database, catalog and output location', async () => {
    succeedsImmediately();
    await engine.query('SELECT 1');
    const calls = athenaMock.commandCalls(StartQueryExecutionCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({
      QueryString: 'SELECT 1',
      WorkGroup: 'shop_wg',
      QueryExecutionContext: { Database: 'shop_db', Catalog: 'AwsDataCatalog' },
      ResultConfiguration: { OutputLocation: 's3://shop-results/athena/' },
    });
  });

  it('passes parameters as SQL literals: strings quoted (quotes doubled), numbers as written', async () => {
    succeedsImmediately();
    await engine.query('SELECT * FROM t WHERE dt = ? AND n > ? AND name = ?', ['2024-01-01', 42, "O'Brien"]);
    const input = athenaMock.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input;
    expect(input.QueryString).toBe('SELECT * FROM t WHERE dt = ? AND n > ? AND name = ?');
    expect(input.ExecutionParameters).toEqual(["'2024-01-01'", '42', "'O''Brien'"]);
  });

  it('omits ExecutionParameters for an empty parameter list (Athena rejects an empty one)', async () => {
    succeedsImmediately();
    await engine.query('SELECT 1', []);
    expect(athenaMock.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input).not.toHaveProperty('ExecutionParameters');
  });

  it('refuses a non-finite number parameter', () => {
    expect(() => toExecutionParameter(Number.NaN)).toThrow(/not a finite number/);
    expect(toExecutionParameter(1.5)).toBe('1.5');
  });

  it('polls QUEUED → RUNNING → SUCCEEDED with a doubling delay, then fetches results', async () => {
    athenaMock.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athenaMock.on(GetQueryExecutionCommand).resolvesOnce(state('QUEUED')).resolvesOnce(state('RUNNING')).resolvesOnce(state('SUCCEEDED'));
    athenaMock.on(GetQueryResultsCommand).resolves(page([['n', 'integer']], [['n'], ['7']]));

    const result = await engine.query('SELECT 7 AS n');

    const polls = athenaMock.commandCalls(GetQueryExecutionCommand);
    expect(polls).toHaveLength(3);
    expect(polls.every((c) => c.args[0].input.QueryExecutionId === 'q-1')).toBe(true);
    expect(sleeps).toEqual([100, 200, 400]);
    expect(result).toEqual({ columns: [{ name: 'n', type: 'integer' }], rows: [{ n: 7 }] });
  });

  it('caps the poll delay', async () => {
    athenaMock.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    const poll = athenaMock.on(GetQueryExecutionCommand);
    for (let i = 0; i < 7; i++) poll.resolvesOnce(state('RUNNING'));
    poll.resolves(state('SUCCEEDED'));
    athenaMock.on(GetQueryResultsCommand).resolves(page([], []));
    await engine.query('SELECT 1');
    expect(sleeps).toEqual([100, 200, 400, 800, 1600, 2000, 2000, 2000]);
  });

  it('throws QueryFailedError with the StateChangeReason and the Athena error message on FAILED', async () => {
    athenaMock.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-9' });
    athenaMock
      .on(GetQueryExecutionCommand)
      .resolvesOnce(state('RUNNING'))
      .resolves({
        QueryExecution: {
          QueryExecutionId: 'q-9',
          Status: {
            State: 'FAILED',
            StateChangeReason: "COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved",
            AthenaError: { ErrorCategory: 2, ErrorType: 1006, ErrorMessage: 'user error' },
          },
        },
      });

    const err = await engine.query('SELECT nope FROM t').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QueryFailedError);
    const failed = err as QueryFailedError;
    expect(failed.state).toBe('FAILED');
    expect(failed.queryId).toBe('q-9');
    expect(failed.sql).toBe('SELECT nope FROM t');
    expect(failed.reason).toBe("COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved (user error)");
    expect(failed.message).toContain("Column 'nope' cannot be resolved");
    expect(failed.message).toContain('q-9');
    expect(athenaMock.commandCalls(GetQueryResultsCommand)).toHaveLength(0);
  });

  it('reruns a query that met a file compaction had just deleted (HIVE_FILE_NOT_FOUND), and only that error', async () => {
    athenaMock.on(StartQueryExecutionCommand).resolvesOnce({ QueryExecutionId: 'q-a' }).resolves({ QueryExecutionId: 'q-b' });
    athenaMock
      .on(GetQueryExecutionCommand, { QueryExecutionId: 'q-a' })
      .resolves({
        QueryExecution: {
          QueryExecutionId: 'q-a',
          Status: { State: 'FAILED', StateChangeReason: 'HIVE_FILE_NOT_FOUND: File does not exist: s3://b/tables/t/dt=1/stream-x.parquet' },
        },
      })
      .on(GetQueryExecutionCommand, { QueryExecutionId: 'q-b' })
      .resolves(state('SUCCEEDED'));
    athenaMock.on(GetQueryResultsCommand).resolves(page([], []));
    await engine.query('SELECT count(*) FROM transactions');
    expect(athenaMock.commandCalls(StartQueryExecutionCommand)).toHaveLength(2);
  });

  it('after three attempts that met deleted files, says so clearly: nothing is lost, run it again', async () => {
    athenaMock.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-gone' });
    athenaMock.on(GetQueryExecutionCommand).resolves({
      QueryExecution: {
        QueryExecutionId: 'q-gone',
        Status: { State: 'FAILED', StateChangeReason: 'HIVE_FILE_NOT_FOUND: File does not exist: s3://b/tables/t/dt=1/stream-y.parquet' },
      },
    });
    const failed = (await engine.query('SELECT count(*) FROM transactions').then(
      () => undefined,
      (e: unknown) => e,
    )) as QueryFailedError;
    expect(failed).toBeInstanceOf(QueryFailedError);
    expect(failed.reason).toMatch(/^HIVE_FILE_NOT_FOUND: File does not exist/);
    expect(failed.reason).toMatch(/removed by compaction while it ran \(3 attempts\)\. No data is lost .* run the query again/);
    expect(athenaMock.commandCalls(StartQueryExecutionCommand)).toHaveLength(3);
  });

  it('does not repeat the Athena error message when the reason already says it', async () => {
    athenaMock.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-2' });
    athenaMock.on(GetQueryExecutionCommand).resolves({
      QueryExecution: {
        Status: { State: 'FAILED', StateChangeReason: 'Table not found: x', AthenaError: { ErrorMessage: 'Table not found: x' } },
      },
    });
    await expect(engine.query('SELECT * FROM x')).rejects.toMatchObject({ reason: 'Table not found: x' });
  });

  it('throws QueryFailedError with state CANCELLED', async () => {
    athenaMock.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-3' });
    athenaMock.on(GetQueryExecutionCommand).resolves({
      QueryExecution: { Status: { State: 'CANCELLED', StateChangeReason: 'Query cancelled by user' } },
    });
    const err = (await engine.query('SELECT 1').catch((e: unknown) => e)) as QueryFailedError;
    expect(err).toBeInstanceOf(QueryFailedError);
    expect(err.state).toBe('CANCELLED');
    expect(err.message).toBe('query cancelled (q-3): Query cancelled by user');
  });

  it('retries throttled calls with backoff and then succeeds', async () => {
    const throttled = new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} });
    const retryableThrottle = Object.assign(new Error('Slow down'), { name: 'SomethingElse', $retryable: { throttling: true } });
    athenaMock.on(StartQueryExecutionCommand).rejectsOnce(throttled).rejectsOnce(throttled).resolves({ QueryExecutionId: 'q-1' });
    athenaMock.on(GetQueryExecutionCommand).rejectsOnce(retryableThrottle).resolves(state('SUCCEEDED'));
    athenaMock
      .on(GetQueryResultsCommand)
      .rejectsOnce(throttled)
      .resolves(page([['n', 'integer']], [['n'], ['1']]));

    const result = await engine.query('SELECT 1 AS n');

    expect(result.rows).toEqual([{ n: 1 }]);
    expect(athenaMock.commandCalls(StartQueryExecutionCommand)).toHaveLength(3);
    expect(athenaMock.commandCalls(GetQueryExecutionCommand)).toHaveLength(2);
    expect(athenaMock.commandCalls(GetQueryResultsCommand)).toHaveLength(2);
    // two throttle backoffs, the first poll delay, a throttle backoff (fresh per call), then the results retry
    expect(sleeps).toEqual([500, 1000, 100, 500, 500]);
  });

  it('gives up after the retry budget with a message naming the call', async () => {
    athenaMock.on(StartQueryExecutionCommand).rejects(new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} }));
    const err = await engine.query('SELECT 1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsThrottledError);
    expect((err as Error).message).toMatch(/^StartQueryExecution was throttled by AWS 6 times in a row \(TooManyRequestsException: Rate exceeded\)/);
    expect(athenaMock.commandCalls(StartQueryExecutionCommand)).toHaveLength(6);
  });

  it('does not retry errors that are not throttling', async () => {
    athenaMock.on(StartQueryExecutionCommand).rejects(Object.assign(new Error('bad workgroup'), { name: 'InvalidRequestException' }));
    await expect(engine.query('SELECT 1')).rejects.toThrow('bad workgroup');
    expect(athenaMock.commandCalls(StartQueryExecutionCommand)).toHaveLength(1);
  });

  it('pages GetQueryResults, skips only the first header row and converts cells by column type', async () => {
    const columns: [string, string][] = [
      ['store_id', 'varchar'],
      ['qty', 'integer'],
      ['small', 'smallint'],
      ['total', 'bigint'],
      ['price', 'decimal'],
      ['ratio', 'double'],
      ['open', 'boolean'],
      ['day', 'date'],
    ];
    athenaMock.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athenaMock.on(GetQueryExecutionCommand).resolves(state('SUCCEEDED'));
    athenaMock
      .on(GetQueryResultsCommand)
      .resolvesOnce(
        page(
          columns,
          [
            ['store_id', 'qty', 'small', 'total', 'price', 'ratio', 'open', 'day'],
            ['STORE0001', '3', '2', '9007199254740993', '12.30', '0.25', 'true', '2024-04-10'],
          ],
          'token-2',
        ),
      )
      // a later page whose first row happens to equal the labels is data, not a header
      .resolvesOnce(
        page(
          columns,
          [
            ['store_id', '1', '1', '1', '1', '1', 'false', 'day'],
            [null, null, null, null, null, null, null, null],
          ],
          'token-3',
        ),
      )
      .resolvesOnce(page(columns, [['', '-5', '0', '-1', '-0.01', '1.0E10', 'false', '2024-12-31']]));

    const result = await engine.query('SELECT …');

    const calls = athenaMock.commandCalls(GetQueryResultsCommand).map((c) => c.args[0].input);
    expect(calls).toEqual([
      { QueryExecutionId: 'q-1', MaxResults: 1000 },
      { QueryExecutionId: 'q-1', MaxResults: 1000, NextToken: 'token-2' },
      { QueryExecutionId: 'q-1', MaxResults: 1000, NextToken: 'token-3' },
    ]);
    expect(result.columns).toEqual(columns.map(([name, type]) => ({ name, type })));
    expect(result.rows).toEqual([
      { store_id: 'STORE0001', qty: 3, small: 2, total: '9007199254740993', price: '12.30', ratio: 0.25, open: true, day: '2024-04-10' },
      { store_id: 'store_id', qty: 1, small: 1, total: '1', price: '1', ratio: 1, open: false, day: 'day' },
      { store_id: null, qty: null, small: null, total: null, price: null, ratio: null, open: null, day: null },
      { store_id: '', qty: -5, small: 0, total: '-1', price: '-0.01', ratio: 1e10, open: false, day: '2024-12-31' },
    ]);
  });

  it('returns no rows and no header skipping trouble for a SELECT with an empty result', async () => {
    succeedsImmediately(page([['n', 'integer']], [['n']]));
    expect(await engine.query('SELECT 1 AS n WHERE false')).toEqual({ columns: [{ name: 'n', type: 'integer' }], rows: [] });
  });

  it('returns no rows for DDL and keeps every row of a utility statement (no header there)', async () => {
    athenaMock.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athenaMock.on(GetQueryExecutionCommand).resolvesOnce(state('SUCCEEDED', 'DDL')).resolves(state('SUCCEEDED', 'UTILITY'));
    athenaMock
      .on(GetQueryResultsCommand)
      .resolvesOnce({ ResultSet: { Rows: [], ResultSetMetadata: { ColumnInfo: [] } } })
      .resolves(page([['tab_name', 'string']], [['tab_name'], ['skus']]));

    expect(await engine.query('CREATE EXTERNAL TABLE …')).toEqual({ columns: [], rows: [] });
    // a table literally called tab_name must not be eaten as a header
    expect((await engine.query('SHOW TABLES')).rows).toEqual([{ tab_name: 'tab_name' }, { tab_name: 'skus' }]);
  });
});

describe('AthenaEngine.stream', () => {
  it('yields the rows page by page', async () => {
    athenaMock.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athenaMock.on(GetQueryExecutionCommand).resolves(state('SUCCEEDED'));
    athenaMock
      .on(GetQueryResultsCommand)
      .resolvesOnce(page([['n', 'integer']], [['n'], ['1'], ['2']], 't2'))
      .resolvesOnce(page([['n', 'integer']], [['3']]));

    const seen: Row[] = [];
    let resultCallsAtFirstRow = -1;
    for await (const row of engine.stream('SELECT n FROM t WHERE dt = ?', ['2024-01-01'])) {
      if (seen.length === 0) resultCallsAtFirstRow = athenaMock.commandCalls(GetQueryResultsCommand).length;
      seen.push(row);
    }
    expect(seen).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    // the first rows arrive before the second page is fetched
    expect(resultCallsAtFirstRow).toBe(1);
    expect(athenaMock.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input.ExecutionParameters).toEqual(["'2024-01-01'"]);
  });
});

describe('AthenaEngine.readCatalog', () => {
  it('maps Glue tables (columns, partition keys, location, projection properties) and Presto views, across pages', async () => {
    const projection = {
      EXTERNAL: 'TRUE',
      'projection.enabled': 'true',
      'projection.dt.type': 'date',
      'projection.dt.format': 'yyyy-MM-dd',
      'projection.dt.range': '2024-01-01,NOW',
      'projection.dt.interval': '1',
      'projection.dt.interval.unit': 'DAYS',
      'storage.location.template': 's3://shop-lake/tables/transactions/dt=${dt}/',
    };
    const viewSql = 'SELECT t.store_id, count(*) AS n\nFROM "shop_db"."transactions" t\nGROUP BY t.store_id';
    glueMock
      .on(GetTablesCommand)
      .resolvesOnce({
        TableList: [
          {
            Name: 'transactions',
            TableType: 'EXTERNAL_TABLE',
            StorageDescriptor: {
              Location: 's3://shop-lake/tables/transactions/',
              Columns: [
                { Name: 'transaction_id', Type: 'string' },
                { Name: 'store_id', Type: 'string' },
                { Name: 'transaction_datetime', Type: 'timestamp' },
                { Name: 'items', Type: 'array<struct<sku_id:string,quantity:int>>' },
              ],
            },
            PartitionKeys: [{ Name: 'dt', Type: 'string' }],
            Parameters: projection,
          },
        ],
        NextToken: 'page-2',
      })
      .resolvesOnce({
        TableList: [
          {
            Name: 'skus',
            TableType: 'EXTERNAL_TABLE',
            StorageDescriptor: {
              Location: 's3://elsewhere/skus/',
              Columns: [
                { Name: 'sku_id', Type: 'string' },
                { Name: 'price', Type: 'decimal(10,2)' },
              ],
            },
          },
          {
            Name: 'sales_by_store',
            TableType: 'VIRTUAL_VIEW',
            ViewOriginalText: encodePrestoView({
              originalSql: viewSql,
              catalog: 'awsdatacatalog',
              schema: 'shop_db',
              columns: [
                { name: 'store_id', type: 'varchar' },
                { name: 'n', type: 'bigint' },
              ],
            }),
            ViewExpandedText: '/* Presto View */',
            Parameters: { presto_view: 'true', comment: 'Presto View' },
          },
        ],
      });

    const catalog = await engine.readCatalog();

    expect(glueMock.commandCalls(GetTablesCommand).map((c) => c.args[0].input)).toEqual([
      { DatabaseName: 'shop_db' },
      { DatabaseName: 'shop_db', NextToken: 'page-2' },
    ]);
    expect(catalog.databaseExists).toBe(true);
    expect([...catalog.objects.keys()]).toEqual(['transactions', 'skus', 'sales_by_store']);
    expect(catalog.objects.get('transactions')).toEqual({
      kind: 'table',
      name: 'transactions',
      columns: [
        { name: 'transaction_id', type: { kind: 'varchar' } },
        { name: 'store_id', type: { kind: 'varchar' } },
        { name: 'transaction_datetime', type: { kind: 'timestamp' } },
        {
          name: 'items',
          type: {
            kind: 'array',
            element: {
              kind: 'struct',
              fields: [
                { name: 'sku_id', type: { kind: 'varchar' } },
                { name: 'quantity', type: { kind: 'integer' } },
              ],
            },
          },
        },
      ],
      partitionKeys: [{ name: 'dt', type: { kind: 'varchar' } }],
      location: 'tables/transactions/',
      properties: projection,
    });
    expect(catalog.objects.get('skus')).toEqual({
      kind: 'table',
      name: 'skus',
      columns: [
        { name: 'sku_id', type: { kind: 'varchar' } },
        { name: 'price', type: { kind: 'decimal', precision: 10, scale: 2 } },
      ],
      partitionKeys: [],
      location: 's3://elsewhere/skus/',
      properties: {},
    });
    expect(catalog.objects.get('sales_by_store')).toEqual({ kind: 'view', name: 'sales_by_store', sql: viewSql });
  });

  it('keeps the raw text of a view Athena did not write (so a diff replaces it)', async () => {
    glueMock.on(GetTablesCommand).resolves({
      TableList: [{ Name: 'spark_view', TableType: 'VIRTUAL_VIEW', ViewOriginalText: 'SELECT 1' }],
    });
    const catalog = await engine.readCatalog();
    expect(catalog.objects.get('spark_view')).toEqual({ kind: 'view', name: 'spark_view', sql: 'SELECT 1' });
  });

  it('reads every Athena column type, maps and fixed-length text included', async () => {
    glueMock.on(GetTablesCommand).resolves({
      TableList: [
        {
          Name: 'odd',
          StorageDescriptor: {
            Columns: [
              { Name: 'm', Type: 'map<string,int>' },
              { Name: 't', Type: 'tinyint' },
              { Name: 's', Type: 'smallint' },
              { Name: 'f', Type: 'float' },
              { Name: 'b', Type: 'binary' },
              { Name: 'c', Type: 'char(3)' },
            ],
          },
        },
      ],
    });
    const odd = (await engine.readCatalog()).objects.get('odd');
    expect(odd).toMatchObject({
      kind: 'table',
      columns: [
        { name: 'm', type: { kind: 'map' } },
        { name: 't' },
        { name: 's' },
        { name: 'f' },
        { name: 'b' },
        { name: 'c', type: { kind: 'char', length: 3 } },
      ],
    });
    expect(odd).not.toHaveProperty('unreadable');
  });

  it('never aborts on a table whose column type nothing models: it is kept, marked unreadable with table, column and type', async () => {
    glueMock.on(GetTablesCommand).resolves({
      TableList: [
        { Name: 'theirs', StorageDescriptor: { Columns: [{ Name: 'u', Type: 'uniontype<int,string>' }] } },
        { Name: 'ours', StorageDescriptor: { Columns: [{ Name: 'id', Type: 'string' }] } },
      ],
    });
    const catalog = await engine.readCatalog();
    expect(catalog.objects.get('theirs')).toMatchObject({
      kind: 'table',
      name: 'theirs',
      unreadable: expect.stringMatching(/column u: type "uniontype<int,string>"/),
    });
    expect(catalog.objects.get('ours')).toMatchObject({ kind: 'table', columns: [{ name: 'id', type: { kind: 'varchar' } }] });
  });

  it('reports a missing database as databaseExists: false', async () => {
    glueMock.on(GetTablesCommand).rejects(new EntityNotFoundException({ message: 'Database shop_db not found.', $metadata: {} }));
    const catalog = await engine.readCatalog();
    expect(catalog.databaseExists).toBe(false);
    expect(catalog.objects.size).toBe(0);
  });
});

describe('AthenaEngine.close', () => {
  it('destroys both clients', async () => {
    const athena = new AthenaClient({ region: 'eu-west-1' });
    const glue = new GlueClient({ region: 'eu-west-1' });
    let destroyed = 0;
    athena.destroy = () => void destroyed++;
    glue.destroy = () => void destroyed++;
    await new AthenaEngine({ athena, glue, config }).close();
    expect(destroyed).toBe(2);
  });
});

describe('missing credentials', () => {
  it('says how to provide credentials or use the local target (Athena)', async () => {
    athenaMock
      .on(StartQueryExecutionCommand)
      .rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    const err = await engine.query('SELECT 1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingAwsCredentialsError);
    const message = (err as Error).message;
    expect(message).toContain('AWS_PROFILE');
    expect(message).toContain('AWS_ACCESS_KEY_ID');
    expect(message).toContain('AWS_SECRET_ACCESS_KEY');
    expect(message).toContain('AWS_REGION');
    expect(message).toContain('--target local');
  });

  // Last in the file: it removes the client mocks.
  it('catches the error the real SDK raises when its credential provider fails (Glue)', async () => {
    // Unmocked clients: the failure comes out of the SDK's own signing middleware, before any network call.
    athenaMock.restore();
    glueMock.restore();
    const noCredentials = async (): Promise<never> => {
      const err = new Error('Could not load credentials from any providers');
      err.name = 'CredentialsProviderError';
      throw err;
    };
    const real = new AthenaEngine({
      athena: new AthenaClient({ region: 'eu-west-1', credentials: noCredentials, maxAttempts: 1 }),
      glue: new GlueClient({ region: 'eu-west-1', credentials: noCredentials, maxAttempts: 1 }),
      config,
      sleep: async () => {},
    });
    try {
      await expect(real.readCatalog()).rejects.toThrow(/AWS_PROFILE.*--target local/s);
    } finally {
      await real.close();
      athenaMock.reset();
      glueMock.reset();
    }
  });
});
