import { describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/compile-project.js';
import { QueryFailedError, type Engine } from '../../src/engines/engine.js';
import { applyMigration, MigrationFailedError } from '../../src/migrate/apply-migration.js';
import { desiredObjects } from '../../src/migrate/desired-objects.js';
import { planMigration } from '../../src/migrate/migration-plan.js';
import { runChangeSql, type Target } from '../../src/targets/target.js';
import { trinoTarget } from '../../src/targets/trino-target.js';
import { projectConfig, projectModels } from '../support/project-files.js';

describe('a change that fails part-way through migrate (issue 13.1)', () => {
  it('names the failed change, the engine reason, what was applied and what was not', async () => {
    const config = projectConfig();
    const { manifest } = compileProject(await projectModels(), config);
    const plan = planMigration(desiredObjects(manifest!, config), { databaseExists: false, objects: new Map() });
    const sent: string[] = [];
    // An engine that accepts everything until the third statement, as a workgroup refusing a statement would.
    const engine = {
      target: 'trino',
      query: async (sql: string) => {
        sent.push(sql);
        if (sent.length === 3) throw new QueryFailedError('line 1:1: refused by the test engine', sql);
        return { columns: [], rows: [] };
      },
    } as unknown as Engine;
    const target: Target = { ...trinoTarget, applyChange: (c, e, cfg, id) => runChangeSql(target, c, e, cfg, id) };
    const error = await applyMigration(plan, target, engine, config, { allowDestructive: false, buildId: 't' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationFailedError);
    const failure = error as MigrationFailedError;
    expect(failure.applied.map((c) => c.kind)).toEqual(['create_database', 'create']);
    expect(failure.notApplied).toHaveLength(plan.changes.length - 3);
    expect(failure.message).toMatch(/^migrate stopped at "\+ create table skus": query failed: line 1:1: refused by the test engine/);
    expect(failure.message).toMatch(/Applied before it \(2\): \+ create database; \+ create source pos_skus/);
    expect(failure.message).toMatch(new RegExp(`Not applied \\(${plan.changes.length - 2}\\): \\+ create table skus;`));
    expect(failure.message).toMatch(/run migrate again/);
  });
});
