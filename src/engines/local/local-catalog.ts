import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { tokenize } from '../../compiler/sql-tokenizer.js';
import { sqlTypeSchema } from '../../manifest/manifest-schema.js';
import { assertValidObjectPrefix } from '../../storage/object-key.js';
import type { CatalogObject } from '../engine.js';

/**
 * The local target's catalog: what the last migrate created, persisted as JSON in the lake folder
 * (`_catalog/catalog.json`) so that every process — CLI, ingest runtime, dashboard — rebuilds the
 * same DuckDB views in its own in-memory database. No process holds a lock on it.
 */
const LOCAL_CATALOG_VERSION = 1 as const;

const columnSchema = z.strictObject({ name: z.string(), type: sqlTypeSchema });

/** The neutral description migrate diffs against (CatalogObject of src/engines/engine.ts). */
const catalogObjectSchema: z.ZodType<CatalogObject> = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('table'),
    name: z.string(),
    columns: z.array(columnSchema),
    partitionKeys: z.array(columnSchema),
    location: z.string(),
    properties: z.record(z.string(), z.string()),
    unreadable: z.string().optional(),
  }),
  z.strictObject({ kind: z.literal('view'), name: z.string(), sql: z.string(), sqlHash: z.string().optional() }),
]);

const localCatalogEntrySchema = z.strictObject({
  object: catalogObjectSchema,
  /** The DuckDB statement that creates the object. */
  createSql: z.string(),
  /**
   * For objects that read files: DuckDB refuses a glob that matches nothing, so until the first
   * file lands the object is created from `emptySql`, a zero-row SELECT with the same columns.
   */
  files: z.strictObject({ dir: z.string(), extension: z.enum(['.parquet', '.jsonl']), emptySql: z.string() }).optional(),
});

export type LocalCatalogEntry = Readonly<z.output<typeof localCatalogEntrySchema>>;

export interface LocalCatalogFile {
  readonly version: typeof LOCAL_CATALOG_VERSION;
  /** In creation order: a view comes after what it reads. */
  readonly entries: readonly LocalCatalogEntry[];
}

/** The main catalog, or with `environment` the catalog of that environment's own objects (`--env`). */
export function localCatalogPath(lakeDir: string, environment?: string): string {
  return environment === undefined ? path.join(lakeDir, '_catalog', 'catalog.json') : path.join(lakeDir, '_catalog', 'envs', environment, 'catalog.json');
}

/**
 * The catalog file cannot be used: unparseable, of another version, or holding an entry that is
 * not what migrate writes. The message names the file and how to rebuild it.
 */
export class LocalCatalogError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`the local catalog ${file} ${problem}. Rebuild it from the models with \`npm run migrate -- --repair\` (the lake's data is not touched).`);
    this.name = 'LocalCatalogError';
  }
}

export async function readLocalCatalog(lakeDir: string, environment?: string): Promise<LocalCatalogFile> {
  const file = localCatalogPath(lakeDir, environment);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { version: LOCAL_CATALOG_VERSION, entries: [] };
    throw e;
  }
  let json: { version?: unknown; entries?: unknown };
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new LocalCatalogError(file, `is not valid JSON (${(e as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || !Array.isArray(json.entries)) throw new LocalCatalogError(file, 'has no "entries" list');
  if (json.version !== LOCAL_CATALOG_VERSION) {
    throw new Error(
      `${file} has catalog version ${String(json.version)}; this build reads ${LOCAL_CATALOG_VERSION}. Run \`npm run migrate\` with a matching version.`,
    );
  }
  const entries: LocalCatalogEntry[] = [];
  for (const [i, entry] of json.entries.entries()) {
    // The semantic check first: it names the entry's object and says what is unsafe about it.
    const problem = catalogEntryProblem(entry as LocalCatalogEntry);
    if (problem) throw new LocalCatalogError(file, `entry ${i + 1} ${problem}`);
    const parsed = localCatalogEntrySchema.safeParse(entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new LocalCatalogError(file, `entry ${i + 1} has an invalid ${issue.path.map(String).join('.') || 'shape'} (${issue.message})`);
    }
    entries.push(parsed.data);
  }
  return { version: LOCAL_CATALOG_VERSION, entries };
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Views are the only SQL the catalog holds: each entry must be exactly one
 * `CREATE [OR REPLACE] VIEW <its own name> AS …` (and its stand-in one SELECT), so an edited
 * catalog cannot smuggle a statement (`COPY`, `ATTACH`, a second statement) into every process
 * that opens the lake. Returns what is wrong, or undefined.
 */
function catalogEntryProblem(entry: LocalCatalogEntry): string | undefined {
  const name = entry?.object?.name;
  if (typeof name !== 'string' || !IDENTIFIER.test(name)) return `has an invalid object name ${JSON.stringify(name)}`;
  const label = `(${name})`;
  if (typeof entry.createSql !== 'string') return `${label} has no createSql`;
  const create = statementTokens(entry.createSql);
  if (typeof create === 'string') return `${label} ${create}`;
  const words = create.map((t) => (t.kind === 'word' ? t.text.toUpperCase() : t.text));
  let i = 0;
  if (words[i] !== 'CREATE') return `${label} is not a CREATE VIEW statement`;
  i++;
  if (words[i] === 'OR' && words[i + 1] === 'REPLACE') i += 2;
  if (words[i] !== 'VIEW') return `${label} is not a CREATE VIEW statement`;
  if (create[i + 1]?.text !== name || words[i + 2] !== 'AS') return `${label} does not create the view ${name}`;
  if (entry.files !== undefined) {
    const { dir, extension, emptySql } = entry.files;
    try {
      if (typeof dir !== 'string' || dir === '') throw new Error('empty');
      assertValidObjectPrefix(dir);
    } catch {
      return `${label} has an invalid files.dir ${JSON.stringify(dir)} (a folder of the lake, like "tables/x/")`;
    }
    if (extension !== '.parquet' && extension !== '.jsonl') return `${label} has an invalid files.extension ${JSON.stringify(extension)}`;
    const empty = typeof emptySql === 'string' ? statementTokens(emptySql) : 'no emptySql';
    if (typeof empty === 'string') return `${label} emptySql: ${empty}`;
    if (!/^select$/i.test(empty[0]?.text ?? '')) return `${label} emptySql is not a SELECT`;
  }
  return undefined;
}

/** The tokens of exactly one statement (a trailing `;` allowed), or what is wrong. */
function statementTokens(sql: string): ReturnType<typeof tokenize> | string {
  let tokens;
  try {
    tokens = tokenize(sql);
  } catch (e) {
    return `unreadable SQL (${(e as Error).message})`;
  }
  while (tokens.length > 0 && tokens[tokens.length - 1]!.text === ';') tokens.pop();
  if (tokens.length === 0) return 'empty SQL';
  if (tokens.some((t) => t.kind === 'punct' && t.text === ';')) return 'holds more than one statement';
  return tokens;
}

/** Atomic replace, so a reader never sees half a catalog. */
export async function writeLocalCatalog(lakeDir: string, catalog: LocalCatalogFile, environment?: string): Promise<void> {
  const file = localCatalogPath(lakeDir, environment);
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${Date.now()}`;
  await writeFile(tmp, `${JSON.stringify(catalog, null, 2)}\n`);
  await rename(tmp, file);
}
