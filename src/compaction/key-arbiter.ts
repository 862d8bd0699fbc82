import type { Manifest, TableEntry } from '../manifest/manifest.js';
import { ObjectNotFoundError, type ObjectInfo, type ObjectStore } from '../storage/object-store.js';
import type { MappedValue } from '../streaming/evaluate-mapping.js';
import { STREAM_FILE_PREFIX } from '../streaming/ledger-entry.js';
import { keyedTable } from '../streaming/transaction-keys.js';
import { READ_CONCURRENCY } from './merge-files.js';

// The key rule at merge time (first landed wins) and the ingest ledger it reads.

export interface KeyArbiter {
  /** Compacted and batch files first (their rows won earlier), then streamed files in landing order. */
  order(files: readonly ObjectInfo[]): ObjectInfo[];
  /** Whether this row of this file is its key's first landing. */
  keep(file: string, row: Readonly<Record<string, MappedValue>>): boolean;
  readonly dropped: { file: string; row: Readonly<Record<string, MappedValue>>; reason: string }[];
  /** Records the dropped rows of the keyed table in `rejected/` (one object per merge). */
  quarantine(output: string, now: Date): Promise<void>;
}

/**
 * Compaction is the final arbiter of the key rule (first landed wins; docs/reliability.md): the
 * handler's index keeps a duplicate out unless two invocations land the same new key at the same
 * moment, and then both files hold it. Within a merge, earlier compacted files come first, then the
 * streamed files in landing order (last-modified time, then key); a key's rows are kept from the
 * first file that holds it and dropped from the others — in every table that carries the key
 * column, so `transactions` and `transaction_items` agree — and the dropped transactions are
 * quarantined. No key file is read: the cost stays bounded by the files merged.
 */
export function keyArbiter(store: ObjectStore, manifest: Manifest, t: TableEntry, partition: string, ledger: LedgerLookup): KeyArbiter | undefined {
  const siblings = manifest.models.filter((m): m is TableEntry => m.kind === 'table' && m.mapping.source === t.mapping.source);
  const keyed = keyedTable(siblings);
  if (!keyed || !t.columns.some((c) => c.name === keyed.column)) return undefined;
  if (!new RegExp(`^${keyed.partition}=[^/]+/$`).test(partition)) return undefined;
  const identityOf = (file: string): string | undefined => {
    const name = file.slice(file.lastIndexOf('/') + 1);
    return name.startsWith(STREAM_FILE_PREFIX) ? name.slice(STREAM_FILE_PREFIX.length, -'.parquet'.length) : undefined;
  };
  // Keys already kept in this merge, and from which file: without an index entry, the first file wins.
  const keptIn = new Map<string, string>();
  const dropped: KeyArbiter['dropped'] = [];
  return {
    order(files) {
      // The ledger's landing time is the same for an object's files in every table: both tables
      // pick the same first landing.
      const r = (f: ObjectInfo): number => {
        const id = identityOf(f.key);
        return id === undefined ? Number.NEGATIVE_INFINITY : (ledger.entry(id)?.landedAt ?? Number.MAX_SAFE_INTEGER);
      };
      const name = (f: ObjectInfo): string => identityOf(f.key) ?? f.key;
      return [...files].sort((a, b) => {
        const d = r(a) - r(b);
        if (d !== 0 && !Number.isNaN(d)) return d;
        return name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0;
      });
    },
    keep(file, row) {
      const id = String(row[keyed.column]);
      const identity = identityOf(file);
      let reason: string | undefined;
      const earlier = keptIn.get(id);
      if (earlier !== undefined && earlier !== file) {
        const from = identityOf(earlier);
        const source = from === undefined ? undefined : ledger.entry(from)?.key;
        reason = `duplicate transaction_id ${id}: first landed ${source ? `from ${source}` : `in ${earlier}`}`;
      }
      if (reason === undefined) {
        keptIn.set(id, file);
        return true;
      }
      if (t.name === keyed.table.name) dropped.push({ file, row, reason });
      return false;
    },
    dropped,
    async quarantine(output, now) {
      const name = output.slice(output.lastIndexOf('/') + 1, -'.parquet'.length);
      const body = {
        source: { compaction: output },
        rejectedAt: now.toISOString(),
        rejected: dropped.map((d) => ({
          line: 0,
          reason: d.reason,
          file: d.file,
          original: JSON.stringify(d.row, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
        })),
      };
      await store.put(`${manifest.prefixes.rejected}${now.toISOString().slice(0, 10)}/${name}.json`, `${JSON.stringify(body, null, 2)}\n`, {
        contentType: 'application/json',
      });
    },
  };
}

/**
 * Ledger entries by key (a GET each, never a listing), at most {@link READ_CONCURRENCY} at once, each
 * identity asked once per run; the entry's landing time orders the first landing of a key.
 */
export class LedgerLookup {
  private readonly known = new Map<string, { landedAt: number; key: string } | null>();

  constructor(
    private readonly store: ObjectStore,
    readonly prefix: string,
  ) {}

  async landed(ids: readonly string[]): Promise<Set<string>> {
    const ask = [...new Set(ids.filter((id) => !this.known.has(id)))];
    for (let i = 0; i < ask.length; i += READ_CONCURRENCY) {
      await Promise.all(
        ask.slice(i, i + READ_CONCURRENCY).map(async (id) => {
          try {
            const body = JSON.parse(new TextDecoder().decode((await this.store.get(`${this.prefix}${id}.json`)).body)) as { key?: string; landedAt?: string };
            this.known.set(id, { landedAt: Date.parse(body.landedAt ?? '') || 0, key: body.key ?? '' });
          } catch (e) {
            if (!(e instanceof ObjectNotFoundError)) throw e;
            this.known.set(id, null);
          }
        }),
      );
    }
    return new Set(ids.filter((id) => this.known.get(id)));
  }

  entry(id: string): { readonly landedAt: number; readonly key: string } | undefined {
    return this.known.get(id) ?? undefined;
  }
}
