import { AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { GetTablesCommand, GlueClient } from '@aws-sdk/client-glue';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { refreshMartsOnAthena } from '../../src/batch/athena-mart-refresh.js';
import { compileProject } from '../../src/compiler/compile-project.js';
import { daysOf, refreshWindows } from '../../src/compiler/refresh-windows.js';
import { planStatements } from '../../src/compiler/statement.js';
import { athenaRenderer } from '../../src/dialects/athena/athena-renderer.js';
import { AthenaEngine } from '../../src/engines/athena/athena-engine.js';
import { LocalObjectStore } from '../../src/storage/local-object-store.js';
import { collect } from '../support/s3-event.js';
import { makeTempLake } from '../support/fixture-lake.js';
import { projectModels, testConfig } from '../support/project-files.js';

describe('refresh windows', () => {
  it('never puts more than the limit of partitions in one window', () => {
    expect(refreshWindows('2024-01-01', '2024-01-01', 100)).toEqual([{ from: '2024-01-01', to: '2024-01-01' }]);
    expect(refreshWindows('2024-01-01', '2024-04-09', 100)).toEqual([{ from: '2024-01-01', to: '2024-04-09' }]); // 100 days (leap year)
    expect(refreshWindows('2024-01-01', '2024-04-10', 100)).toEqual([
      { from: '2024-01-01', to: '2024-04-09' },
      { from: '2024-04-10', to: '2024-04-10' },
    ]);
    const year = refreshWindows('2023-01-01', '2023-12-31', 100);
    expect(year.map((w) => daysOf(w).length)).toEqual([100, 100, 100, 65]);
    expect(year.flatMap(daysOf)).toHaveLength(365);
    expect(new Set(year.flatMap(daysOf)).size).toBe(365);
  });

  it('refuses reversed or malformed ranges', () => {
    expect(() => refreshWindows('2024-01-02', '2024-01-01', 100)).toThrow(/before it starts/);
    expect(() => refreshWindows('2024-02-30', '2024-03-01', 100)).toThrow(/not a yyyy-MM-dd day/);
  });
});

describe('mart refresh on Athena (mocked Athena and Glue, real object store)', () => {
  const athenaMock = mockClient(AthenaClient);
  const glueMock = mockClient(GlueClient);
  afterEach(() => {
    athenaMock.reset();
    glueMock.reset();
  });

  it('deletes each window’s partitions, then runs one INSERT per window of ≤ 100 days with the window as parameters', async () => {
    const config = testConfig();
    const manifest = compileProject(await projectModels(), config).manifest!;
    const martLocation = 'tables/daily_store_sales/build=20241125T100000/';
    glueMock.on(GetTablesCommand).resolves({
      TableList: [
        {
          Name: 'daily_store_sales',
          TableType: 'EXTERNAL_TABLE',
          StorageDescriptor: { Columns: [], Location: `s3://shop-lake/${martLocation}` },
          PartitionKeys: [{ Name: 'dt', Type: 'string' }],
          Parameters: {},
        },
      ],
    });
    athenaMock.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q' });
    athenaMock.on(GetQueryExecutionCommand).resolves({ QueryExecution: { QueryExecutionId: 'q', StatementType: 'DML', Status: { State: 'SUCCEEDED' } } });
    athenaMock.on(GetQueryResultsCommand).resolves({ ResultSet: { ResultSetMetadata: { ColumnInfo: [] }, Rows: [] } });
    const engine = new AthenaEngine({
      athena: new AthenaClient({ region: 'us-east-1' }),
      glue: new GlueClient({ region: 'us-east-1' }),
      config,
      sleep: async () => {},
    });

    const lake = await makeTempLake();
    const store = new LocalObjectStore(lake);
    await store.put(`${martLocation}dt=2024-01-05/old.parquet`, 'old');
    await store.put(`${martLocation}dt=2024-06-01/keep.parquet`, 'outside the range');

    const n = await refreshMartsOnAthena(engine, store, manifest, config, { from: '2024-01-01', to: '2024-05-01' });
    expect(n).toBe(2);
    const sql = athenaRenderer(config).render(planStatements(manifest).find((s) => s.kind === 'refresh_partitions')!)!;
    expect(athenaMock.commandCalls(StartQueryExecutionCommand).map((c) => c.args[0].input)).toEqual(
      [
        ["'2024-01-01'", "'2024-04-09'"],
        ["'2024-04-10'", "'2024-05-01'"],
      ].map((p) => ({
        QueryString: sql,
        WorkGroup: config.athena.workgroup,
        QueryExecutionContext: { Database: config.athena.database, Catalog: 'AwsDataCatalog' },
        ResultConfiguration: { OutputLocation: config.athena.outputLocation },
        ExecutionParameters: p,
      })),
    );
    expect(sql).toMatch(/^INSERT INTO\s+"shop"\."daily_store_sales"/);
    expect((await collect(store.list('tables/'))).map((o) => o.key)).toEqual([`${martLocation}dt=2024-06-01/keep.parquet`]);
    await engine.close();
  });
});
