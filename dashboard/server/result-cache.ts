/**
 * Query results per (endpoint, parameters), valid for one data generation of the {@link ChangeFeed}:
 * N viewers of the same panel cost one engine query per change instead of N (on Athena, N bills).
 * Concurrent identical requests share one in-flight query. Failures are never cached.
 */
export class ResultCache<T> {
  private readonly entries = new Map<string, { readonly generation: number; readonly value: Promise<T> }>();

  constructor(private readonly maxEntries = 500) {}

  /**
   * The cached value for `key` in `generation`, else `load()`'s. With `generation` undefined (no poller
   * is watching, so nothing says when a result goes stale) the engine is always asked.
   */
  get(key: string, generation: number | undefined, load: () => Promise<T>): Promise<T> {
    if (generation === undefined) return load();
    const hit = this.entries.get(key);
    if (hit && hit.generation === generation) return hit.value;
    // A crude bound: dashboards ask for a handful of ranges, so a full cache means a scraper; start over.
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    const value = load();
    this.entries.set(key, { generation, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }

  /** Drops every entry (the data changed). */
  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
