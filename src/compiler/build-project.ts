import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ProjectConfig } from '../config/define-config.js';
import type { Manifest } from '../manifest/manifest.js';
import { loadFormatCache, saveFormatCache } from '../dialects/format-sql.js';
import { inferViewColumns, ViewColumnsError } from '../engines/local/infer-view-columns.js';
import { compileProject } from './compile-project.js';
import type { ModelError } from './model-error.js';
import type { ModelFile } from './parse-model.js';
import { renderArtifacts } from './render-artifacts.js';

/** Reads every `*.sql` under the models folder, with project-relative forward-slash paths. */
export async function readModelFiles(root: string, modelsDir: string): Promise<ModelFile[]> {
  const out: ModelFile[] = [];
  const walk = async (dir: string) => {
    let entries;
    try {
      entries = await readdir(path.join(root, dir), { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) await walk(rel);
      else if (e.name.endsWith('.sql')) out.push({ path: rel, text: await readFile(path.join(root, rel), 'utf8') });
    }
  };
  await walk(modelsDir);
  return out;
}

export interface BuildResult {
  readonly manifest?: Manifest;
  readonly errors: readonly ModelError[];
  /** Files written or rewritten because their content changed. */
  readonly changed: readonly string[];
  /** Stale files removed from the rendered folders. */
  readonly removed: readonly string[];
  readonly fileCount: number;
}

/**
 * Compiles the models and writes `sql/…` and the manifest, rewriting only files whose bytes change
 * and removing rendered files no model produces any more. Writes nothing when a model has errors.
 */
export async function buildProject(
  root: string,
  config: ProjectConfig,
  extraArtifacts?: (m: Manifest) => Map<string, string>,
  /** `--select`: write only these rendered files (the manifest always), remove nothing. */
  keep?: (m: Manifest) => (relPath: string) => boolean,
): Promise<BuildResult> {
  const files = await readModelFiles(root, config.modelsDir);
  const compiled = compileProject(files, config);
  if (!compiled.manifest) return { errors: compiled.errors, changed: [], removed: [], fileCount: 0 };
  // compileProject stays pure; the views' column types need an engine, so the build step adds them.
  let manifest: Manifest;
  try {
    manifest = await inferViewColumns(compiled.manifest, config);
  } catch (e) {
    // A view DuckDB cannot run breaks the local target as well: report it like any model error.
    if (e instanceof ViewColumnsError) return { errors: [{ path: e.path, line: 1, message: e.message }], changed: [], removed: [], fileCount: 0 };
    throw e;
  }
  const cacheFile = path.join(root, config.targetDir, 'format-cache.json');
  await loadFormatCache(cacheFile);
  const artifacts = renderArtifacts(manifest, config);
  await saveFormatCache(cacheFile);
  for (const [k, v] of extraArtifacts?.(manifest) ?? []) artifacts.set(k, v);
  const changed: string[] = [];
  const kept = keep?.(manifest);
  const manifestFile = `${config.targetDir}/manifest.json`;
  for (const [rel, content] of artifacts) {
    if (kept && rel !== manifestFile && !kept(rel)) continue;
    const abs = path.join(root, rel);
    const before = await readFile(abs, 'utf8').catch(() => undefined);
    if (before === content) continue;
    await mkdir(path.dirname(abs), { recursive: true });
    await writeFile(abs, content);
    changed.push(rel);
  }
  const removed: string[] = [];
  for (const rel of kept ? [] : await listFiles(root, config.sqlDir)) {
    if (!artifacts.has(rel)) {
      await rm(path.join(root, rel));
      removed.push(rel);
    }
  }
  return { manifest, errors: [], changed, removed, fileCount: artifacts.size };
}

async function listFiles(root: string, dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string) => {
    let entries;
    try {
      entries = await readdir(path.join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const child = `${rel}/${e.name}`;
      if (e.isDirectory()) await walk(child);
      else out.push(child);
    }
  };
  await walk(dir);
  return out.sort();
}
