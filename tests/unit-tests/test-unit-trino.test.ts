import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testUnitCommand } from '../../src/cli/commands/test-unit-command.js';
import type { CliIo } from '../../src/cli/cli-io.js';
import { ensureTrinoServer } from '../../src/engines/trino/trino-server.js';
import { compileProject } from '../../src/compiler/compile-project.js';
import { inferViewColumns } from '../../src/engines/local/infer-view-columns.js';
import { TrinoEngine } from '../../src/engines/trino/trino-engine.js';
import { formatUnitRun } from '../../src/unit-tests/format-unit-run.js';
import { trinoRenderer } from '../../src/dialects/trino/trino-renderer.js';
import { runUnitCases } from '../../src/unit-tests/run-unit-cases.js';
import { projectConfig, projectModels, ROOT } from '../support/project-files.js';

/** The same cases, rendered in Athena's SQL and run by real Trino 476: the engine Athena is built on agrees. */
describe('npm run test:unit -- --target trino', () => {
  const savedLakeDir = process.env.LAKE_DIR;
  beforeAll(async () => {
    // The test run's one Trino server (global setup stops it); an empty lake is enough, no catalog is read.
    process.env.LAKE_DIR = inject('trinoLakeDir');
    await ensureTrinoServer(process.env.LAKE_DIR, { onProgress: (m) => process.stderr.write(`${m}\n`) });
  }, 300_000);
  afterAll(() => {
    if (savedLakeDir === undefined) delete process.env.LAKE_DIR;
    else process.env.LAKE_DIR = savedLakeDir;
  });

  it("passes the project's cases on Trino", async () => {
    const out: string[] = [];
    const io: CliIo = { stdout: (t) => out.push(t), stderr: () => {} };
    expect(await testUnitCommand(['--target', 'trino'], io, ROOT), out.join('\n')).toBe(0);
    expect(out.at(-1)).toBe('8 passed, 0 failed, 0 errored, 0 case-file error(s) (Trino)');
  });

  it("a case whose query Trino refuses is an error naming the case file and line, with the engine's words", async () => {
    const modelFiles = await projectModels();
    const config = projectConfig();
    const project = { manifest: await inferViewColumns(compileProject(modelFiles, config).manifest!, config), modelFiles };
    const engine = await TrinoEngine.open(process.env.LAKE_DIR!, config);
    const text = '{"cases": [\n {"name": "bad price",\n  "given": {"transactions": [{"transaction_datetime": "not a time"}]},\n  "expect": []}]}';
    const run = await runUnitCases([{ path: 'models/views/store_freshness.unit.json', text }], project, engine, trinoRenderer(config));
    await engine.close();
    expect(run.results.map((r) => r.status)).toEqual(['error']);
    const lines = formatUnitRun(run, 'Trino');
    expect(lines[0]).toMatch(/^ERROR models\/views\/store_freshness\.unit\.json:2 bad price: Trino refused the query: .*not a time/);
  });

  it('runs on local or trino only', async () => {
    const io: CliIo = { stdout: () => {}, stderr: () => {} };
    await expect(testUnitCommand(['--target', 'athena'], io, ROOT)).rejects.toThrow('--target must be "local" or "trino" for unit cases, not "athena"');
  });
});
