import { runLocalBackfill } from '../../../src/batch/local-backfill.js';
import { readModelFiles } from '../../../src/compiler/build-project.js';
import { compileProject } from '../../../src/compiler/compile-project.js';
import type { ModelFile } from '../../../src/compiler/parse-model.js';
import { renderArtifacts } from '../../../src/compiler/render-artifacts.js';
import { planStatements } from '../../../src/compiler/statement.js';
import type { ProjectConfig } from '../../../src/config/define-config.js';
import { duckdbRenderer } from '../../../src/dialects/duckdb/duckdb-renderer.js';
import { inferViewColumns } from '../../../src/engines/local/infer-view-columns.js';
import { LocalEngine } from '../../../src/engines/local/local-engine.js';
import type { Manifest } from '../../../src/manifest/manifest.js';
import { applyMigration } from '../../../src/migrate/apply-migration.js';
import { desiredObjects } from '../../../src/migrate/desired-objects.js';
import { describeChange, planMigration } from '../../../src/migrate/migration-plan.js';
import { localTarget } from '../../../src/targets/local-target.js';

/**
 * Our side of the peer comparison, each step what the commands do on the local target, in process:
 * parse (`compileProject` + every statement rendered), a build (`build:models` + `migrate` +
 * `backfill`), a rebuild after a model change (`build:models` + `migrate`) and `test:data`.
 */

/** Reads the models folder under `root`, compiles and renders them (unformatted: nothing is written). */
export async function ourParse(root: string, config: ProjectConfig): Promise<Manifest> {
  const files = await readModelFiles(root, config.modelsDir);
  const { manifest, errors } = compileProject(files, config);
  if (!manifest)
    throw new Error(
      `our models do not compile: ${errors
        .slice(0, 3)
        .map((e) => `${e.path}:${e.line}: ${e.message}`)
        .join('; ')}`,
    );
  renderArtifacts(manifest, config, { format: false });
  return manifest;
}

/** Compiles and infers the views' columns, as `npm run build:models` does before writing. */
export async function ourBuildManifest(files: readonly ModelFile[], config: ProjectConfig): Promise<Manifest> {
  const { manifest, errors } = compileProject(files, config);
  if (!manifest)
    throw new Error(
      `our models do not compile: ${errors
        .slice(0, 3)
        .map((e) => `${e.path}:${e.line}: ${e.message}`)
        .join('; ')}`,
    );
  return inferViewColumns(manifest, config);
}

/** Plans and applies the migration; returns the changes it made, described. */
export async function ourMigrate(lakeDir: string, manifest: Manifest, config: ProjectConfig, buildId: string): Promise<string[]> {
  const engine = await LocalEngine.open({ lakeDir, create: true });
  try {
    const plan = planMigration(desiredObjects(manifest, config), await engine.readCatalog());
    await applyMigration(plan, localTarget, engine, config, { allowDestructive: false, buildId });
    return plan.changes.map(describeChange);
  } finally {
    await engine.close();
  }
}

/** The batch job: every table from `raw/`, then the marts. */
export async function ourBackfill(lakeDir: string, manifest: Manifest, config: ProjectConfig): Promise<void> {
  const engine = await LocalEngine.open({ lakeDir });
  try {
    await runLocalBackfill(engine, manifest, config, { runId: 'peers' });
  } finally {
    await engine.close();
  }
}

/** Every data test; returns the names of those that fail. */
export async function ourDataTests(lakeDir: string, manifest: Manifest, config: ProjectConfig): Promise<{ run: number; failed: string[] }> {
  const renderer = duckdbRenderer(config, { format: false });
  const engine = await LocalEngine.open({ lakeDir, readOnly: true });
  const failed: string[] = [];
  let run = 0;
  try {
    for (const s of planStatements(manifest)) {
      if (s.kind !== 'data_test') continue;
      run++;
      const result = await engine.query(renderer.render(s)!);
      if (Number(result.rows[0]?.failures ?? 0) > 0) failed.push(s.name);
    }
  } finally {
    await engine.close();
  }
  return { run, failed };
}

/** Row counts of the named relations on our engine. */
export async function ourRowCounts(lakeDir: string, names: readonly string[]): Promise<Map<string, number>> {
  const engine = await LocalEngine.open({ lakeDir, readOnly: true });
  try {
    const out = new Map<string, number>();
    for (const n of names) out.set(n, Number((await engine.query(`SELECT count(*) AS n FROM ${n}`)).rows[0]?.n));
    return out;
  } finally {
    await engine.close();
  }
}
