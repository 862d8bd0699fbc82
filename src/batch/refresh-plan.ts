import { daysOf, refreshWindows, type DayWindow } from '../compiler/refresh-windows.js';
import type { Manifest, SourceEntry, TableEntry } from '../manifest/manifest.js';
import { ObjectNotFoundError, type ObjectStore } from '../storage/object-store.js';
import { CastError, evaluateMapping } from '../streaming/evaluate-mapping.js';
import { iterateRawRecords } from '../streaming/parse-raw-records.js';
import { modelFingerprint } from '../selection/model-fingerprint.js';

/** Where the last run's input fingerprints live, in the lake beside the data they describe. */
export const REFRESH_STATE_KEY = '_state/backfill-inputs.json';

/** Each raw object the last run read: its identity (ETag, size) and the partition days it feeds. */
export interface RefreshState {
  readonly version: 1;
  readonly objects: Readonly<Record<string, { readonly etag: string; readonly size: number; readonly days: readonly string[] }>>;
  /** Each table's and mart's declaration (src/selection/model-fingerprint.ts): a changed mapping or query re-maps every day. */
  readonly models?: Readonly<Record<string, string>>;
}

export interface RefreshRequest {
  readonly store: ObjectStore;
  /** The models the run covers (after --select). */
  readonly manifest: Manifest;
  /** `--from/--to`: exactly these days (inclusive), whatever changed. */
  readonly window?: DayWindow;
  readonly fullRefresh?: boolean;
}

export interface RefreshPlan {
  /** Everything: every partition of every table and mart. */
  readonly full: boolean;
  /** Partition days to rewrite when not `full`, sorted. */
  readonly days: readonly string[];
  /** Why each day (or the whole run) is refreshed, for the run's report. */
  readonly reasons: ReadonlyMap<string, readonly string[]>;
  /** Sources with a new, changed or removed object: their unpartitioned tables are rebuilt. */
  readonly changedSources: ReadonlySet<string>;
  /** What to save once the run succeeded. */
  readonly next: RefreshState;
  /** Raw objects looked at, and how many of them had to be read (new or changed). */
  readonly objects: number;
  readonly read: number;
}

/**
 * Decides which days a backfill refreshes. By default only the days whose inputs changed since the
 * last run: an input is a raw object, known by its ETag and size; a new or changed object is read
 * once, through the tables' declared mapping (the Lambda's TypeScript twin of the SQL), to learn
 * which partition days it feeds; a removed object's days come from the state. `--from/--to`
 * refreshes exactly that window; `--full-refresh` (or a lake with no state yet) everything.
 */
export async function planRefresh(req: RefreshRequest): Promise<RefreshPlan> {
  const previous = await readRefreshState(req.store);
  const sources = req.manifest.models.filter((m): m is SourceEntry => m.kind === 'source');
  const tables = req.manifest.models.filter((m): m is TableEntry => m.kind === 'table');
  const reasons = new Map<string, string[]>();
  const because = (day: string, why: string) => reasons.set(day, [...(reasons.get(day) ?? []), why]);
  const objects: Record<string, RefreshState['objects'][string]> = {};
  const changedSources = new Set<string>();
  const seen = new Set<string>();
  let read = 0;
  for (const src of sources) {
    const partitioned = tables.filter((t) => t.mapping.source === `${src.sourceName}.${src.sourceTable}` && t.partitionedBy.length > 0);
    for await (const o of req.store.list(src.location)) {
      if (!o.key.endsWith('.jsonl')) continue;
      seen.add(o.key);
      const etag = o.etag ?? `${o.size}-${o.lastModified.getTime()}`;
      const before = previous?.objects[o.key];
      if (before && before.etag === etag && before.size === o.size) {
        objects[o.key] = before;
        continue;
      }
      read++;
      changedSources.add(src.name);
      const days = partitioned.length > 0 ? await daysFed(req.store, o.key, partitioned) : [];
      objects[o.key] = { etag, size: o.size, days };
      // A changed object's old days are stale too: rows it no longer holds must leave them.
      for (const d of new Set([...days, ...(before?.days ?? [])])) because(d, `${before ? 'changed' : 'new'} ${o.key}`);
    }
  }
  for (const [key, before] of Object.entries(previous?.objects ?? {})) {
    if (seen.has(key)) continue;
    const src = sources.find((s) => key.startsWith(s.location));
    if (!src) {
      objects[key] = before; // another selection's input: keep its state for that run
      continue;
    }
    changedSources.add(src.name);
    for (const d of before.days) because(d, `removed ${key}`);
  }
  const total = Object.keys(objects).length;
  const declared = Object.fromEntries(req.manifest.models.filter((m) => m.kind === 'table' || m.kind === 'mart').map((m) => [m.name, modelFingerprint(m)]));
  const models = { ...previous?.models, ...declared };
  const redeclared = Object.keys(declared).filter((n) => previous?.models?.[n] !== declared[n]);
  if (req.window) {
    const days = refreshWindows(req.window.from, req.window.to, 100).flatMap(daysOf);
    const inWindow = new Set(days);
    // Changes outside the window stay pending: their objects keep the fingerprint of the last run.
    const next = Object.fromEntries(
      Object.entries(objects).flatMap(([k, v]) => (v.days.every((d) => inWindow.has(d)) ? [[k, v]] : previous?.objects[k] ? [[k, previous.objects[k]!]] : [])),
    );
    // A redeclared model refreshed on a window only is still stale elsewhere: keep its old fingerprint.
    const kept = { ...models, ...Object.fromEntries(redeclared.flatMap((n) => (previous?.models?.[n] ? [[n, previous.models[n]!]] : []))) };
    return {
      full: false,
      days,
      reasons: new Map(days.map((d) => [d, ['--from/--to']])),
      changedSources,
      next: { version: 1, objects: next, models: kept },
      objects: total,
      read,
    };
  }
  const why = req.fullRefresh
    ? '--full-refresh'
    : !previous
      ? `first run: no ${REFRESH_STATE_KEY} yet`
      : redeclared.length > 0
        ? `the declaration of ${redeclared.join(', ')} changed since the last run`
        : undefined;
  if (why)
    return {
      full: true,
      days: [],
      reasons: new Map([['*', [why]]]),
      changedSources: new Set(sources.map((s) => s.name)),
      next: { version: 1, objects, models },
      objects: total,
      read,
    };
  return { full: false, days: [...reasons.keys()].sort(), reasons, changedSources, next: { version: 1, objects, models }, objects: total, read };
}

/** The partition days the records of one raw object feed, through each partitioned table's mapping. */
async function daysFed(store: ObjectStore, key: string, tables: readonly TableEntry[]): Promise<string[]> {
  const days = new Set<string>();
  const { body } = await store.get(key);
  for (const rec of iterateRawRecords(body)) {
    if (rec.value === undefined || rec.value === null || typeof rec.value !== 'object') continue;
    for (const t of tables) {
      try {
        for (const row of evaluateMapping(t.mapping, rec.value as Record<string, unknown>)) {
          const day = row[t.partitionedBy[0]!.name];
          if (typeof day === 'string') days.add(day);
        }
      } catch (e) {
        if (!(e instanceof CastError)) throw e; // a record the rules reject feeds no partition
      }
    }
  }
  return [...days].sort();
}

export async function readRefreshState(store: ObjectStore): Promise<RefreshState | undefined> {
  try {
    const parsed = JSON.parse(new TextDecoder().decode((await store.get(REFRESH_STATE_KEY)).body)) as RefreshState;
    if (parsed.version !== 1 || typeof parsed.objects !== 'object') throw new Error(`unknown version ${String(parsed.version)}`);
    return parsed;
  } catch (e) {
    if (e instanceof ObjectNotFoundError) return undefined;
    throw new Error(
      `${store.description}/${REFRESH_STATE_KEY} is unreadable (${(e as Error).message}); delete it and run \`npm run backfill -- --full-refresh\``,
    );
  }
}

export async function saveRefreshState(store: ObjectStore, state: RefreshState): Promise<void> {
  await store.put(REFRESH_STATE_KEY, `${JSON.stringify(state, null, 1)}\n`, { contentType: 'application/json' });
}

/** Consecutive days as windows, so an INSERT refresh runs one statement per run of days. */
export function contiguousWindows(days: readonly string[]): DayWindow[] {
  const out: DayWindow[] = [];
  for (const d of [...days].sort()) {
    const last = out[out.length - 1];
    if (last && Date.parse(`${d}T00:00:00Z`) - Date.parse(`${last.to}T00:00:00Z`) === 86_400_000) out[out.length - 1] = { from: last.from, to: d };
    else out.push({ from: d, to: d });
  }
  return out;
}

/** `--from/--to` validated: both or neither, real days, in order. */
export function parseWindowFlags(from: string | undefined, to: string | undefined): DayWindow | undefined {
  if (from === undefined && to === undefined) return undefined;
  const f = from ?? to!;
  const t = to ?? from!;
  refreshWindows(f, t, 100); // throws RangeError naming the bad day or the reversed window
  return { from: f, to: t };
}

/** What the run refreshes and why, a line each, for the command's output. */
export function describeRefreshPlan(plan: RefreshPlan): string[] {
  const counted = `${plan.read} of ${plan.objects} raw object(s) new or changed`;
  if (plan.full) return [`Refreshing every day (${plan.reasons.get('*')!.join('; ')}; ${counted}).`];
  const lines = [`Refreshing ${plan.days.length > 0 ? `${plan.days.length} day(s)` : 'no partition day'} (${counted}):`];
  for (const d of plan.days) {
    const why = plan.reasons.get(d) ?? [];
    lines.push(`  ${d}  ${why.slice(0, 2).join('; ')}${why.length > 2 ? `; and ${why.length - 2} more` : ''}`);
  }
  return lines;
}
