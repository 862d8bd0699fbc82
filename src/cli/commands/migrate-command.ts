import { parseArgs } from 'node:util';
import { desiredObjects } from '../../migrate/desired-objects.js';
import { applyMigration, DestructiveChangeRefusedError, MigrationFailedError, planSql } from '../../migrate/apply-migration.js';
import { TARGET_CHOICES, TARGET_NAMES, TARGETS } from '../../targets/targets.js';
import { describeChange, explainDestructive, isDestructive, planMigration } from '../../migrate/migration-plan.js';
import type { CliIo } from '../cli-io.js';
import { mkdir, stat } from 'node:fs/promises';
import { removeOrphanTempFiles } from '../../storage/orphan-temp-files.js';
import { loadProject, parseTarget, targetOf, UsageError } from '../project.js';
import { SELECTION_HELP, SELECTION_OPTIONS, selectionFromArgs } from '../../selection/selection-options.js';
import { restrictMigration } from '../../selection/select-migration.js';
import { describeEnvironment, ENV_HELP, ENV_OPTIONS, environmentFromArgs } from '../../environments/environment-options.js';
import { dropDatabaseSql, dropEnvironment, planEnvironmentDrop } from '../../environments/drop-environment.js';

const HELP = `Usage: npm run migrate -- [--target ${TARGET_CHOICES}] [--dry-run] [--allow-destructive] [--repair]
                       [--select SEL] [--exclude SEL] [--state DIR] [--env NAME [--drop]]

Plans the change from the target's catalog to the declared models, prints it
(+ create, ~ replace/alter, - drop), then applies it in dependency order.

  --target             where to migrate (default local):
${TARGET_NAMES.map((n) => `                         ${n.padEnd(7)} ${TARGETS[n].description}`).join('\n')}
  --dry-run            print the plan and its SQL, apply nothing
  --allow-destructive  also apply drops, column drops/retypes and partitioning changes
                       (data files are never deleted)
  --repair             local: a corrupted or tampered _catalog/catalog.json is moved aside
                       (catalog.json.corrupt-<time>) and rebuilt from the models; data is not touched
${SELECTION_HELP}
                       migrate then plans the selected models' objects only: nothing else is
                       created, replaced or dropped
${ENV_HELP}
                       migrate creates and updates only the environment's objects (Athena:
                       CREATE DATABASE <db>_NAME, its views and marts reading the main database;
                       marts keep their files under envs/NAME/); the main environment is not touched
  --drop               with --env NAME: drop that environment's objects, its database (catalog file
                       locally) and its marts' files under envs/NAME/ — nothing else; on a lake folder
                       the emptied folders go too (envs/ once no environment is left), a file that is
                       not one of its marts' is kept and named`;

export async function migrateCommand(argv: readonly string[], io: CliIo, clock: () => Date = () => new Date()): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      target: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'allow-destructive': { type: 'boolean' },
      repair: { type: 'boolean' },
      ...SELECTION_OPTIONS,
      ...ENV_OPTIONS,
      drop: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const target = targetOf(parseTarget(values.target));
  const { root, config, manifest } = await loadProject();
  const selection = await selectionFromArgs(values, manifest, root);
  const scope = environmentFromArgs(values.env, manifest, config, selection);
  if (values.drop && !scope) throw new UsageError('--drop removes a development environment: name it with --env NAME (the main environment is never dropped)');
  if (scope && values.repair) throw new UsageError('--repair rebuilds the main catalog: run it without --env');
  const work = scope ?? { config, manifest };
  const ctx = { config: work.config, env: process.env, onProgress: io.stderr, ...(scope ? { environment: scope.name } : {}) };
  if (values.repair) {
    if (!target.repairCatalog) throw new UsageError(`--repair rebuilds a catalog kept in the lake; the ${target.name} catalog is repaired by running migrate`);
    io.stdout(await target.repairCatalog({ config, env: process.env }, clock()));
  }
  const lakeDir = target.lakeDir({ config, env: process.env });
  if (lakeDir !== undefined) {
    // migrate creates the catalog, so it may create the lake folder (query and the dashboard may not).
    if (
      !(await stat(lakeDir).then(
        () => true,
        () => false,
      ))
    ) {
      await mkdir(lakeDir, { recursive: true });
      io.stdout(`Created the lake folder ${lakeDir}.`);
    }
    const removed = await removeOrphanTempFiles(lakeDir, { olderThanMs: 60 * 60_000, now: clock() });
    if (removed.length > 0) io.stdout(`Removed ${removed.length} temporary file(s) older than 1 h left by killed writers.`);
  }
  const engine = await target.openEngine(ctx);
  try {
    if (scope && values.drop) {
      const plan = await planEnvironmentDrop(engine);
      io.stdout(`Dropping environment ${scope.name} (${target.where(ctx)}): ${plan.changes.length} object(s).`);
      for (const c of plan.changes) io.stdout(`  ${describeChange(c)}`);
      if (values['dry-run']) {
        for (const { sql } of planSql(plan, target, work.config, 'drop')) for (const q of sql) io.stdout(indent(q, 6));
        for (const q of dropDatabaseSql(target, work.config)) io.stdout(indent(q, 6));
        io.stdout('Dry run: nothing applied.');
        return 0;
      }
      const { files, kept } = await dropEnvironment(plan, target, engine, scope, ctx, () => {});
      io.stdout(`Dropped environment ${scope.name}: ${plan.changes.length} object(s) and ${files} mart file(s); the main environment is untouched.`);
      if (kept !== undefined)
        io.stdout(`${kept} still holds files that are not the environment's marts: left as they are; look and remove the folder by hand.`);
      return 0;
    }
    if (scope) io.stdout(describeEnvironment(scope));
    const declared = { desired: desiredObjects(work.manifest, work.config), catalog: await engine.readCatalog() };
    const { desired, catalog } = selection.everything ? declared : restrictMigration(declared.desired, declared.catalog, selection.names);
    const plan = planMigration(desired, catalog);
    const where = target.where(ctx);
    if (plan.changes.length === 0) {
      io.stdout(`No changes. The ${where} matches the models.`);
      return 0;
    }
    const buildId = clock().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
    io.stdout(`Plan for the ${where}:`);
    for (const { change, sql } of planSql(plan, target, work.config, buildId)) {
      io.stdout(`  ${describeChange(change)}`);
      if (values['dry-run']) for (const s of sql) io.stdout(indent(s, 6));
    }
    const destructive = plan.changes.filter(isDestructive);
    const counts = ['create', 'alter/replace', 'drop'].map((k) => plan.changes.filter((c) => bucket(c.kind) === k).length);
    io.stdout(`Plan: ${counts[0]} to create, ${counts[1]} to alter or replace, ${counts[2]} to drop.`);
    if (values['dry-run']) {
      io.stdout('Dry run: nothing applied.');
      return 0;
    }
    if (destructive.length > 0 && !values['allow-destructive']) {
      io.stderr(`\nRefusing ${destructive.length} destructive change(s); nothing was applied:`);
      for (const c of destructive) io.stderr(`  - ${explainDestructive(c)}`);
      io.stderr('Rerun with --allow-destructive if that is what you want (data files are never deleted).');
      return 1;
    }
    let n = 0;
    await applyMigration(plan, target, engine, work.config, {
      allowDestructive: Boolean(values['allow-destructive']),
      buildId,
      onChange: (c) => io.stdout(`  [${++n}/${plan.changes.length}] ${describeChange(c)}`),
    });
    io.stdout(`Applied ${plan.changes.length} change(s).`);
    return 0;
  } catch (e) {
    if (e instanceof DestructiveChangeRefusedError || e instanceof MigrationFailedError) {
      io.stderr(e.message);
      return 1;
    }
    throw e;
  } finally {
    await engine.close();
  }
}

function bucket(kind: string): string {
  if (kind === 'create' || kind === 'create_database') return 'create';
  if (kind === 'drop') return 'drop';
  return 'alter/replace';
}

function indent(text: string, n: number): string {
  return text
    .split('\n')
    .map((l) => ' '.repeat(n) + l)
    .join('\n');
}
