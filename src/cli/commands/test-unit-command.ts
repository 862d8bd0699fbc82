import { parseArgs } from 'node:util';
import { readModelFiles } from '../../compiler/build-project.js';
import { inferViewColumns } from '../../engines/local/infer-view-columns.js';
import { openMemoryDuckdb, type CaseEngine } from '../../unit-tests/memory-duckdb.js';
import { formatUnitRun } from '../../unit-tests/format-unit-run.js';
import { readCaseFiles } from '../../unit-tests/read-case-files.js';
import { runUnitCases } from '../../unit-tests/run-unit-cases.js';
import type { CliIo } from '../cli-io.js';
import { loadProject, openEngine, targetOf, UsageError } from '../project.js';

const HELP = `Usage: npm run test:unit -- [--target local|trino] [CASE_FILE…]

Runs the unit cases of views and marts: models/<dir>/<model>.unit.json, next to the model.
Each case gives rows for every input of the model and the rows it expects:

  {"cases": [{
    "name": "revenue is quantity times price",
    "given": {"transaction_items": [{"sku_id": "A", "quantity": 2, "store_id": "S1", "dt": "2024-04-10"}],
              "skus": [{"sku_id": "A", "price": "1.50"}]},
    "expect": [{"store_id": "S1", "revenue": "3.00"}],
    "ordered": false}]}

The model's own SQL runs with each {{ref}} replaced by its given rows, typed as the input declares
(a column a row leaves out is NULL). Only the columns named in "expect" are compared, as a
multiset unless "ordered" is true. A failure prints the missing and unexpected rows with the
case's file:line; a mistake in a case file is reported as file:line.

  --target local   (default) DuckDB in memory with the Trino compatibility library; no lake needed
  --target trino   the Athena (Trino) rendering on the trino target's local server for LAKE_DIR
                   (started on first use, like every --target trino command)
  CASE_FILE…       only these case files (default: every *.unit.json under models/)

Exits 1 if a case fails or a case file has an error.`;

export async function testUnitCommand(argv: readonly string[], io: CliIo, root = process.cwd()): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: { target: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const target = values.target ?? 'local';
  if (target !== 'local' && target !== 'trino') throw new UsageError(`--target must be "local" or "trino" for unit cases, not "${target}"`);
  const { config, manifest } = await loadProject(root);
  const all = await readCaseFiles(root, config.modelsDir);
  const wanted = positionals.map((p) => p.replace(/^\.\//, ''));
  const unknown = wanted.filter((p) => !all.some((f) => f.path === p));
  if (unknown.length > 0) throw new UsageError(`not a case file under ${config.modelsDir}/: ${unknown.join(', ')}`);
  const caseFiles = wanted.length > 0 ? all.filter((f) => wanted.includes(f.path)) : all;
  if (caseFiles.length === 0) {
    io.stdout(`No unit cases: add <model>.unit.json next to a view or mart under ${config.modelsDir}/ (see --help).`);
    return 0;
  }
  const project = { manifest: await inferViewColumns(manifest, config), modelFiles: await readModelFiles(root, config.modelsDir) };
  const engine: CaseEngine = target === 'local' ? await openMemoryDuckdb() : await openEngine('trino', config, process.env, io.stderr);
  try {
    const run = await runUnitCases(caseFiles, project, engine, targetOf(target).renderer(config));
    for (const line of formatUnitRun(run, target === 'local' ? 'DuckDB in memory' : 'Trino')) io.stdout(line);
    return run.errors.length > 0 || run.results.some((r) => r.status !== 'pass') ? 1 : 0;
  } finally {
    await engine.close();
  }
}
