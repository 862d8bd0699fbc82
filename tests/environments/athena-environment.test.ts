import { AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { EntityNotFoundException, GetTablesCommand, GlueClient } from '@aws-sdk/client-glue';
import { DeleteObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { backfillCommand } from '../../src/cli/commands/backfill-command.js';
import { compileProject } from '../../src/compiler/compile-project.js';
import { defineConfig } from '../../src/config/define-config.js';
import { AthenaEngine } from '../../src/engines/athena/athena-engine.js';
import { encodePrestoView } from '../../src/engines/athena/presto-view.js';
import { dropEnvironment, planEnvironmentDrop } from '../../src/environments/drop-environment.js';
import { environmentScope } from '../../src/environments/environment-scope.js';
import { applyMigration } from '../../src/migrate/apply-migration.js';
import { desiredObjects } from '../../src/migrate/desired-objects.js';
import { planMigration } from '../../src/migrate/migration-plan.js';
import { athenaTarget } from '../../src/targets/athena-target.js';
import { captureIo } from '../support/capture-io.js';
import { projectModels } from '../support/project-files.js';

const config = defineConfig({
  project: 'shop',
  athena: { database: 'shop_db', workgroup: 'shop_wg', outputLocation: 's3://shop-results/athena/', region: 'eu-west-1' },
  lake: { bucket: 'shop-lake' },
});
const manifest = compileProject(await projectModels(), config).manifest!;

const athenaMock = mockClient(AthenaClient);
const glueMock = mockClient(GlueClient);
const s3Mock = mockClient(S3Client);

function engineFor(database: string): AthenaEngine {
  return new AthenaEngine({
    athena: new AthenaClient({ region: 'eu-west-1' }),
    glue: new GlueClient({ region: 'eu-west-1' }),
    config: { ...config, athena: { ...config.athena, database } },
    sleep: async () => {},
  });
}

const sent = () =>
  athenaMock
    .commandCalls(StartQueryExecutionCommand)
    .map((c) => ({ sql: c.args[0].input.QueryString, database: c.args[0].input.QueryExecutionContext?.Database }));

beforeEach(() => {
  athenaMock.reset();
  glueMock.reset();
  s3Mock.reset();
  athenaMock.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
  athenaMock.on(GetQueryExecutionCommand).resolves({ QueryExecution: { QueryExecutionId: 'q-1', StatementType: 'DDL', Status: { State: 'SUCCEEDED' } } });
  athenaMock.on(GetQueryResultsCommand).resolves({ ResultSet: { ResultSetMetadata: { ColumnInfo: [] }, Rows: [] } });
});

describe('migrate --env on Athena (mocked Athena and Glue, exact requests)', () => {
  it('creates database shop_db_dev and the selected views in it; refs to members read the environment, the rest shop_db', async () => {
    const scope = environmentScope(manifest, config, 'dev', new Set(['sales_by_store', 'top_skus']));
    glueMock
      .on(GetTablesCommand, { DatabaseName: 'shop_db_dev' })
      .rejects(new EntityNotFoundException({ message: 'Database shop_db_dev not found', $metadata: {} }));
    const engine = engineFor('shop_db_dev');
    const plan = planMigration(desiredObjects(scope.manifest, scope.config), await engine.readCatalog());
    await applyMigration(plan, athenaTarget, engine, scope.config, { allowDestructive: false, buildId: 'b1' });
    const statements = sent();
    expect(statements.map((s) => s.database)).toEqual(['shop_db_dev', 'shop_db_dev', 'shop_db_dev']);
    expect(statements[0]!.sql).toBe('CREATE DATABASE IF NOT EXISTS `shop_db_dev`');
    expect(statements[1]!.sql).toBe(
      [
        `CREATE OR REPLACE VIEW "shop_db_dev"."sales_by_store" COMMENT 'model.sql_sha256=2e6a8d27e5fe94063524517c2f4cf7a91752e72171722598f327062774cf2780' AS`,
        'SELECT',
        '  i.store_id,',
        '  s.store_name,',
        '  i.dt,',
        '  count(DISTINCT i.transaction_id) AS transactions,',
        '  sum(i.quantity) AS items,',
        '  sum(i.quantity * k.price) AS revenue',
        'FROM',
        '  "shop_db"."transaction_items" AS i',
        '  JOIN "shop_db"."skus" AS k ON k.sku_id = i.sku_id',
        '  LEFT JOIN "shop_db"."supermarkets" AS s ON s.store_id = i.store_id',
        'GROUP BY',
        '  i.store_id,',
        '  s.store_name,',
        '  i.dt',
      ].join('\n'),
    );
    expect(statements[2]!.sql).toMatch(/^CREATE OR REPLACE VIEW "shop_db_dev"\."top_skus" COMMENT 'model\.sql_sha256=[0-9a-f]{64}' AS\n/);
    // Deferred: the tables are read from the main database, never copied.
    expect(statements[1]!.sql).toContain('"shop_db"."transaction_items"');
    expect(statements[1]!.sql).toContain('"shop_db"."skus"');
    expect(statements.map((s) => s.sql).join('\n')).not.toMatch(/"shop_db"\."(sales_by_store|top_skus)"|`shop_db`\./);
    await engine.close();
  });

  it('a mart and the view it reads, both in the environment: the mart reads the environment view and keeps its files under envs/dev/', () => {
    const scope = environmentScope(manifest, config, 'dev', new Set(['sales_by_store', 'daily_store_sales']));
    const mart = scope.manifest.models.find((m) => m.name === 'daily_store_sales')!;
    expect(mart.kind === 'mart' && mart.location).toBe('envs/dev/tables/daily_store_sales/');
    const sql = desiredObjects(scope.manifest, scope.config).flatMap((d) =>
      athenaTarget.changeSql({ kind: 'create', name: d.name, objectKind: d.kind, desired: d }, scope.config, 'b1'),
    );
    const create = sql.find((s) => s.includes('daily_store_sales'))!;
    expect(create).toContain("LOCATION 's3://shop-lake/envs/dev/tables/daily_store_sales/build=b1/'");
    expect(create).toMatch(/CREATE EXTERNAL TABLE `shop_db_dev`\.`daily_store_sales`/);
    expect(mart.kind === 'mart' && mart.sql.trino).toContain('"shop_db_dev"."sales_by_store"');
    expect(scope.deferred).toEqual(['skus', 'supermarkets', 'transaction_items']);
  });

  it('migrate --env dev --drop drops its objects, then the database, then its files under envs/dev/, and nothing of shop_db', async () => {
    glueMock.on(GetTablesCommand, { DatabaseName: 'shop_db_dev' }).resolves({
      TableList: [
        {
          Name: 'daily_store_sales',
          TableType: 'EXTERNAL_TABLE',
          StorageDescriptor: { Columns: [{ Name: 'store_id', Type: 'string' }], Location: 's3://shop-lake/envs/dev/tables/daily_store_sales/build=b1/' },
          PartitionKeys: [{ Name: 'dt', Type: 'string' }],
          Parameters: {},
        },
        {
          Name: 'top_skus',
          TableType: 'VIRTUAL_VIEW',
          ViewOriginalText: encodePrestoView({
            originalSql: 'SELECT 1 AS x',
            catalog: 'awsdatacatalog',
            schema: 'shop_db_dev',
            columns: [{ name: 'x', type: 'integer' }],
          }),
          ViewExpandedText: '/* Presto View */',
          Parameters: { presto_view: 'true', comment: 'Presto View' },
        },
      ],
    });
    s3Mock.on(ListObjectsV2Command).resolves({
      Contents: [{ Key: 'envs/dev/tables/daily_store_sales/build=b1/dt=2024-04-10/x.parquet', Size: 10, ETag: '"e"', LastModified: new Date(0) }],
    });
    s3Mock.on(DeleteObjectCommand).resolves({});
    const scope = environmentScope(manifest, config, 'dev');
    const engine = engineFor('shop_db_dev');
    const plan = await planEnvironmentDrop(engine);
    const { files } = await dropEnvironment(plan, athenaTarget, engine, scope, { config: scope.config, env: {} }, () => {});
    expect(sent()).toEqual([
      { sql: 'DROP VIEW IF EXISTS "shop_db_dev"."top_skus"', database: 'shop_db_dev' },
      { sql: 'DROP TABLE IF EXISTS `shop_db_dev`.`daily_store_sales`', database: 'shop_db_dev' },
      { sql: 'DROP DATABASE IF EXISTS `shop_db_dev`', database: 'shop_db_dev' },
    ]);
    expect(s3Mock.commandCalls(ListObjectsV2Command)[0]!.args[0].input).toMatchObject({ Bucket: 'shop-lake', Prefix: 'envs/dev/' });
    expect(s3Mock.commandCalls(DeleteObjectCommand).map((c) => c.args[0].input.Key)).toEqual([
      'envs/dev/tables/daily_store_sales/build=b1/dt=2024-04-10/x.parquet',
    ]);
    expect(files).toBe(1);
    await engine.close();
  });

  it('backfill --env dev refreshes the marts the environment holds, reading what it does not hold from the main database', async () => {
    // `migrate --env dev --select daily_store_sales` made the mart only: its view sales_by_store is read from main.
    glueMock.on(GetTablesCommand, { DatabaseName: 'supermarket_dev' }).resolves({
      TableList: [
        {
          Name: 'daily_store_sales',
          TableType: 'EXTERNAL_TABLE',
          StorageDescriptor: { Columns: [{ Name: 'store_id', Type: 'string' }], Location: 's3://supermarket-lake/envs/dev/tables/daily_store_sales/build=b1/' },
          PartitionKeys: [{ Name: 'dt', Type: 'string' }],
          Parameters: {},
        },
      ],
    });
    s3Mock.on(ListObjectsV2Command).resolves({
      Contents: [{ Key: 'envs/dev/tables/daily_store_sales/build=b1/dt=2024-04-10/old.parquet', Size: 10, ETag: '"e"', LastModified: new Date(0) }],
    });
    s3Mock.on(DeleteObjectCommand).resolves({});
    const io = captureIo();
    // The repository's own config (database supermarket, bucket supermarket-lake), as the command reads it.
    expect(await backfillCommand(['--target', 'athena', '--env', 'dev', '--from', '2024-04-10', '--to', '2024-04-10'], io), io.err.join('\n')).toBe(0);
    expect(io.out[0]).toMatch(
      /^Environment dev \(database supermarket_dev\): 1 model\(s\) of its own \(daily_store_sales\); reads sales_by_store from the main environment\.$/,
    );
    const [insert, ...more] = athenaMock.commandCalls(StartQueryExecutionCommand).map((c) => c.args[0].input);
    expect(more).toEqual([]);
    expect(insert).toMatchObject({
      WorkGroup: 'supermarket',
      QueryExecutionContext: { Database: 'supermarket_dev', Catalog: 'AwsDataCatalog' },
      ExecutionParameters: ["'2024-04-10'", "'2024-04-10'"],
    });
    expect(insert!.QueryString).toMatch(/^INSERT INTO\n {2}"supermarket_dev"\."daily_store_sales"\n/);
    expect(insert!.QueryString).toContain('"supermarket"."sales_by_store"');
    expect(insert!.QueryString).not.toContain('"supermarket_dev"."sales_by_store"');
    expect(insert!.QueryString).toMatch(/WHERE\n {2}dt BETWEEN \? AND \?$/);
    // The day's old files of the environment's mart go first, and nothing of main.
    expect(s3Mock.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input)).toEqual([
      { Bucket: 'supermarket-lake', Prefix: 'envs/dev/tables/daily_store_sales/build=b1/dt=2024-04-10/' },
    ]);
    expect(s3Mock.commandCalls(DeleteObjectCommand).map((c) => c.args[0].input.Key)).toEqual([
      'envs/dev/tables/daily_store_sales/build=b1/dt=2024-04-10/old.parquet',
    ]);
  });

  it('backfill --env dev on an environment holding no mart refreshes nothing and says so', async () => {
    glueMock.on(GetTablesCommand, { DatabaseName: 'supermarket_dev' }).resolves({
      TableList: [
        {
          Name: 'top_skus',
          TableType: 'VIRTUAL_VIEW',
          ViewOriginalText: encodePrestoView({
            originalSql: 'SELECT 1 AS x',
            catalog: 'awsdatacatalog',
            schema: 'supermarket_dev',
            columns: [{ name: 'x', type: 'integer' }],
          }),
          Parameters: { presto_view: 'true' },
        },
      ],
    });
    const io = captureIo();
    expect(await backfillCommand(['--target', 'athena', '--env', 'dev'], io), io.err.join('\n')).toBe(0);
    expect(io.out).toEqual([
      expect.stringMatching(/^Environment dev \(database supermarket_dev\): 1 model\(s\) of its own \(top_skus\);/),
      'Environment dev holds no mart: nothing to refresh.',
    ]);
    expect(athenaMock.commandCalls(StartQueryExecutionCommand)).toEqual([]);
  });
});
