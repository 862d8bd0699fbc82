import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { compileProject } from '../../src/compiler/compile-project.js';
import { defineConfig, type ProjectConfig, type ProjectConfigInput } from '../../src/config/define-config.js';
import type { Manifest } from '../../src/manifest/manifest.js';
import type { LocalObjectStore } from '../../src/storage/local-object-store.js';
import { migratedEngine } from '../support/fixture-lake.js';
import { projectModels } from '../support/project-files.js';

/** The project's models compiled with a config built from `input` (defaults elsewhere). */
export async function projectWith(input: ProjectConfigInput = {}): Promise<{ config: ProjectConfig; manifest: Manifest }> {
  const config = defineConfig({ lake: { bucket: 'supermarket-lake' }, ...input });
  const compiled = compileProject(await projectModels(), config);
  if (!compiled.manifest) throw new Error(compiled.errors.map((e) => e.message).join('\n'));
  return { config, manifest: compiled.manifest };
}

export interface Tx {
  readonly transaction_id: string;
  readonly store_id: string;
  readonly transaction_datetime: string;
  readonly items: readonly { readonly sku_id: string; readonly quantity: number }[];
}

export function tx(id: string, datetime = '2024-04-10 12:00:00', quantity = 1): Tx {
  return { transaction_id: id, store_id: 'S1', transaction_datetime: datetime, items: [{ sku_id: 'A', quantity }] };
}

export function jsonl(txs: readonly unknown[]): string {
  return txs.map((t) => JSON.stringify(t)).join('\n') + '\n';
}

export interface LakeCounts {
  /** Rows of the `transactions` view (what readers see). */
  readonly transactions: number;
  readonly distinct: number;
  readonly items: number;
  readonly units: number;
}

/** Reads the lake back through the project's local engine (the views readers query). */
export async function lakeCounts(lake: string, manifest: Manifest, config: ProjectConfig): Promise<LakeCounts> {
  const engine = await migratedEngine(lake, manifest, config);
  try {
    const t = (await engine.query('SELECT count(*) AS n, count(DISTINCT transaction_id) AS d FROM transactions')).rows[0]!;
    const i = (await engine.query('SELECT count(*) AS n, coalesce(sum(quantity), 0) AS u FROM transaction_items')).rows[0]!;
    return { transactions: Number(t.n), distinct: Number(t.d), items: Number(i.n), units: Number(i.u) };
  } finally {
    await engine.close();
  }
}

export interface RejectedRecord {
  readonly file: string;
  readonly body: Record<string, unknown> & { rejected?: { line: number; reason: string; original?: string }[]; reason?: string };
}

/** Every quarantine record under `rejected/`, parsed. */
export async function rejectedRecords(lake: string): Promise<RejectedRecord[]> {
  const out: RejectedRecord[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.name.endsWith('.json')) {
        const text = await readFile(p, 'utf8');
        out.push({ file: path.relative(lake, p), body: parseRejected(text) });
      }
    }
  };
  await walk(path.join(lake, 'rejected'));
  return out.sort((a, b) => a.file.localeCompare(b.file));
}

/** The stream writes one JSON document per object; the batch engines one JSON line per record. */
function parseRejected(text: string): RejectedRecord['body'] {
  try {
    return JSON.parse(text) as RejectedRecord['body'];
  } catch {
    return {
      rejected: text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { line: number; reason: string }),
    };
  }
}

/** Every reason in the quarantine, one per rejected line or object. */
export async function rejectedReasons(lake: string): Promise<string[]> {
  return (await rejectedRecords(lake)).flatMap((r) => (r.body.rejected ? r.body.rejected.map((x) => x.reason) : r.body.reason ? [r.body.reason] : [])).sort();
}

/** The store, failing its `failAt`-th write (put or delete) as a crash would: every crash point in turn. */
export function crashingAt(store: LocalObjectStore, failAt: number): LocalObjectStore {
  let writes = 0;
  return new Proxy(store, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if ((prop === 'put' || prop === 'delete') && typeof v === 'function') {
        return async (...args: unknown[]) => {
          if (++writes === failAt) throw new Error(`injected crash at write ${failAt}`);
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
