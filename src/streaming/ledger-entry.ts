import { createHash } from 'node:crypto';
import { ObjectNotFoundError, type ObjectStore } from '../storage/object-store.js';

/** Ledger entries live beside the tables (the Lambda may write only `tables/` and `rejected/`). */
export const LEDGER_DIR = '_ledger/';
/** The latest landed version of each incoming key, by hash of the key. */
export const KEY_INDEX_DIR = `${LEDGER_DIR}keys/`;
/** Streaming files carry this prefix in their partition folder; batch files carry `batch-`. */
export const STREAM_FILE_PREFIX = 'stream-';
/** Hidden lists written by ingest when a version replaces another: `replace-<dataId>.jsonl`. */
export const REPLACE_LIST_PREFIX = 'replace-';

/** What the ledger remembers of a landed version (`_ledger/<dataId>.json`, and the key index). */
export interface LedgerEntry {
  readonly key: string;
  readonly etag: string;
  /** 1 for the first version of a key, +1 for each replacing version. */
  readonly generation?: number;
  readonly dataId?: string;
  readonly landedAt: string;
  readonly landed: number;
  readonly rejected: number;
  /** Every key written: data files, the rejection file. */
  readonly files: readonly string[];
  /** This version was kept whole in `rejected/` (it replaced a compacted version); it landed no rows. */
  readonly quarantinedVersion?: boolean;
  /** Index only: data files of versions being written (named before they exist), for a later version to hide. */
  readonly inFlight?: readonly string[];
  /** Index only: the batch this version landed in (its files hold other objects' rows too). */
  readonly batch?: string;
}

/** A ledger entry's key: a landed version's (`<dataId>`) or a batch's (`<batchId>`). */
export function ledgerKey(tablesPrefix: string, id: string): string {
  return `${tablesPrefix}${LEDGER_DIR}${id}.json`;
}

/** The version index entry of an incoming key: the latest version of it that landed. */
export function versionIndexKey(tablesPrefix: string, incomingKey: string): string {
  return `${tablesPrefix}${KEY_INDEX_DIR}${sha(incomingKey)}.json`;
}

/** The short content id the ledger names things by (32 hex digits of SHA-256). */
export function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/** A ledger or index entry, or undefined when there is none. */
export async function readJson<T>(store: ObjectStore, key: string): Promise<T | undefined> {
  try {
    return JSON.parse(new TextDecoder().decode((await store.get(key)).body)) as T;
  } catch (e) {
    if (e instanceof ObjectNotFoundError) return undefined;
    throw e;
  }
}
