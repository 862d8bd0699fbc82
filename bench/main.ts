/**
 * `npm run bench -- [--quick] [suite…]`: the benchmarks of issues 4, 5 and 8, each printing a
 * markdown table of figures and ratios, all measured in one run on the same generated data.
 *
 *   npm run bench                      # every suite, full sizes (tens of minutes)
 *   npm run bench -- --quick           # small sizes, under two minutes
 *   npm run bench -- query bytes       # some suites
 *   npm run bench -- --install peers   # fetch the tools a suite needs beyond npm test's (once), then run it
 *
 * Tables go to stdout, progress to stderr. Data is generated under os.tmpdir() and deleted at the end.
 * The exit code is 1 when a suite fails (e.g. the two layouts answer differently), not when a target
 * is missed: missed targets are listed at the end, to be reported, not hidden.
 */
import { parseArgs } from 'node:util';
import { loadProject } from '../src/cli/project.js';
import { createBenchContext } from './lib/bench-context.js';
import { formatMachine, machineInfo } from './lib/machine-info.js';
import type { Suite } from './lib/suite.js';
import { backfillSuite } from './suites/backfill-suite.js';
import { bytesSuite } from './suites/bytes-suite.js';
import { compactionSuite } from './suites/compaction-suite.js';
import { compileSuite } from './suites/compile-suite.js';
import { enginesCacheDir } from '../src/engines/install/engine-installer.js';
import { freshnessSuite } from './suites/freshness-suite.js';
import { ingestSuite } from './suites/ingest-suite.js';
import { peersSuite } from './suites/peers-suite.js';
import { querySuite } from './suites/query-suite.js';
import { queryPruningSuite } from './suites/query-pruning-suite.js';

const SUITES: readonly Suite[] = [
  querySuite,
  queryPruningSuite,
  bytesSuite,
  backfillSuite,
  freshnessSuite,
  ingestSuite,
  compileSuite,
  compactionSuite,
  peersSuite,
];

// The suites' names are one column, as wide as the longest.
const NAME_WIDTH = Math.max(...SUITES.map((s) => s.name.length));

const HELP = `Usage: npm run bench -- [--quick] [--install] [suite…]

Suites (all when none is named):
${SUITES.map((s) => `  ${s.name.padEnd(NAME_WIDTH)} ${s.summary}`).join('\n')}

  --quick   small sizes (20,000-transaction queries, 100,000-transaction backfill, 10 s freshness runs,
            no single-file run at 5,000 tx/s, 10,000-transaction peer builds)
  --keep    keep the generated data (its folder is printed)
  --install first install what the chosen suites need beyond npm test's engines (peers: dbt-core
            1.11.16 + dbt-duckdb 1.11.1 and SQLMesh 0.236.4 from PyPI, ≈ 600 MB, into
            ~/.cache/lakehouse-engines or LAKEHOUSE_ENGINES_DIR); later runs are offline

Environment: TMPDIR chooses where data is generated; BENCH_FRESHNESS_SECONDS overrides the full run's 60 s per freshness run;
BENCH_FRESHNESS_CASES=1000:single,5000:batch runs only those freshness cases (rate:mode; rates 100, 1000, 5000).`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    strict: true,
    options: { quick: { type: 'boolean' }, keep: { type: 'boolean' }, install: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const unknown = positionals.filter((p) => !SUITES.some((s) => s.name === p));
  if (unknown.length > 0) {
    process.stderr.write(`unknown suite(s): ${unknown.join(', ')}\n\n${HELP}\n`);
    return 2;
  }
  const chosen = positionals.length === 0 ? SUITES : SUITES.filter((s) => positionals.includes(s.name));
  const quick = values.quick ?? false;
  const started = performance.now();
  if (values.install) {
    const cacheDir = enginesCacheDir();
    for (const installer of chosen.flatMap((s) => s.installers ?? [])) {
      if (await installer.isInstalled(cacheDir)) continue;
      process.stderr.write(`installing ${installer.name} ${installer.pinned} into ${cacheDir}\n`);
      await installer.install(cacheDir, (m) => process.stderr.write(`  ${m}\n`));
    }
  }

  const out = (text: string): void => void process.stdout.write(`${text}\n`);
  out(`# Benchmarks${quick ? ' (quick)' : ''}\n`);
  out(formatMachine(await machineInfo()));
  out(`- command: npm run bench --${quick ? ' --quick' : ''}${values.install ? ' --install' : ''}${positionals.length > 0 ? ` ${positionals.join(' ')}` : ''}`);

  const { config, manifest } = await loadProject();
  const ctx = await createBenchContext({ quick, config, manifest });
  const misses: string[] = [];
  const met: string[] = [];
  const failures: string[] = [];
  try {
    for (const suite of chosen) {
      const t = performance.now();
      process.stderr.write(`\n[${suite.name}] ${suite.summary}\n`);
      try {
        const result = await suite.run(ctx);
        out(`\n## ${result.title} (\`${suite.name}\`, ${((performance.now() - t) / 1000).toFixed(1)} s)\n`);
        out(result.markdown);
        misses.push(...result.misses);
        met.push(...(result.met ?? []));
      } catch (e) {
        // One broken suite must not hide the others' figures; it still fails the run.
        failures.push(`${suite.name}: ${(e as Error).message}`);
        out(`\n## \`${suite.name}\` FAILED\n\n${(e as Error).stack ?? String(e)}`);
      }
    }
  } finally {
    if (values.keep) process.stderr.write(`kept ${ctx.root}\n`);
    else await ctx.dispose();
  }
  out(`\n## Summary\n`);
  out(`Total time: ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  if (met.length > 0) out(`Targets met:\n${met.map((m) => `- ${m}`).join('\n')}`);
  out(misses.length === 0 ? 'Every target met.' : `Targets missed:\n${misses.map((m) => `- ${m}`).join('\n')}`);
  if (failures.length > 0) out(`Suites failed:\n${failures.map((f) => `- ${f}`).join('\n')}`);
  return failures.length > 0 ? 1 : 0;
}

process.exitCode = await main();
