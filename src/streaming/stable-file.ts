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
 * stand-in for "the PUT completed". Only a file still changing is waited for: with `now`, a file
 * last modified `settleMs` ago or earlier is taken at once (a backlog, a file renamed in long after
 * it was written), and a younger one waits only for the rest of the period. `look`, `sleep` and
 * `now` are injected so the rule can be tested without a clock.
 */
export async function waitUntilStable(
  look: () => Promise<FileShape | undefined>,
  settleMs: number,
  sleep: (ms: number) => Promise<void>,
  now?: () => number,
): Promise<FileShape | undefined> {
  let before = await look();
  if (before === undefined || settleMs <= 0) return before;
  // mtime is the writer's last write: the time since then already counts towards the period.
  const age = now === undefined ? 0 : now() - before.mtimeMs;
  if (age >= settleMs) return before;
  let wait = settleMs - Math.max(0, age);
  for (;;) {
    await sleep(wait);
    const current = await look();
    if (current === undefined || sameShape(before, current)) return current;
    before = current;
    wait = settleMs;
  }
}
