import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { readModelFiles } from '../src/compiler/build-project.js';
import { compileProject } from '../src/compiler/compile-project.js';
import { formatModelError } from '../src/compiler/model-error.js';
import { loadConfig } from '../src/config/load-config.js';
import { inferViewColumns } from '../src/engines/local/infer-view-columns.js';
import { ensurePythonTool } from './support/python-tools.js';
import { enginesCacheDir } from '../src/engines/install/engine-installer.js';
import { ENGINE_INSTALLERS } from '../src/engines/install/engine-installers.js';
import { stopTrinoServer } from '../src/engines/trino/trino-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /**
     * The lake of the test run's one Trino server. The first test that needs Trino starts it with
     * `ensureTrinoServer(inject('trinoLakeDir'))`; later ones reuse it; the teardown stops it.
     */
    trinoLakeDir: string;
  }
}

/**
 * Before the tests: the manifest the Lambda entries bundle (`target/manifest.json`, build output,
 * not committed — the golden tests still see the committed sql/ as it is), and the real engines the
 * conformance tests run on, installed when missing (never a skipped test for want of an engine).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
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

  const cacheDir = enginesCacheDir();
  for (const engine of ENGINE_INSTALLERS) {
    if (await engine.isInstalled(cacheDir)) continue;
    process.stderr.write(`test setup: installing ${engine.name} ${engine.pinned} into ${cacheDir} (once)\n`);
    await engine.install(cacheDir, (m) => process.stderr.write(`  ${m}\n`));
  }

  const trinoLakeDir = await mkdtemp(path.join(tmpdir(), 'lakehouse-trino-tests-'));
  project.provide('trinoLakeDir', trinoLakeDir);
  return async () => {
    await stopTrinoServer(trinoLakeDir);
    await rm(trinoLakeDir, { recursive: true, force: true });
  };
}
