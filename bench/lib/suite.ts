import type { EngineInstaller } from '../../src/engines/install/engine-installer.js';
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
  /** Tools the suite needs that `npm test` does not install: `npm run bench -- --install <suite>` fetches them. */
  readonly installers?: readonly EngineInstaller[];
  run(ctx: BenchContext): Promise<SuiteResult>;
}
