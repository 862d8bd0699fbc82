import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ProjectConfig } from '../config/define-config.js';
import type { Manifest } from '../manifest/manifest.js';
import { docsData } from './docs-data.js';
import { inferModelColumns } from './infer-model-columns.js';
import { loadPageAssets, renderDocsSite } from './render-docs-site.js';

/** Writes the docs site of the compiled project into `outDir`; returns the file names written. */
export async function buildDocsSite(manifest: Manifest, config: ProjectConfig, outDir: string): Promise<string[]> {
  const site = renderDocsSite(docsData(manifest, config, await inferModelColumns(manifest, config)), await loadPageAssets());
  await mkdir(outDir, { recursive: true });
  for (const [name, content] of site) await writeFile(path.join(outDir, name), content);
  return [...site.keys()];
}
