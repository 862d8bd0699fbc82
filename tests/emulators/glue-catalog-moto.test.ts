import { AthenaClient } from '@aws-sdk/client-athena';
import { CreateDatabaseCommand, CreateTableCommand, GlueClient, type TableInput } from '@aws-sdk/client-glue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/compile-project.js';
import { defineConfig } from '../../src/config/define-config.js';
import { HIVE_TYPES } from '../../src/dialects/athena/hive-types.js';
import { renderType } from '../../src/dialects/type-table.js';
import { AthenaEngine } from '../../src/engines/athena/athena-engine.js';
import { encodePrestoView } from '../../src/engines/athena/presto-view.js';
import { desiredObjects, type DesiredObject } from '../../src/migrate/desired-objects.js';
import { describeChange, planMigration } from '../../src/migrate/migration-plan.js';
import { projectModels } from '../support/project-files.js';
import { startMotoServer, type MotoServer } from '../support/moto-server.js';

// The Athena engine's Glue Data Catalog reads against moto's Glue (real JSON protocol, real error
// types). Athena itself has no emulator: its requests stay asserted on mocks (athena-engine.test.ts).
const config = defineConfig({
  project: 'shop',
  athena: { database: 'shop_db', workgroup: 'shop', region: 'us-east-1', outputLocation: 's3://shop-results/athena/' },
  lake: { bucket: 'shop-lake' },
});

let moto: MotoServer;
let glue: GlueClient;
let engine: AthenaEngine;

beforeAll(async () => {
  moto = await startMotoServer();
  console.log(`moto server up in ${Math.round(moto.startMs)} ms`);
  glue = new GlueClient(moto.clientConfig);
  engine = new AthenaEngine({ athena: new AthenaClient(moto.clientConfig), glue, config });
});

afterAll(async () => {
  await engine?.close();
  await moto?.stop();
});

/** The Glue entry Athena's DDL leaves for a declared object (Hive types, s3:// location, TBLPROPERTIES, Presto views). */
function tableInput(d: DesiredObject): TableInput {
  const o = d.object;
  if (o.kind === 'view') {
    return {
      Name: o.name,
      TableType: 'VIRTUAL_VIEW',
      ViewOriginalText: encodePrestoView({ originalSql: o.sql, catalog: 'awsdatacatalog', schema: config.athena.database, columns: [] }),
      ViewExpandedText: '/* Presto View */',
      Parameters: { presto_view: 'true', comment: 'Presto View' },
    };
  }
  return {
    Name: o.name,
    TableType: 'EXTERNAL_TABLE',
    StorageDescriptor: {
      Location: `s3://${config.lake.bucket}/${o.location}`,
      Columns: o.columns.map((c) => ({ Name: c.name, Type: renderType(c.type, HIVE_TYPES) })),
    },
    PartitionKeys: o.partitionKeys.map((c) => ({ Name: c.name, Type: renderType(c.type, HIVE_TYPES) })),
    Parameters: { EXTERNAL: 'TRUE', ...o.properties },
  };
}

describe('AthenaEngine.readCatalog on moto Glue', () => {
  it('reports a database that does not exist (EntityNotFoundException) as databaseExists: false', async () => {
    const catalog = await engine.readCatalog();
    expect(catalog).toEqual({ databaseExists: false, objects: new Map() });
  });

  it('reads back what the project declared as "no changes", with someone else\'s odd tables beside it never stopping the plan', async () => {
    const { manifest } = compileProject(await projectModels(), config);
    const desired = desiredObjects(manifest!, config);
    await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: config.athena.database } }));
    for (const d of desired) await glue.send(new CreateTableCommand({ DatabaseName: config.athena.database, TableInput: tableInput(d) }));
    // Not ours: every Athena DDL type, and a Hive type no Athena table has.
    await glue.send(
      new CreateTableCommand({
        DatabaseName: config.athena.database,
        TableInput: {
          Name: 'analyst_scratch',
          TableType: 'EXTERNAL_TABLE',
          StorageDescriptor: {
            Location: 's3://someone-else/scratch/',
            Columns: ['tinyint', 'smallint', 'float', 'binary', 'char(3)', 'varchar(9)', 'decimal(15)', 'map<string,array<int>>'].map((Type, i) => ({
              Name: `c${i}`,
              Type,
            })),
          },
        },
      }),
    );
    await glue.send(
      new CreateTableCommand({
        DatabaseName: config.athena.database,
        TableInput: {
          Name: 'hive_union',
          TableType: 'EXTERNAL_TABLE',
          StorageDescriptor: { Location: 's3://someone-else/u/', Columns: [{ Name: 'u', Type: 'uniontype<int,string>' }] },
        },
      }),
    );

    const catalog = await engine.readCatalog();
    expect(catalog.databaseExists).toBe(true);
    expect([...catalog.objects.keys()].sort()).toEqual([...desired.map((d) => d.name), 'analyst_scratch', 'hive_union'].sort());
    expect(catalog.objects.get('analyst_scratch')).toMatchObject({
      kind: 'table',
      columns: expect.arrayContaining([{ name: 'c4', type: { kind: 'char', length: 3 } }]),
    });
    expect(catalog.objects.get('hive_union')).toMatchObject({ unreadable: expect.stringContaining('uniontype<int,string>') });
    // Everything declared round-trips through Glue unchanged, and tables over data outside the lake are
    // someone else's: neither dropped nor in the way.
    expect(planMigration(desired, catalog).changes.map(describeChange)).toEqual([]);
  });
});
