/** Size and modification time: what changes while a writer is still writing. */
export interface FileShape {
  readonly size: number;
  readonly mtimeMs: number;
}

export function sameShape(a: FileShape, b: FileShape): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/**
 * Waits until a file's size and mtime stay unchanged across `settleMs`, then returns that shape
 * (or undefined once `look` says the file is gone or no longer a regular file). S3 never shows a
 * partial object; a folder does while a writer writes in place, and this is the local runtime's
 * stand-in for "the PUT completed". `look` and `sleep` are injected so the rule can be tested
 * without a clock.
 */
export async function waitUntilStable(
  look: () => Promise<FileShape | undefined>,
  settleMs: number,
  sleep: (ms: number) => Promise<void>,
): Promise<FileShape | undefined> {
  let before = await look();
  if (before === undefined || settleMs <= 0) return before;
  for (;;) {
    await sleep(settleMs);
    const now = await look();
    if (now === undefined || sameShape(before, now)) return now;
    before = now;
  }
}
