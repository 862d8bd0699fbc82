import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseManifestText, type Manifest, type ModelEntry } from '../manifest/manifest.js';
import { selectModels } from './select-models.js';
import { parseSelection, SelectionError } from './selector.js';

/** The `parseArgs` options every command that builds or reads models accepts. */
export const SELECTION_OPTIONS = {
  select: { type: 'string', multiple: true, short: 's' },
  exclude: { type: 'string', multiple: true },
  state: { type: 'string' },
} as const;

/** The lines of `--help` that document them (each command adds what selecting means for it). */
export const SELECTION_HELP = `  --select SEL         only these models (repeatable; space-separated selectors are a union,
                       comma-joined ones an intersection):
                         name          the model          +name   it and everything it reads
                         name+         it and its readers  tag:x   models with {{config tags="x"}}
                         path:models/views/…               state:modified  changed since --state
  --exclude SEL        leave these out (same grammar)
  --state DIR          the saved manifest.json that state:modified / state:new compare with
                       (e.g. a copy of target/ from the last deploy)
  npm run ls -- --select SEL  prints what a selection resolves to`;

export interface SelectionValues {
  readonly select?: readonly string[] | undefined;
  readonly exclude?: readonly string[] | undefined;
  readonly state?: string | undefined;
}

export interface Selection {
  /** The selected models, in dependency order. */
  readonly models: readonly ModelEntry[];
  readonly names: ReadonlySet<string>;
  /** True when no --select/--exclude was given: the command behaves as it always did. */
  readonly everything: boolean;
}

/** Resolves the flags against the manifest; `--state` is read relative to `root`. */
export async function selectionFromArgs(values: SelectionValues, manifest: Manifest, root = process.cwd()): Promise<Selection> {
  const select = parseSelection(values.select ?? []);
  const exclude = parseSelection(values.exclude ?? []);
  const state = values.state === undefined ? undefined : await readStateManifest(path.resolve(root, values.state));
  const models = selectModels(manifest, { select, exclude, ...(state ? { state } : {}) });
  return { models, names: new Set(models.map((m) => m.name)), everything: select.length === 0 && exclude.length === 0 };
}

/** A manifest saved by `npm run build:models` (target/manifest.json), from a folder or the file itself. */
export async function readStateManifest(dirOrFile: string): Promise<Manifest> {
  const file = dirOrFile.endsWith('.json') ? dirOrFile : path.join(dirOrFile, 'manifest.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new SelectionError(
      `--state: no manifest at ${file}. Save the manifest of the deployed models with \`npm run build:models && cp -r target <DIR>\` on that commit.`,
    );
  }
  try {
    return parseManifestText(text, file);
  } catch (e) {
    throw new SelectionError(`--state: ${(e as Error).message}`);
  }
}

/** The manifest restricted to the selection, keeping each selected table's source (its transform reads it). */
export function manifestOf(manifest: Manifest, names: ReadonlySet<string>): Manifest {
  const keep = new Set(names);
  for (const m of manifest.models) if (m.kind === 'table' && names.has(m.name)) for (const d of m.dependsOn) keep.add(d);
  return { ...manifest, models: manifest.models.filter((m) => keep.has(m.name)) };
}
