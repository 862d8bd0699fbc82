import { parseArgs } from 'node:util';
import { planStatements } from '../../compiler/statement.js';
import { TARGET_CHOICES } from '../../targets/targets.js';
import type { CliIo } from '../cli-io.js';
import { loadProject, openEngine, parseTarget, targetOf } from '../project.js';

const HELP = `Usage: npm run test:data -- [--target ${TARGET_CHOICES}]

Runs every data test the models declare ({{test "not_null" …}}, unique, relationship,
accepted_range) on the target and reports each failing check with its failing-row count.
Exits 1 if any check fails. --target trino runs the Athena SQL of the tests on a local Trino server.`;

export async function testDataCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: [...argv], options: { target: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const target = targetOf(parseTarget(values.target));
  const { config, manifest } = await loadProject();
  const renderer = target.renderer(config);
  const engine = await openEngine(target.name, config, process.env, io.stderr);
  let failed = 0;
  let passed = 0;
  try {
    for (const s of planStatements(manifest)) {
      if (s.kind !== 'data_test') continue;
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
