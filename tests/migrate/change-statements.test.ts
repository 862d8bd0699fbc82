import { describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/compile-project.js';
import { desiredObjects } from '../../src/migrate/desired-objects.js';
import type { Change } from '../../src/migrate/migration-plan.js';
import { athenaTarget } from '../../src/targets/athena-target.js';
import { localTarget } from '../../src/targets/local-target.js';
import { trinoTarget } from '../../src/targets/trino-target.js';
import { projectModels, testConfig } from '../support/project-files.js';

const config = testConfig();

describe('each change as typed statements, rendered by the target', async () => {
  const { manifest } = compileProject(await projectModels(), config);
  const table = desiredObjects(manifest!, config).find((d) => d.name === 'transactions__files')!;
  const columns = [
    { name: 'till_id', type: { kind: 'integer' } },
    { name: 'note', type: { kind: 'varchar' } },
  ] as const;
  const addColumns: Change = { kind: 'add_columns', name: 'transactions__files', columns, desired: table };
  const setProperties: Change = { kind: 'set_properties', name: 'transactions__files', properties: { 'parquet.compression': 'ZSTD' }, desired: table };

  it('Athena alters in place, in Hive DDL', () => {
    expect(athenaTarget.changeSql(addColumns, config, 'b1')).toEqual([
      `ALTER TABLE \`${config.athena.database}\`.\`transactions__files\` ADD COLUMNS (\`till_id\` int, \`note\` string)`,
    ]);
    expect(athenaTarget.changeSql(setProperties, config, 'b1')).toEqual([
      `ALTER TABLE \`${config.athena.database}\`.\`transactions__files\` SET TBLPROPERTIES ('parquet.compression' = 'ZSTD')`,
    ]);
  });

  it('Trino adds one column per statement and recreates a table to change its parameters', () => {
    const db = `"${config.athena.database}"`;
    expect(trinoTarget.changeSql(addColumns, config, 'b1')).toEqual([
      `ALTER TABLE ${db}."transactions__files" ADD COLUMN "till_id" integer`,
      `ALTER TABLE ${db}."transactions__files" ADD COLUMN "note" varchar`,
    ]);
    const [drop, create] = trinoTarget.changeSql(setProperties, config, 'b1');
    expect(drop).toBe(`DROP TABLE IF EXISTS ${db}."transactions__files"`);
    expect(create).toMatch(/^CREATE TABLE .*"transactions__files" \(/);
  });

  it('the local target has no database to create and drops views', () => {
    expect(localTarget.changeSql({ kind: 'create_database' }, config, 'b1')).toEqual([]);
    expect(localTarget.changeSql({ kind: 'drop', name: 'old_view', objectKind: 'view' }, config, 'b1')).toEqual(['DROP VIEW IF EXISTS old_view']);
  });
});
