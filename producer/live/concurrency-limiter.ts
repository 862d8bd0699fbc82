/**
 * Bounds the number of in-flight operations (object puts). The producer does not wait for a put
 * before scheduling the next transaction — S3 latency (tens of ms) would otherwise cap the rate at
 * 1/latency — but an unbounded number of puts would exhaust sockets and memory when storage falls
 * behind, so at most `limit` run at once and {@link acquire} waits for a free slot.
 */
export class ConcurrencyLimiter {
  private active = 0;
  private readonly waiters: (() => void)[] = [];
  private readonly idleWaiters: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
  }

  /** Operations holding a slot. */
  get inFlight(): number {
    return this.active;
  }

  /** Resolves when a slot is held; call {@link release} exactly once afterwards. */
  async acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return;
    }
    // The slot is handed over by release(), so `active` stays at the limit in between.
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    const next = this.waiters.shift();
    if (next !== undefined) {
      next();
      return;
    }
    this.active--;
    if (this.active === 0) for (const idle of this.idleWaiters.splice(0)) idle();
  }

  /** Resolves once nothing holds a slot. */
  async idle(): Promise<void> {
    if (this.active === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }
}
