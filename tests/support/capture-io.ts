import type { CliIo } from '../../src/cli/cli-io.js';

/** A CliIo that keeps what a command prints, for assertions. */
export function captureIo(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t) };
}
