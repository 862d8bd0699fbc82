import { parseArgs } from 'node:util';
import { planStatements } from '../../compiler/statement.js';
import { TARGET_CHOICES } from '../../targets/targets.js';
import type { CliIo } from '../cli-io.js';
import { loadProject, parseTarget, targetOf } from '../project.js';
import { SELECTION_HELP, SELECTION_OPTIONS, selectionFromArgs } from '../../selection/selection-options.js';
import {
  assertEnvironmentMigrated,
  describeEnvironment,
  ENV_HELP,
  ENV_OPTIONS,
  environmentFromArgs,
  migratedScope,
} from '../../environments/environment-options.js';

const HELP = `Usage: npm run test:data -- [--target ${TARGET_CHOICES}] [--select SEL] [--exclude SEL] [--state DIR] [--env NAME]

Runs every data test the models declare ({{test "not_null" …}}, unique, relationship,
accepted_range) on the target and reports each failing check with its failing-row count.
Exits 1 if any check fails. --target trino runs the Athena SQL of the tests on a local Trino server.
${SELECTION_HELP}
                       test:data then runs the tests the selected models declare
${ENV_HELP}
                       test:data then runs the tests of the environment's own views and marts`;

export async function testDataCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: { target: { type: 'string' }, ...SELECTION_OPTIONS, ...ENV_OPTIONS, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const target = targetOf(parseTarget(values.target));
  const { root, config, manifest } = await loadProject();
  const selection = await selectionFromArgs(values, manifest, root);
  let scope = environmentFromArgs(values.env, manifest, config, selection);
  let work = scope ?? { config, manifest };
  const renderer = target.renderer(work.config);
  const engine = await target.openEngine({ config: work.config, env: process.env, onProgress: io.stderr, ...(scope ? { environment: scope.name } : {}) });
  let failed = 0;
  let passed = 0;
  try {
    if (scope) {
      scope = migratedScope(scope, manifest, config, await assertEnvironmentMigrated(engine, scope.name, target.name));
      work = scope;
      io.stdout(describeEnvironment(scope));
    }
    for (const s of planStatements(work.manifest)) {
      if (s.kind !== 'data_test' || !selection.names.has(s.object)) continue;
      const started = performance.now();
      const result = await engine.query(renderer.render(s)!);
      const failures = Number(result.rows[0]?.failures ?? 0);
      const ms = Math.round(performance.now() - started);
      if (failures > 0) {
        failed++;
        io.stdout(`FAIL ${s.name}: ${failures} failing row(s) (${ms} ms)`);
      } else {
        passed++;
        io.stdout(`ok   ${s.name} (${ms} ms)`);
      }
    }
  } finally {
    await engine.close();
  }
  io.stdout(`\n${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}
