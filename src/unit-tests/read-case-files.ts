import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ModelFile } from '../compiler/parse-model.js';
import { CASE_FILE_SUFFIX } from './unit-case-file.js';

/** Every `*.unit.json` under the models folder, project-relative with forward slashes, sorted. */
export async function readCaseFiles(root: string, modelsDir: string): Promise<ModelFile[]> {
  const out: ModelFile[] = [];
  const walk = async (dir: string) => {
    const entries = await readdir(path.join(root, dir), { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return [];
      throw e;
    });
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) await walk(rel);
      else if (e.name.endsWith(CASE_FILE_SUFFIX)) out.push({ path: rel, text: await readFile(path.join(root, rel), 'utf8') });
    }
  };
  await walk(modelsDir);
  return out;
}
