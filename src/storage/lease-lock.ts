import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { ObjectNotFoundError, type ConditionalObjectStore } from './object-store.js';

/** What a lock object holds. `expiresAt` 0 marks a released lock. */
export interface LeaseRecord {
  readonly owner: string;
  /** Unique per acquisition, so that two acquisitions never write the same bytes (the same ETag). */
  readonly token: string;
  readonly acquiredAt: string;
  /** Epoch ms; after it anyone may take the lock over. */
  readonly expiresAt: number;
}

export interface LeaseOptions {
  /** How long a lease lasts without renewal: what a crashed holder can block others for. */
  readonly ttlMs: number;
  /** Who is asking, for the messages of those who find the lock taken. @default host:pid:random */
  readonly owner?: string;
  readonly clock?: () => Date;
}

export class LeaseLostError extends Error {
  constructor(
    readonly key: string,
    owner: string,
  ) {
    super(`lost the lock ${key}: another process (${owner}) took it over after the lease expired; this run stops without committing`);
    this.name = 'LeaseLostError';
  }
}

/** The owner string used when none is given: enough to find the process on a shared machine. */
function defaultLeaseOwner(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/**
 * A lock held by writing one small object, with a lease: the holder renews it, and when a holder
 * dies its lease runs out and the next caller takes the lock over. Every change is a conditional
 * write — create if absent, replace if the ETag is still the one read — so of two processes racing
 * for the lock exactly one wins, on S3 (PutObject `If-None-Match` / `If-Match`) and on the local
 * folder alike. A holder that stalls past its lease (and was taken over) learns it at its next
 * {@link Lease.renew}, which fails, so it must renew right before every step that needs the lock.
 */
export class Lease {
  private constructor(
    private readonly store: ConditionalObjectStore,
    readonly key: string,
    private record: LeaseRecord,
    private etag: string,
    private readonly ttlMs: number,
    private readonly clock: () => Date,
  ) {}

  get owner(): string {
    return this.record.owner;
  }

  get expiresAt(): number {
    return this.record.expiresAt;
  }

  /**
   * Takes the lock: a new Lease, or the record of the current holder when its lease has not expired.
   * Never waits.
   */
  static async tryAcquire(store: ConditionalObjectStore, key: string, options: LeaseOptions): Promise<Lease | { readonly heldBy: LeaseRecord }> {
    const clock = options.clock ?? (() => new Date());
    const owner = options.owner ?? defaultLeaseOwner();
    const fresh = (): LeaseRecord => ({
      owner,
      token: randomBytes(8).toString('hex'),
      acquiredAt: clock().toISOString(),
      expiresAt: clock().getTime() + options.ttlMs,
    });
    for (let attempt = 0; attempt < 5; attempt++) {
      let record = fresh();
      const created = await store.putIfAbsent(key, JSON.stringify(record), { contentType: 'application/json' });
      if (created) return new Lease(store, key, record, created.etag, options.ttlMs, clock);
      let current;
      try {
        current = await store.get(key);
      } catch (e) {
        if (e instanceof ObjectNotFoundError) continue; // released by deletion meanwhile: try again
        throw e;
      }
      const held = parseLease(current.body);
      if (held && held.expiresAt > clock().getTime()) return { heldBy: held };
      // Expired, released or unreadable: take it over, unless someone else does so first.
      record = fresh();
      const taken = await store.putIfMatch(key, JSON.stringify(record), current.etag, { contentType: 'application/json' });
      if (taken) return new Lease(store, key, record, taken.etag, options.ttlMs, clock);
    }
    const last = await store
      .get(key)
      .then((g) => parseLease(g.body))
      .catch(() => undefined);
    return { heldBy: last ?? { owner: 'unknown', token: '', acquiredAt: '', expiresAt: 0 } };
  }

  /** Extends the lease by its full length. Throws {@link LeaseLostError} when it was taken over. */
  async renew(): Promise<void> {
    const record = { ...this.record, expiresAt: this.clock().getTime() + this.ttlMs };
    // Expired or not: if someone took it over meanwhile, the conditional write below fails.
    const put = await this.store.putIfMatch(this.key, JSON.stringify(record), this.etag, { contentType: 'application/json' });
    if (!put) {
      const now = await this.store
        .get(this.key)
        .then((g) => parseLease(g.body))
        .catch(() => undefined);
      throw new LeaseLostError(this.key, now?.owner ?? 'unknown');
    }
    this.record = record;
    this.etag = put.etag;
  }

  /** Renews when less than half the lease is left; cheap to call often (between files, partitions). */
  async keepAlive(): Promise<void> {
    if (this.record.expiresAt - this.clock().getTime() < this.ttlMs / 2) await this.renew();
  }

  /** Releases the lock (marks it expired) if still held; a lock already taken over is left alone. */
  async release(): Promise<void> {
    const record = { ...this.record, expiresAt: 0 };
    const put = await this.store.putIfMatch(this.key, JSON.stringify(record), this.etag, { contentType: 'application/json' });
    if (put) {
      this.record = record;
      this.etag = put.etag;
    }
  }
}

function parseLease(body: Uint8Array): LeaseRecord | undefined {
  try {
    const v = JSON.parse(new TextDecoder().decode(body)) as Partial<LeaseRecord>;
    if (typeof v.owner === 'string' && typeof v.expiresAt === 'number' && typeof v.token === 'string' && typeof v.acquiredAt === 'string')
      return v as LeaseRecord;
  } catch {
    // An unreadable lock object (a torn write is impossible, but a hand edit is not) counts as expired.
  }
  return undefined;
}
