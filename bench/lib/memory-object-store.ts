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

  async put(key: string, body: Uint8Array | string, _options?: PutOptions): Promise<PutResult> {
    assertValidObjectKey(key);
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Uint8Array.from(body);
    const etag = createHash('md5').update(bytes).digest('hex');
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
    const keys = [...this.objects.keys()].filter((k) => k.startsWith(prefix) && (after === undefined || byteOrder(k, after) > 0)).sort(byteOrder);
    for (const key of keys) {
      const o = this.objects.get(key);
      if (o !== undefined) yield { key, size: o.body.byteLength, etag: o.etag, lastModified: o.lastModified };
    }
  }

  async delete(key: string): Promise<void> {
    assertValidObjectKey(key);
    this.objects.delete(key);
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
