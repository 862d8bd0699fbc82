import { readModelFiles } from '../../src/compiler/build-project.js';
import { compileProject } from '../../src/compiler/compile-project.js';
import type { ModelFile } from '../../src/compiler/parse-model.js';
import { renderArtifacts } from '../../src/compiler/render-artifacts.js';
import type { BenchContext } from '../lib/bench-context.js';
import { int, markdownTable, ms } from '../lib/markdown-table.js';
import type { Cell } from '../lib/markdown-table.js';
import { median } from '../lib/percentile.js';
import type { Suite, SuiteResult } from '../lib/suite.js';
import { syntheticModels } from '../lib/synthetic-models.js';

/** Issue 8's target for 500 models (issue 18: compile proper, without the formatting of `sql/`). */
const TARGET_MS = 1_000;
const MODELS = 500;

interface CompileRun {
  readonly compile: number;
  readonly render: number;
  readonly format: number;
  readonly models: number;
  readonly artifacts: number;
}

/**
 * Compile time: `compileProject` (parse, dependency graph, manifest) and `renderArtifacts` (Athena,
 * DuckDB and Spark SQL) for the project's models plus 500 generated ones, in memory — what
 * `npm run build:models` does minus reading and writing files. Rendering is timed twice: unformatted
 * (the statements as built, what the target applies to) and formatted by sql-formatter, as the
 * committed `sql/` is; the difference is the formatting.
 */
export const compileSuite: Suite = {
  name: 'compile',
  summary: 'compileProject + renderArtifacts for 500 generated models (views over refs, some tables), unformatted and formatted',
  async run(ctx: BenchContext): Promise<SuiteResult> {
    const own = await readModelFiles(process.cwd(), ctx.config.modelsDir);
    const runs = ctx.quick ? 2 : 5;
    let variant = 0;
    const once = (files: readonly ModelFile[]): CompileRun => {
      const t0 = performance.now();
      const { manifest, errors } = compileProject(files, ctx.config);
      const t1 = performance.now();
      if (!manifest)
        throw new Error(
          `compile: the generated models do not compile: ${errors
            .slice(0, 3)
            .map((e) => `${e.path}:${e.line}: ${e.message}`)
            .join('; ')}`,
        );
      renderArtifacts(manifest, ctx.config, { format: false });
      const t2 = performance.now();
      const rendered = renderArtifacts(manifest, ctx.config);
      return { compile: t1 - t0, render: t2 - t1, format: performance.now() - t2, models: manifest.models.length, artifacts: rendered.size };
    };
    // The first run also pays for module loading and JIT warm-up; it is reported apart.
    const cold = once([...own, ...syntheticModels(MODELS, ++variant)]);
    // New models each run (a fresh variant): what a build costs when the models changed.
    const fresh = Array.from({ length: runs }, () => once([...own, ...syntheticModels(MODELS, ++variant)]));
    // The last variant again: what a rebuild of unchanged models costs in the same process.
    const same = syntheticModels(MODELS, variant);
    const unchanged = Array.from({ length: runs }, () => once([...own, ...same]));
    const med = (rs: readonly CompileRun[], f: (r: CompileRun) => number): number => median(rs.map(f));
    const row = (label: string, rs: readonly CompileRun[]): Cell[] => [
      label,
      int(cold.models),
      int(cold.artifacts),
      ms(med(rs, (r) => r.compile)),
      ms(med(rs, (r) => r.render)),
      `**${ms(med(rs, (r) => r.compile + r.render))}**`,
      ms(med(rs, (r) => r.format)),
      ms(med(rs, (r) => r.compile + r.format)),
    ];
    const total = med(fresh, (r) => r.compile + r.render);
    ctx.log(
      `  ${cold.models} models: new ${ms(total)} ms (formatted ${ms(med(fresh, (r) => r.compile + r.format))} ms), unchanged ${ms(med(unchanged, (r) => r.compile + r.render))} ms`,
    );
    const misses = total > TARGET_MS ? [`compile: ${ms(total)} ms for ${int(cold.models)} new models (target < ${int(TARGET_MS)} ms)`] : [];
    const markdown = [
      markdownTable(
        [' run', 'models', 'artifacts', 'compileProject ms', 'render ms', 'compile total ms', 'render + format ms', 'build:models total ms'],
        [
          row('first run in the process (cold JIT, new models)', [cold]),
          row(`new models (median of ${runs})`, fresh),
          row(`unchanged models, same process (median of ${runs})`, unchanged),
        ],
      ),
      '',
      `${int(MODELS)} generated models (every tenth a partitioned table from the raw source, the rest views joining two earlier models) plus the project's own. In memory: no file reads or writes. ` +
        '"compile total" is compileProject plus every statement of the three dialects rendered unformatted (the target applies to it, for new models); "build:models total" renders them formatted by sql-formatter, as the committed `sql/` is. ' +
        '"new models" changes a literal in every generated model between runs, so the formatting memo (src/dialects/format-sql.ts) cannot answer from earlier runs; "unchanged" measures those memo hits.',
    ].join('\n');
    return { title: 'Compile 500 models', markdown, misses };
  },
};
