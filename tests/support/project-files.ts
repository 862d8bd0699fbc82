import { readModelFiles } from '../../src/compiler/build-project.js';
import type { ModelFile } from '../../src/compiler/parse-model.js';
import { defineConfig, type ProjectConfig } from '../../src/config/define-config.js';
import { loadConfig } from '../../src/config/load-config.js';

export const ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');

/** The project's real models, read from disk. */
export async function projectModels(): Promise<ModelFile[]> {
  return readModelFiles(ROOT, 'models');
}

export function projectConfig(): ProjectConfig {
  return loadConfig();
}

/** A config with defaults, for tests that must not depend on the project's settings. */
export function testConfig(): ProjectConfig {
  return defineConfig({ project: 'shop', athena: { database: 'shop' }, lake: { bucket: 'shop-lake' } });
}

/** Replaces (or adds) a model file in a set. */
export function withModel(files: readonly ModelFile[], path: string, text: string): ModelFile[] {
  return [...files.filter((f) => f.path !== path), { path, text }];
}

export function withoutModel(files: readonly ModelFile[], path: string): ModelFile[] {
  return files.filter((f) => f.path !== path);
}
