import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readModelFiles } from '../src/compiler/build-project.js';
import { compileProject } from '../src/compiler/compile-project.js';
import { formatModelError } from '../src/compiler/model-error.js';
import { loadConfig } from '../src/config/load-config.js';
import { inferViewColumns } from '../src/engines/local/infer-view-columns.js';
import { ensurePythonTool } from './support/python-tools.js';
import { enginesCacheDir, pysparkInstaller } from '../src/engines/spark/pyspark-installer.js';

/**
 * The Lambda entries bundle `target/manifest.json`, which is build output (not committed). Write it
 * before the tests, as `npm run build:models` would — but only the manifest: the golden tests must
 * still see the committed sql/ as it is.
 */
export default async function setup(): Promise<void> {
  const root = path.resolve(import.meta.dirname, '..');
  const config = loadConfig();
  const { manifest, errors } = compileProject(await readModelFiles(root, config.modelsDir), config);
  if (!manifest) throw new Error(`the models do not compile:\n${errors.map(formatModelError).join('\n')}`);
  const file = path.join(root, config.targetDir, 'manifest.json');
  await mkdir(path.dirname(file), { recursive: true });
  // With the views' columns, as the build step writes it (QuickSight datasets need them).
  await writeFile(file, `${JSON.stringify(await inferViewColumns(manifest, config), null, 2)}\n`);

  // ── AWS tooling (cfn-lint, moto server): pinned PyPI packages in cached virtualenvs outside the
  // repository; installed here when missing so no test is ever skipped for want of them.
  for (const tool of ['cfn-lint', 'moto'] as const) console.log(`[setup] ${await ensurePythonTool(tool)}`);

  // --- PySpark (the Glue job's engine) -------------------------------------------------------
  // The Spark tests run the rendered Glue job on the pinned PySpark: install it when missing
  // (once, into the engines cache outside the repository), never skip them. A machine without
  // Java 17 or Python 3.11 fails here with what to install.
  const enginesDir = enginesCacheDir();
  if (!(await pysparkInstaller.isInstalled(enginesDir))) {
    process.stdout.write(`Installing ${pysparkInstaller.name} ${pysparkInstaller.pinned} into ${enginesDir} (once)…\n`);
    await pysparkInstaller.install(enginesDir, (m) => process.stdout.write(`  ${m}\n`));
  }
}
