import { levenshtein } from '../compiler/suggest-name.js';
import type { Manifest, ModelEntry } from '../manifest/manifest.js';
import { modelFingerprint } from './model-fingerprint.js';
import { SelectionError, type SelectionExpr, type Selector } from './selector.js';

export interface SelectOptions {
  readonly select: SelectionExpr;
  readonly exclude: SelectionExpr;
  /** The saved manifest `state:` compares with (`--state DIR`). */
  readonly state?: Manifest;
}

/**
 * The models a selection resolves to, in dependency order (the manifest's). No `--select` means
 * every model; `--exclude` then removes its matches. A name, tag or path that matches nothing is
 * an error naming the near matches, so a typo never silently selects nothing.
 */
export function selectModels(manifest: Manifest, options: SelectOptions): ModelEntry[] {
  const all = manifest.models.map((m) => m.name);
  const selected = options.select.length === 0 ? new Set(all) : resolve(manifest, options.select, options.state);
  const excluded = options.exclude.length === 0 ? new Set<string>() : resolve(manifest, options.exclude, options.state);
  return manifest.models.filter((m) => selected.has(m.name) && !excluded.has(m.name));
}

function resolve(manifest: Manifest, expr: SelectionExpr, state: Manifest | undefined): Set<string> {
  const out = new Set<string>();
  for (const group of expr) {
    let acc: Set<string> | undefined;
    for (const s of group) {
      const hits = withGraph(manifest, s, match(manifest, s, state));
      acc = acc === undefined ? hits : new Set([...acc].filter((n) => hits.has(n)));
    }
    for (const n of acc ?? []) out.add(n);
  }
  return out;
}

function match(manifest: Manifest, s: Selector, state: Manifest | undefined): Set<string> {
  const models = manifest.models;
  const m = s.method;
  switch (m.kind) {
    case 'name': {
      if (models.some((x) => x.name === m.name)) return new Set([m.name]);
      throw new SelectionError(
        `no model named "${m.name}" in --select/--exclude "${s.text}"${near(
          m.name,
          models.map((x) => x.name),
        )}`,
      );
    }
    case 'tag': {
      const hits = models.filter((x) => (x.tags ?? []).includes(m.tag));
      if (hits.length > 0) return new Set(hits.map((x) => x.name));
      const tags = [...new Set(models.flatMap((x) => x.tags ?? []))].sort();
      throw new SelectionError(
        `no model has tag "${m.tag}" (${tags.length > 0 ? `tags in use: ${tags.join(', ')}` : 'no model declares tags: {{config … tags="a,b"}}'})`,
      );
    }
    case 'path': {
      const prefix = m.path.replace(/\/$/, '');
      const hits = models.filter((x) => x.path === prefix || x.path.startsWith(`${prefix}/`));
      if (hits.length > 0) return new Set(hits.map((x) => x.name));
      const folders = [...new Set(models.map((x) => x.path.slice(0, x.path.lastIndexOf('/'))))].sort();
      throw new SelectionError(`no model file under "${m.path}"${near(prefix, [...folders, ...models.map((x) => x.path)])}`);
    }
    case 'state': {
      if (!state)
        throw new SelectionError(
          `"${s.text}" compares with a saved manifest: add --state DIR (a folder holding the manifest.json of the last deploy, e.g. a copy of target/)`,
        );
      const before = new Map(state.models.map((x) => [x.name, modelFingerprint(x)]));
      const hits = models.filter((x) => (m.state === 'new' ? !before.has(x.name) : before.get(x.name) !== modelFingerprint(x)));
      return new Set(hits.map((x) => x.name));
    }
  }
}

/** Adds the selector's ancestors (`+name`) and descendants (`name+`). */
function withGraph(manifest: Manifest, s: Selector, seeds: Set<string>): Set<string> {
  const out = new Set(seeds);
  if (s.upstream) {
    const deps = new Map(manifest.models.map((m) => [m.name, m.dependsOn]));
    walk(seeds, (n) => deps.get(n) ?? [], out);
  }
  if (s.downstream) {
    const readers = new Map<string, string[]>();
    for (const m of manifest.models) for (const d of m.dependsOn) readers.set(d, [...(readers.get(d) ?? []), m.name]);
    walk(seeds, (n) => readers.get(n) ?? [], out);
  }
  return out;
}

function walk(seeds: Iterable<string>, next: (n: string) => readonly string[], out: Set<string>): void {
  const todo = [...seeds];
  while (todo.length > 0) {
    for (const n of next(todo.pop()!)) {
      if (!out.has(n)) {
        out.add(n);
        todo.push(n);
      }
    }
  }
}

/** Close spellings and names that contain what was typed: `sales` → sales_by_store, hourly_sales. */
function near(typed: string, known: readonly string[]): string {
  const close = [...new Set(known)].filter((k) => levenshtein(k, typed) <= 2 || (typed.length >= 3 && k.includes(typed))).slice(0, 6);
  return close.length > 0 ? ` (did you mean ${close.map((c) => `"${c}"`).join(', ')}?)` : '';
}
