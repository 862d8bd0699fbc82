import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderGlueJob } from '../../src/batch/render-glue-job.js';
import { compileProject } from '../../src/compiler/compile-project.js';
import { renderArtifacts } from '../../src/compiler/render-artifacts.js';
import { ROOT, projectConfig, projectModels } from '../support/project-files.js';

const REFRESH = 'Run `npm run build:models` and commit sql/ and glue-jobs/ if the change is intended.';

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string) => {
    for (const e of await readdir(path.join(ROOT, rel), { withFileTypes: true })) {
      if (e.isDirectory()) await walk(`${rel}/${e.name}`);
      else out.push(`${rel}/${e.name}`);
    }
  };
  await walk(dir);
  return out.sort();
}

describe('golden rendered SQL', async () => {
  const config = projectConfig();
  const { manifest, errors } = compileProject(await projectModels(), config);
  const artifacts = renderArtifacts(manifest!, config);
  for (const [k, v] of renderGlueJob(manifest!, config)) artifacts.set(k, v);
  const golden = [...artifacts.keys()].filter((k) => k.startsWith('sql/') || k.startsWith('glue-jobs/')).sort();

  it('compiles the project without errors', () => {
    expect(errors).toEqual([]);
  });

  it('renders exactly the committed set of files', async () => {
    expect(await listFiles('sql'), REFRESH).toEqual(golden.filter((k) => k.startsWith('sql/')));
  });

  it.each(golden)('%s matches the committed file', async (file) => {
    const committed = await readFile(path.join(ROOT, file), 'utf8').catch(() => '(missing)');
    expect(committed, `${file} is stale. ${REFRESH}`).toBe(artifacts.get(file));
  });

  it('is deterministic: compiling twice, in any file order, gives the same bytes', async () => {
    const files = await projectModels();
    const again = compileProject([...files].reverse(), config);
    expect(renderArtifacts(again.manifest!, config)).toEqual(renderArtifacts(manifest!, config));
  });
});
