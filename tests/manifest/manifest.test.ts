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

  it('reads a version-1 manifest, whose marts were kind "ctas", as version 2 with kind "mart"', async () => {
    const json = await projectManifest();
    expect(json.manifestVersion).toBe(2);
    expect(json.models.filter((m: { kind: string }) => m.kind === 'mart').length).toBeGreaterThan(0);
    const v1 = { ...json, manifestVersion: 1, models: json.models.map((m: { kind: string }) => (m.kind === 'mart' ? { ...m, kind: 'ctas' } : m)) };
    expect(parseManifest(v1, 'old/manifest.json')).toEqual(json);
  });

  it('refuses kind "ctas" in a version-2 manifest, naming the key', async () => {
    const json = await projectManifest();
    const mart = json.models.findIndex((m: { kind: string }) => m.kind === 'mart');
    json.models[mart].kind = 'ctas';
    expect(() => parseManifest(json, 'target/manifest.json')).toThrow(new RegExp(`models\\.${mart}\\.kind`));
  });

  it('names the file and the key path of what is wrong, and how to rebuild', async () => {
    const json = await projectManifest();
    json.manifestVersion = 3;
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
    expect(error).toContain('manifestVersion 3 must be 2: rebuild it with `npm run build:models`');
    expect(error).toContain(`models.${table}.compression "lz4"`);
    expect(error).toMatch(/npm run build:models/);
  });
});
