/**
 * `items.map(fn)` with at most `concurrency` calls in flight, results in the order of `items`:
 * storage round trips overlap (S3, a disk) while memory and open requests stay bounded.
 */
export async function mapInOrder<T, R>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    // After a failure no new call starts: the caller's next step must not race a half-done one.
    while (!failed && next < items.length) {
      const i = next++;
      try {
        out[i] = await fn(items[i]!, i);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, concurrency), items.length) }, worker));
  return out;
}
