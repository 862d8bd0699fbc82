import { DuckDBInstance } from '@duckdb/node-api';
import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readModelFiles } from '../../src/compiler/build-project.js';
import { enginesCacheDir } from '../../src/engines/install/engine-installer.js';
import type { Manifest } from '../../src/manifest/manifest.js';
import type { BenchContext } from '../lib/bench-context.js';
import { int, markdownTable, ms } from '../lib/markdown-table.js';
import { median } from '../lib/percentile.js';
import { dbtProjectFiles } from '../lib/peers/dbt-project.js';
import { ourBackfill, ourBuildManifest, ourDataTests, ourMigrate, ourParse, ourRowCounts } from '../lib/peers/our-pipeline.js';
import { peerModels } from '../lib/peers/peer-models.js';
import { PEER_INSTALLERS, PEER_TOOLS, peerBin, runPeer, type PeerTool } from '../lib/peers/peer-tools.js';
import { SQLMESH_SCHEMA, sqlmeshProjectFiles } from '../lib/peers/sqlmesh-project.js';
import type { Suite, SuiteResult } from '../lib/suite.js';
import { syntheticModels } from '../lib/synthetic-models.js';

const MODELS = 500;
/** The generated view whose filter the incremental step changes. */
const CHANGED = 'gen_view_0251';
/** Each peer's warehouse; not named after the tool (SQLMesh keeps its state in a schema `sqlmesh`). */
const WAREHOUSE = 'warehouse.duckdb';

type Step = 'parse' | 'startup' | 'inProcess' | 'build' | 'incremental' | 'tests';
type Times = Record<Step, number | undefined>;

/**
 * Issue 18: our pipeline against dbt-core + dbt-duckdb and SQLMesh on DuckDB, in one run, on the
 * same models (the project's plus 500 generated), the same raw history and the same DuckDB version.
 * Each peer runs the same DuckDB SQL per model (bench/lib/peers/peer-models.ts); row counts must agree.
 */
export const peersSuite: Suite = {
  name: 'peers',
  summary: 'ours vs dbt-core + dbt-duckdb and SQLMesh (DuckDB): parse, full build, rebuild after a change, data tests (needs --install once)',
  installers: PEER_INSTALLERS,
  async run(ctx: BenchContext): Promise<SuiteResult> {
    const cacheDir = enginesCacheDir();
    for (const i of PEER_INSTALLERS) {
      if (!(await i.isInstalled(cacheDir)))
        throw new Error(
          `${i.name} ${i.pinned} is not installed in ${cacheDir}: run \`npm run bench -- --install peers\` once (≈ 600 MB from PyPI; offline afterwards)`,
        );
    }
    const transactions = ctx.quick ? 10_000 : 100_000;
    const runs = ctx.quick ? 1 : 3;
    const history = await ctx.history(transactions);
    const root = await ctx.scratch('peers');
    const raw = ctx.config.lake.prefixes.raw;
    const lakeDir = path.join(root, 'lake');
    await cp(path.join(history.lakeDir, raw), path.join(lakeDir, raw), { recursive: true });

    const own = await readModelFiles(process.cwd(), ctx.config.modelsDir);
    const files = [...own, ...syntheticModels(MODELS, 1, { viewsRead: 'tables' })];
    const changedFiles = files.map((f) => (f.path.endsWith(`/${CHANGED}.sql`) ? { ...f, text: changeFilter(f.text) } : f));
    const ourRoot = path.join(root, 'ours');
    await writeFiles(ourRoot, new Map(files.map((f) => [f.path, f.text])));

    // ---- ours
    const ours: Times = { parse: undefined, startup: undefined, inProcess: undefined, build: undefined, incremental: undefined, tests: undefined };
    // As a fresh process, like the peers' CLIs; then in this (warm) process, as `npm run bench -- compile` measures it.
    const parseMain = path.join(import.meta.dirname, '..', 'lib', 'peers', 'parse-models-main.ts');
    ours.parse = median(await repeat(runs, async () => (await runPeer(process.execPath, ['--import', 'tsx', parseMain, ourRoot], process.cwd())).ms));
    await ourParse(ourRoot, ctx.config);
    ours.inProcess = median(await repeat(runs, async () => timed(() => ourParse(ourRoot, ctx.config))));
    let manifest!: Manifest;
    const split: number[] = [];
    ours.build = await timed(async () => {
      split.push(await timed(async () => (manifest = await ourBuildManifest(files, ctx.config))));
      split.push(await timed(() => ourMigrate(lakeDir, manifest, ctx.config, 'peers-1')));
      split.push(await timed(() => ourBackfill(lakeDir, manifest, ctx.config)));
    });
    ctx.log(`  ours: parse ${ms(ours.parse)} ms (in process ${ms(ours.inProcess)} ms), build ${ms(ours.build)} ms (${buildSplit(split)})`);
    const peerModelList = peerModels(files, manifest, ctx.config, lakeDir);
    let changes: string[] = [];
    ours.incremental = await timed(async () => {
      changes = await ourMigrate(lakeDir, await ourBuildManifest(changedFiles, ctx.config), ctx.config, 'peers-2');
    });
    if (changes.length !== 1)
      throw new Error(`peers: our migrate after changing ${CHANGED} made ${changes.length} changes, expected 1: ${changes.slice(0, 5).join('; ')}`);
    let ourTests = { run: 0, failed: [] as string[] };
    ours.tests = await timed(async () => void (ourTests = await ourDataTests(lakeDir, manifest, ctx.config)));
    if (ourTests.failed.length > 0) throw new Error(`peers: our data tests fail: ${ourTests.failed.join(', ')}`);

    // ---- the peers, on the same files
    const counted = countedModels(manifest);
    const expected = await ourRowCounts(lakeDir, counted);
    const theirs = new Map<PeerTool['name'], Times>();
    for (const tool of PEER_TOOLS) {
      const dir = path.join(root, tool.name);
      const database = path.join(dir, WAREHOUSE);
      const project = tool.name === 'dbt' ? dbtProjectFiles(peerModelList, database) : sqlmeshProjectFiles(peerModelList, database);
      await writeFiles(dir, project);
      const bin = peerBin(cacheDir, tool, tool.command);
      const run = (args: readonly string[]) => runPeer(bin, args, dir);
      const cli = tool.name === 'dbt' ? dbtSteps(run, dir) : sqlmeshSteps(run, dir);
      const t: Times = { parse: undefined, startup: undefined, inProcess: undefined, build: undefined, incremental: undefined, tests: undefined };
      t.startup = median(await repeat(runs, async () => (await runPeer(peerBin(cacheDir, tool, 'python'), ['-c', `import ${tool.module}`], dir)).ms));
      t.parse = median(await repeat(runs, cli.parse));
      t.build = await cli.build();
      ctx.log(`  ${tool.name}: parse ${ms(t.parse)} ms, build ${ms(t.build)} ms`);
      await cli.beforeChange();
      const modelFile = `models/${CHANGED}.sql`;
      const before = project.get(modelFile);
      if (before === undefined) throw new Error(`peers: the ${tool.name} project has no ${modelFile}`);
      await writeFile(path.join(dir, modelFile), changeFilter(before));
      t.incremental = await cli.incremental();
      t.tests = await cli.tests();
      theirs.set(tool.name, t);
      const got = await peerRowCounts(database, tool.name === 'dbt' ? 'main' : SQLMESH_SCHEMA, counted);
      const differ = counted.filter((n) => got.get(n) !== expected.get(n));
      if (differ.length > 0) {
        throw new Error(
          `peers: ${tool.name} row counts differ from ours for ${differ.length} model(s): ${differ
            .slice(0, 5)
            .map((n) => `${n} ours ${expected.get(n)} vs ${got.get(n)}`)
            .join('; ')}`,
        );
      }
    }
    return {
      title: 'Peers: dbt-core and SQLMesh on DuckDB',
      markdown: report(ours, theirs, {
        transactions,
        models: manifest.models.length,
        counted: counted.length,
        tests: ourTests.run,
        runs,
        split: buildSplit(split),
      }),
      misses: [],
    };
  },
};

interface ToolSteps {
  parse(): Promise<number>;
  build(): Promise<number>;
  beforeChange(): Promise<void>;
  incremental(): Promise<number>;
  tests(): Promise<number>;
}

type Run = (args: readonly string[]) => Promise<{ ms: number }>;

/** dbt: a full parse (no partial parsing), `run`, then `run --select state:modified+` against the first run's manifest, and `test`. */
function dbtSteps(run: Run, dir: string): ToolSteps {
  const common = ['--profiles-dir', '.', '--project-dir', '.'];
  return {
    parse: async () => (await run(['parse', ...common, '--no-partial-parse'])).ms,
    build: async () => (await run(['run', ...common, '--no-partial-parse'])).ms,
    // The state a CI job would keep: the manifest of the deployed run.
    beforeChange: () => cp(path.join(dir, 'target', 'manifest.json'), path.join(dir, 'state', 'manifest.json')),
    incremental: async () => (await run(['run', ...common, '--select', 'state:modified+', '--state', 'state'])).ms,
    tests: async () => (await run(['test', ...common])).ms,
  };
}

/** SQLMesh: load the project from a cold cache (`info`), the first `plan` (builds everything, with its audits), the `plan` after the change, `audit`. */
function sqlmeshSteps(run: Run, dir: string): ToolSteps {
  const cold = () => rm(path.join(dir, '.cache'), { recursive: true, force: true });
  const plan = ['plan', '--auto-apply', '--no-prompts'];
  return {
    parse: async () => {
      await cold();
      return (await run(['info'])).ms;
    },
    build: async () => {
      await cold();
      return (await run(plan)).ms;
    },
    beforeChange: async () => {},
    incremental: async () => (await run(plan)).ms,
    tests: async () => (await run(['audit'])).ms,
  };
}

function buildSplit([compile, migrate, backfill]: readonly number[]): string {
  return `build:models ${ms(compile!)} ms + migrate ${ms(migrate!)} ms + backfill ${ms(backfill!)} ms`;
}

/** Changes the generated view's filter literal: a new definition, the same rows. */
function changeFilter(text: string): string {
  const changed = text.replace(/'STORE(\d+)-1'/, "'STORE$1-changed'");
  if (changed === text) throw new Error(`peers: cannot find the filter literal to change in ${CHANGED}`);
  return changed;
}

/** What is counted on every side: all models but the generated views, of which every 50th (they all run the same join). */
function countedModels(manifest: Manifest): string[] {
  return manifest.models.filter((m) => !m.name.startsWith('gen_view_') || Number(m.name.slice(-4)) % 50 === 1).map((m) => m.name);
}

async function peerRowCounts(database: string, schema: string, names: readonly string[]): Promise<Map<string, number>> {
  const instance = await DuckDBInstance.create(database, { access_mode: 'READ_ONLY' });
  const c = await instance.connect();
  try {
    const out = new Map<string, number>();
    for (const n of names) out.set(n, Number((await c.runAndReadAll(`SELECT count(*) AS n FROM ${schema}.${n}`)).getRowObjects()[0]!.n));
    return out;
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

function report(
  ours: Times,
  theirs: ReadonlyMap<string, Times>,
  facts: { transactions: number; models: number; counted: number; tests: number; runs: number; split: string },
): string {
  const dbt = theirs.get('dbt')!;
  const sqlmesh = theirs.get('sqlmesh')!;
  const cell = (v: number | undefined) => (v === undefined ? '—' : ms(v));
  const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? '—' : `**${(a / b).toFixed(1)}×**`);
  const steps: [Step, string][] = [
    [
      'parse',
      `parse/compile ${int(facts.models)} models, a fresh process (ours: node + tsx, compile + render; dbt \`parse --no-partial-parse\`; SQLMesh \`info\`, cold cache)`,
    ],
    ['startup', '… of which the interpreter starting and importing the tool'],
    ['inProcess', "… ours in a warm process (the `compile` suite's figure)"],
    ['build', `full build on ${int(facts.transactions)} transactions (ours: build:models + migrate + backfill; dbt \`run\`; SQLMesh first \`plan\`)`],
    ['incremental', `rebuild after one view changes (ours: build:models + migrate; dbt \`run -s state:modified+\`; SQLMesh \`plan\`)`],
    ['tests', `data tests (${int(facts.tests)}; ours test:data; dbt \`test\`; SQLMesh \`audit\`)`],
  ];
  return [
    markdownTable(
      ['step', 'ours ms', 'dbt ms', 'SQLMesh ms', 'dbt / ours', 'SQLMesh / ours'],
      steps.map(([k, label]) => [label, cell(ours[k]), cell(dbt[k]), cell(sqlmesh[k]), ratio(dbt[k], ours[k]), ratio(sqlmesh[k], ours[k])]),
    ),
    '',
    `Same machine, same raw history (generated JSON Lines), DuckDB 1.5.6 everywhere; every peer model runs the DuckDB SQL our local engine runs for it. ` +
      `Row counts of ${int(facts.counted)} models (sources, tables, the mart, the project's views and every 50th generated view) are equal on all three, else the suite fails. ` +
      `Parse: median of ${facts.runs}; the other steps run once. Our full build: ${facts.split}.`,
  ].join('\n');
}

async function writeFiles(root: string, files: ReadonlyMap<string, string>): Promise<void> {
  for (const [rel, text] of files) {
    const p = path.join(root, rel);
    await mkdir(path.dirname(p), { recursive: true });
    await writeFile(p, text);
  }
}

async function timed(f: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await f();
  return performance.now() - t;
}

async function repeat(n: number, f: () => Promise<number>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await f());
  return out;
}
