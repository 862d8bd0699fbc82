/**
 * The lake's storage, addressed by S3-style keys (`tables/transactions/dt=2024-04-10/x.parquet`).
 * Two implementations: a local folder laid out like the bucket, and S3 itself. Every writer in the
 * project (generator, producer, ingest Lambda, batch job, compaction) goes through this interface,
 * so the same code runs on a laptop and on AWS.
 */
export interface ObjectStore {
  /** A human-readable location, e.g. `/home/me/.lake` or `s3://bucket`. */
  readonly description: string;
  /**
   * Writes an object atomically: readers see the whole object or nothing (local: temp file + rename;
   * S3: a single PUT). Overwrites an existing key. Returns the new ETag.
   */
  put(key: string, body: Uint8Array | string, options?: PutOptions): Promise<PutResult>;
  /** Reads a whole object. Throws {@link ObjectNotFoundError} when the key does not exist. */
  get(key: string): Promise<GetResult>;
  /** Object metadata, or `undefined` when the key does not exist. */
  head(key: string): Promise<ObjectInfo | undefined>;
  /**
   * Every object whose key starts with `prefix`, in lexicographic key order; with `startAfter`,
   * only keys after it (S3 `StartAfter`: the listing starts there instead of paging up to it).
   */
  list(prefix: string, options?: ListOptions): AsyncIterable<ObjectInfo>;
  /** Deletes an object; deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
}

/**
 * An {@link ObjectStore} that can write conditionally — what a lock or any compare-and-swap needs.
 * On S3 these are PutObject with `If-None-Match: *` / `If-Match: <etag>` (412 Precondition Failed
 * or 409 ConditionalRequestConflict when the condition does not hold); locally an exclusive
 * create (`link`) and a compare-and-swap guarded by a per-version marker.
 */
export interface ConditionalObjectStore extends ObjectStore {
  /** Creates `key` only if no object has that key: the new ETag, or `undefined` when one exists. */
  putIfAbsent(key: string, body: Uint8Array | string, options?: PutOptions): Promise<PutResult | undefined>;
  /**
   * Replaces `key` only if its current ETag is `etag`: the new ETag, or `undefined` when the object
   * changed since (or is gone). Of several writers replacing the same version, exactly one succeeds.
   */
  putIfMatch(key: string, body: Uint8Array | string, etag: string, options?: PutOptions): Promise<PutResult | undefined>;
}

export interface ListOptions {
  readonly startAfter?: string;
  /**
   * The caller reads only the keys. A store whose listing does not return metadata for free (a
   * local folder: one `stat` per file) may then skip it: `size` is 0 and `lastModified` the epoch.
   */
  readonly keysOnly?: boolean;
}

export interface PutOptions {
  readonly contentType?: string;
}

export interface PutResult {
  readonly etag: string;
}

export interface GetResult {
  readonly body: Uint8Array;
  readonly etag: string;
}

export interface ObjectInfo {
  readonly key: string;
  readonly size: number;
  readonly etag?: string;
  readonly lastModified: Date;
}

export class ObjectNotFoundError extends Error {
  constructor(
    readonly key: string,
    where: string,
  ) {
    super(`no object "${key}" in ${where}`);
    this.name = 'ObjectNotFoundError';
  }
}
