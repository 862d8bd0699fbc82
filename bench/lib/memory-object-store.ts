import { createHash } from 'node:crypto';
import { assertValidObjectKey, assertValidObjectPrefix } from '../../src/storage/object-key.js';
import { ObjectNotFoundError } from '../../src/storage/object-store.js';
import type { GetResult, ListOptions, ObjectInfo, ObjectStore, PutOptions, PutResult } from '../../src/storage/object-store.js';

interface StoredObject {
  readonly body: Uint8Array;
  readonly etag: string;
  readonly lastModified: Date;
}

/**
 * An {@link ObjectStore} in a `Map`: the ingest benchmark runs the handler on it to separate the
 * handler's own cost from the disk's. Same semantics as the other stores where the handler can
 * tell: md5 ETags, `ObjectNotFoundError`, `list` in key byte order, validated keys. Bodies are
 * copied on `put` so a caller reusing its buffer cannot change a stored object.
 */
export class MemoryObjectStore implements ObjectStore {
  readonly description = 'memory';
  private readonly objects = new Map<string, StoredObject>();
  /** The keys in byte order, so a listing costs its own length, not the whole store's (the key index lists once per invocation). */
  private readonly sorted: string[] = [];

  async put(key: string, body: Uint8Array | string, _options?: PutOptions): Promise<PutResult> {
    assertValidObjectKey(key);
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Uint8Array.from(body);
    const etag = createHash('md5').update(bytes).digest('hex');
    if (!this.objects.has(key)) this.sorted.splice(lowerBound(this.sorted, key), 0, key);
    this.objects.set(key, { body: bytes, etag, lastModified: new Date() });
    return { etag };
  }

  async get(key: string): Promise<GetResult> {
    assertValidObjectKey(key);
    const o = this.objects.get(key);
    if (o === undefined) throw new ObjectNotFoundError(key, this.description);
    return { body: o.body, etag: o.etag };
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    assertValidObjectKey(key);
    const o = this.objects.get(key);
    return o === undefined ? undefined : { key, size: o.body.byteLength, etag: o.etag, lastModified: o.lastModified };
  }

  async *list(prefix: string, options: ListOptions = {}): AsyncIterable<ObjectInfo> {
    assertValidObjectPrefix(prefix);
    const after = options.startAfter;
    let i = lowerBound(this.sorted, after !== undefined && byteOrder(after, prefix) > 0 ? after : prefix);
    const keys: string[] = [];
    for (; i < this.sorted.length && this.sorted[i]!.startsWith(prefix); i++)
      if (after === undefined || byteOrder(this.sorted[i]!, after) > 0) keys.push(this.sorted[i]!);
    for (const key of keys) {
      const o = this.objects.get(key);
      if (o !== undefined) yield { key, size: o.body.byteLength, etag: o.etag, lastModified: o.lastModified };
    }
  }

  async delete(key: string): Promise<void> {
    assertValidObjectKey(key);
    if (this.objects.delete(key)) this.sorted.splice(lowerBound(this.sorted, key), 1);
  }

  /** Objects held and their total size, for the benchmark's report. */
  usage(): { readonly objects: number; readonly bytes: number } {
    let total = 0;
    for (const o of this.objects.values()) total += o.body.byteLength;
    return { objects: this.objects.size, bytes: total };
  }
}

/**
 * S3 lists in UTF-8 byte order, which differs from JS string (UTF-16) order only around astral
 * characters: compare as strings unless a surrogate is involved (a Buffer per comparison made
 * every listing of thousands of keys cost milliseconds).
 */
function byteOrder(a: string, b: string): number {
  if (/[\ud800-\udfff]/.test(a) || /[\ud800-\udfff]/.test(b)) return Buffer.compare(Buffer.from(a), Buffer.from(b));
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The first position in `sorted` whose key is not before `key`. */
function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (byteOrder(sorted[mid]!, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
