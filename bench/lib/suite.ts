import type { BenchContext } from './bench-context.js';

/** What a suite hands back to `bench/main.ts`, which prints it. */
export interface SuiteResult {
  /** A heading for the table. */
  readonly title: string;
  /** One or more markdown tables, and any lines explaining them. */
  readonly markdown: string;
  /** Each target this run did not meet, in words, with the figure (printed in the summary). */
  readonly misses: readonly string[];
  /** Each target this run met, in words, with the figure. */
  readonly met?: readonly string[];
}

/** One benchmark: `npm run bench -- <name>`. */
export interface Suite {
  readonly name: string;
  /** One line for `--help`. */
  readonly summary: string;
  run(ctx: BenchContext): Promise<SuiteResult>;
}
