import type { TableEntry } from '../manifest/manifest.js';
import type { MappedValue } from './evaluate-mapping.js';
import type { RawRecord } from './parse-raw-records.js';
import { keyCandidate, type Admission, type KeyCandidate, type LandedKey, type TransactionKeyIndex } from './transaction-keys.js';

/** What an invocation admitted so far, over all its objects and chunks. */
export interface AdmittedKeys {
  /** Partition value → the ids landed, each with its object. */
  readonly landed: Map<string, LandedKey[]>;
  /** Partition value → id → the object and line it was first seen on. */
  readonly first: Map<string, Map<string, { readonly source: string; readonly line: number }>>;
}

export function newAdmittedKeys(): AdmittedKeys {
  return { landed: new Map(), first: new Map() };
}

/**
 * The records' keys, checked against the index (other objects; earlier versions of this object
 * `source` do not count: a new version replaces them), against this object's earlier lines and
 * against the other objects of the same batch — the single call into transaction-keys. Returns
 * the duplicates, by position in `accepted`; the others are added to `keys`.
 */
export async function admitKeys(
  index: TransactionKeyIndex,
  identity: string,
  source: string,
  accepted: readonly { record: RawRecord; rows: ReadonlyMap<TableEntry, readonly Readonly<Record<string, MappedValue>>[]> }[],
  keys: AdmittedKeys,
): Promise<Map<number, string>> {
  const candidates: KeyCandidate[] = [];
  const positions: number[] = [];
  for (const [i, a] of accepted.entries()) {
    const c = keyCandidate(index.keyed, a.record.line, a.rows);
    if (c) {
      candidates.push(c);
      positions.push(i);
    }
  }
  const admission: Admission = await index.admit(identity, source, candidates);
  const duplicates = new Map([...admission.duplicates].map(([j, reason]) => [positions[j]!, reason]));
  // Candidates mostly share a partition: its maps are looked up when it changes, not per id.
  let partition: string | undefined;
  let first: Map<string, { readonly source: string; readonly line: number }> | undefined;
  let landed: LandedKey[] | undefined;
  for (let j = 0; j < candidates.length; j++) {
    const c = candidates[j]!;
    if (duplicates.has(positions[j]!)) continue;
    if (c.partitionValue !== partition) {
      partition = c.partitionValue;
      first = keys.first.get(partition);
      if (!first) keys.first.set(partition, (first = new Map()));
      landed = keys.landed.get(partition);
    }
    const seen = first!.get(c.id);
    if (seen !== undefined && !(seen.source === source && seen.line === c.line)) {
      const where = seen.source === source ? `line ${seen.line} of this object` : seen.source;
      duplicates.set(positions[j]!, `duplicate transaction_id ${c.id}: first landed from ${where}`);
      continue;
    }
    first!.set(c.id, { source, line: c.line });
    // Created on the first id landed: a partition whose ids were all duplicates gets no key file.
    if (!landed) keys.landed.set(partition, (landed = []));
    landed.push({ id: c.id, source });
  }
  return duplicates;
}
