import { createHash } from 'node:crypto';
import type { ModelEntry } from '../manifest/manifest.js';

/**
 * What `state:modified` compares: a hash of everything the model file declares — its SQL per
 * dialect or its mapping, its config (materialization, partitioning, location, description,
 * tags) and its tests. A view's columns are left out: the build infers them from the SQL, so they
 * change only when the SQL (or an upstream model, selected with `state:modified+`) does.
 */
export function modelFingerprint(m: ModelEntry): string {
  const { columns, ...rest } = m as ModelEntry & { columns?: unknown };
  const declared = m.kind === 'view' ? rest : { ...rest, columns };
  return createHash('sha256').update(stableJson(declared)).digest('hex');
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}
