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
  /** Every object whose key starts with `prefix`, in lexicographic key order. */
  list(prefix: string): AsyncIterable<ObjectInfo>;
  /** Deletes an object; deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
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
  constructor(readonly key: string, where: string) {
    super(`no object "${key}" in ${where}`);
    this.name = 'ObjectNotFoundError';
  }
}
