import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CatalogObject } from '../engine.js';

/**
 * The local target's catalog: what the last migrate created, persisted as JSON in the lake folder
 * (`_catalog/catalog.json`) so that every process — CLI, ingest runtime, dashboard — rebuilds the
 * same DuckDB views in its own in-memory database. No process holds a lock on it.
 */
export const LOCAL_CATALOG_VERSION = 1;

export interface LocalCatalogEntry {
  /** The neutral description migrate diffs against. */
  readonly object: CatalogObject;
  /** The DuckDB statement that creates the object. */
  readonly createSql: string;
  /**
   * For objects that read files: DuckDB refuses a glob that matches nothing, so until the first
   * file lands the object is created from `emptySql`, a zero-row SELECT with the same columns.
   */
  readonly files?: { readonly dir: string; readonly extension: '.parquet' | '.jsonl'; readonly emptySql: string };
}

export interface LocalCatalogFile {
  readonly version: typeof LOCAL_CATALOG_VERSION;
  /** In creation order: a view comes after what it reads. */
  readonly entries: readonly LocalCatalogEntry[];
}

export function localCatalogPath(lakeDir: string): string {
  return path.join(lakeDir, '_catalog', 'catalog.json');
}

export async function readLocalCatalog(lakeDir: string): Promise<LocalCatalogFile> {
  let text: string;
  try {
    text = await readFile(localCatalogPath(lakeDir), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { version: LOCAL_CATALOG_VERSION, entries: [] };
    throw e;
  }
  const parsed = JSON.parse(text) as LocalCatalogFile;
  if (parsed.version !== LOCAL_CATALOG_VERSION) {
    throw new Error(`${localCatalogPath(lakeDir)} has catalog version ${parsed.version}; this build reads ${LOCAL_CATALOG_VERSION}. Run \`npm run migrate\` with a matching version.`);
  }
  return parsed;
}

/** Atomic replace, so a reader never sees half a catalog. */
export async function writeLocalCatalog(lakeDir: string, catalog: LocalCatalogFile): Promise<void> {
  const file = localCatalogPath(lakeDir);
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${Date.now()}`;
  await writeFile(tmp, `${JSON.stringify(catalog, null, 2)}\n`);
  await rename(tmp, file);
}
