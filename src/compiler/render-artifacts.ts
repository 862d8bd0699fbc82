import type { ProjectConfig } from '../config/define-config.js';
import { athenaRenderer } from '../dialects/athena/athena-renderer.js';
import { duckdbRenderer } from '../dialects/duckdb/duckdb-renderer.js';
import type { SqlRenderer } from '../dialects/sql-renderer.js';
import { SparkRenderer } from '../dialects/spark/spark-renderer.js';
import type { Manifest } from '../manifest/manifest.js';
import { planStatements, statementFile } from './statement.js';

/** How statements are rendered: `format: false` leaves queries as built (see LakeRenderer). */
export interface RenderOptions {
  readonly format?: boolean;
}

/** The renderers of `sql/`; the docs site shows each model's SQL from these same renderers. */
export function renderersFor(config: ProjectConfig, options: RenderOptions = {}): SqlRenderer[] {
  return [athenaRenderer(config, options), duckdbRenderer(config, options), new SparkRenderer(options)];
}

/**
 * Every SQL artifact of the project and the manifest, as file contents keyed by path. Pure: the
 * same manifest gives the same bytes, which is what makes `sql/` a golden file. `format: false`
 * (not for `sql/`) gives the same statements unformatted, at a fifth of the cost.
 */
export function renderArtifacts(manifest: Manifest, config: ProjectConfig, options: RenderOptions = {}): Map<string, string> {
  const files = new Map<string, string>();
  const statements = planStatements(manifest);
  const header = headers(manifest);
  for (const renderer of renderersFor(config, options)) {
    for (const s of statements) {
      const sql = renderer.render(s);
      if (sql === undefined) continue;
      files.set(`${config.sqlDir}/${renderer.dialect}/${statementFile(s)}`, `${header(s.object)}${sql.trimEnd()};\n`);
    }
  }
  files.set(`${config.targetDir}/manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`);
  return files;
}

/**
 * The header line of each object's file: the first model (in manifest order) named like the object
 * or like its prefix before a `__` (`transaction_items__files`). A map, not a search per statement:
 * with hundreds of models the search was quadratic.
 */
function headers(manifest: Manifest): (object: string) => string {
  const order = new Map(manifest.models.map((m, i) => [m.name, i] as const));
  return (object) => {
    let best = order.get(object);
    for (let at = object.indexOf('__'); at > 0; at = object.indexOf('__', at + 1)) {
      const i = order.get(object.slice(0, at));
      if (i !== undefined && (best === undefined || i < best)) best = i;
    }
    const model = best === undefined ? undefined : manifest.models[best];
    return `-- Generated from ${model?.path ?? 'the manifest'} by \`npm run build:models\`. Do not edit.\n`;
  };
}
