import { describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/compile-project.js';
import { parseManifest } from '../../src/manifest/manifest.js';
import { readModelFiles } from '../../src/compiler/build-project.js';
import { loadConfig } from '../../src/config/load-config.js';

async function projectManifest() {
  const config = loadConfig();
  const { manifest } = compileProject(await readModelFiles(process.cwd(), config.modelsDir), config);
  return JSON.parse(JSON.stringify(manifest));
}

describe('parseManifest', () => {
  it('accepts the manifest the compiler writes, unchanged', async () => {
    const json = await projectManifest();
    expect(parseManifest(json, 'target/manifest.json')).toEqual(json);
  });

  it('names the file and the key path of what is wrong, and how to rebuild', async () => {
    const json = await projectManifest();
    json.manifestVersion = 2;
    const table = json.models.findIndex((m: { kind: string }) => m.kind === 'table');
    json.models[table].compression = 'lz4';
    const error = (() => {
      try {
        parseManifest(json, 'target/manifest.json');
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(error).toMatch(/^target\/manifest\.json is invalid:/);
    expect(error).toContain('manifestVersion 2 must be 1: rebuild it with `npm run build:models`');
    expect(error).toContain(`models.${table}.compression "lz4"`);
    expect(error).toMatch(/npm run build:models/);
  });
});
