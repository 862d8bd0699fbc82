import type { GetResult, ObjectInfo, ObjectStore, PutOptions, PutResult } from '../../src/storage/object-store.js';

interface TrackedFile {
  readonly key: string;
  /** `performance.now()` when the file was in place (its put, a write + rename, resolved). */
  readonly visibleAt: number;
  /** `Date.now()` at the same moment, for the query's datetime window. */
  readonly visibleWallMs: number;
  readonly transactions: number;
  /** One of its transaction ids: its rows become visible together, so one id answers for the file. */
  readonly probe?: string;
  landedAt?: number;
}

const ID = /"transaction_id"\s*:\s*"([^"\\]+)"/g;

/**
 * Freshness bookkeeping: which transactions each incoming file holds and when it appeared, and,
 * from the ids a query returns, when each file's rows were first returned. A file counts as landed
 * when any of its ids is returned: the handler writes a file's rows for a table in one atomic Parquet
 * file per day, so they become visible together.
 */
export class FreshnessTracker {
  private readonly files: TrackedFile[] = [];
  private readonly pending = new Map<string, TrackedFile>();
  private pendingFiles = 0;
  /** Files before this index have all landed (or hold no transaction): polls must not rescan them. */
  private cursor = 0;

  /** Records a file that just appeared; its ids are read from the body (JSON object or JSON Lines). */
  fileVisible(key: string, body: Uint8Array | string, visibleAt: number, visibleWallMs: number): void {
    const text = typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
    const ids = [...text.matchAll(ID)].map((m) => m[1] as string);
    const file: TrackedFile = { key, visibleAt, visibleWallMs, transactions: ids.length, probe: ids[0] };
    this.files.push(file);
    if (ids.length === 0) return;
    this.pendingFiles++;
    for (const id of ids) this.pending.set(id, file);
  }

  /** Marks the files of the returned ids landed at `at` (when the query returned); returns how many were new. */
  observe(ids: Iterable<string>, at: number): number {
    let landed = 0;
    for (const id of ids) {
      const file = this.pending.get(id);
      if (file === undefined) continue;
      this.pending.delete(id);
      if (file.landedAt === undefined) {
        file.landedAt = at;
        this.pendingFiles--;
        landed++;
      }
    }
    return landed;
  }

  /** Files appeared whose rows no query has returned yet. */
  get waiting(): number {
    return this.pendingFiles;
  }

  get fileCount(): number {
    return this.files.length;
  }

  get transactionCount(): number {
    return this.files.reduce((s, f) => s + f.transactions, 0);
  }

  /** The wall time of the oldest file still waiting, or `undefined` when none is. */
  oldestWaitingWallMs(): number | undefined {
    // Files are recorded in the order they appeared, so the first one waiting is the oldest.
    return this.files[this.firstWaiting()]?.visibleWallMs;
  }

  /** Moves the cursor past the files that landed (or hold no transaction); returns it. */
  private firstWaiting(): number {
    while (this.cursor < this.files.length) {
      const f = this.files[this.cursor] as TrackedFile;
      if (f.landedAt === undefined && f.transactions > 0) break;
      this.cursor++;
    }
    return this.cursor;
  }

  /** One transaction id of each file still waiting, oldest first, at most `limit`. */
  waitingProbes(limit: number): string[] {
    const probes: string[] = [];
    for (let i = this.firstWaiting(); i < this.files.length && probes.length < limit; i++) {
      const f = this.files[i] as TrackedFile;
      if (f.landedAt === undefined && f.probe !== undefined) probes.push(f.probe);
    }
    return probes;
  }

  /** Per landed file, from appearing to first returned by a query (ms); and the files never returned. */
  latencies(): { readonly landedMs: number[]; readonly notLanded: number } {
    const landedMs: number[] = [];
    let notLanded = 0;
    for (const f of this.files) {
      if (f.transactions === 0) continue;
      if (f.landedAt === undefined) notLanded++;
      else landedMs.push(f.landedAt - f.visibleAt);
    }
    return { landedMs, notLanded };
  }
}

/**
 * Passes everything through to `inner` and reports each completed `put` — for the local store,
 * the moment the file was renamed into place — with its body.
 */
export class TimedObjectStore implements ObjectStore {
  readonly description: string;

  constructor(
    private readonly inner: ObjectStore,
    private readonly onPut: (key: string, body: Uint8Array | string) => void,
  ) {
    this.description = inner.description;
  }

  async put(key: string, body: Uint8Array | string, options?: PutOptions): Promise<PutResult> {
    const result = await this.inner.put(key, body, options);
    this.onPut(key, body);
    return result;
  }

  get(key: string): Promise<GetResult> {
    return this.inner.get(key);
  }

  head(key: string): Promise<ObjectInfo | undefined> {
    return this.inner.head(key);
  }

  list(prefix: string): AsyncIterable<ObjectInfo> {
    return this.inner.list(prefix);
  }

  delete(key: string): Promise<void> {
    return this.inner.delete(key);
  }
}
