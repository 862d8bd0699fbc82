import type { ProjectConfig } from '../config/define-config.js';
import { AthenaRenderer } from '../dialects/athena/athena-renderer.js';
import { DuckdbRenderer } from '../dialects/duckdb/duckdb-renderer.js';
import type { SqlRenderer } from '../dialects/sql-renderer.js';
import { SparkRenderer } from '../dialects/spark/spark-renderer.js';
import type { Manifest } from '../manifest/manifest.js';
import { planStatements, statementFile } from './statement.js';

function renderersFor(config: ProjectConfig): SqlRenderer[] {
  return [new AthenaRenderer(config), new DuckdbRenderer(config), new SparkRenderer()];
}

/**
 * Every SQL artifact of the project and the manifest, as file contents keyed by path. Pure: the
 * same manifest gives the same bytes, which is what makes `sql/` a golden file.
 */
export function renderArtifacts(manifest: Manifest, config: ProjectConfig): Map<string, string> {
  const files = new Map<string, string>();
  const statements = planStatements(manifest);
  for (const renderer of renderersFor(config)) {
    for (const s of statements) {
      const sql = renderer.render(s);
      if (sql === undefined) continue;
      files.set(`${config.sqlDir}/${renderer.dialect}/${statementFile(s)}`, `${header(s.object, manifest)}${sql.trimEnd()};\n`);
    }
  }
  files.set(`${config.targetDir}/manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`);
  return files;
}

function header(object: string, manifest: Manifest): string {
  const model = manifest.models.find((m) => m.name === object || object.startsWith(`${m.name}__`));
  return `-- Generated from ${model?.path ?? 'the manifest'} by \`npm run build:models\`. Do not edit.\n`;
}
