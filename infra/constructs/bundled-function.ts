import { existsSync } from 'node:fs';
import path from 'node:path';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as logs from 'aws-cdk-lib/aws-logs';

/** What the project's TypeScript Lambdas (ingest, compaction) differ in; the rest is {@link bundledFunctionProps}. */
export interface BundledFunctionOptions {
  /** The construct, for errors: `IngestFunction`, `CompactionSchedule`. */
  readonly owner: string;
  readonly projectRoot: string;
  /** The handler module exporting `handler()`, relative to `projectRoot`. */
  readonly entry: string;
  readonly role: iam.IRole;
  readonly logGroup: logs.ILogGroup;
  /** @default lambda.Runtime.NODEJS_24_X (the newest Node.js runtime in this aws-cdk-lib) */
  readonly runtime?: lambda.Runtime | undefined;
  /** The function's variables; `extra` (the user's) are merged over them. */
  readonly environment: Readonly<Record<string, string>>;
  readonly extraEnvironment?: Readonly<Record<string, string>> | undefined;
}

/**
 * The props every project Lambda shares: bundled locally by esbuild (no Docker) as ESM for arm64,
 * with its own role and log group, JSON logs and source maps; fails at synth, naming the file,
 * when the handler module is missing.
 */
export function bundledFunctionProps(o: BundledFunctionOptions): nodejs.NodejsFunctionProps {
  const entry = path.resolve(o.projectRoot, o.entry);
  if (!existsSync(entry)) throw new Error(`${o.owner}: handler entry ${entry} does not exist`);
  return {
    entry,
    handler: 'handler',
    projectRoot: o.projectRoot,
    depsLockFilePath: path.join(o.projectRoot, 'package-lock.json'),
    runtime: o.runtime ?? lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    role: o.role,
    logGroup: o.logGroup,
    loggingFormat: lambda.LoggingFormat.JSON,
    environment: {
      ...o.environment,
      // Stack traces in the logs point at the TypeScript sources (the bundle ships its source map).
      NODE_OPTIONS: '--enable-source-maps',
      ...o.extraEnvironment,
    },
    bundling: {
      forceDockerBundling: false,
      format: nodejs.OutputFormat.ESM,
      // CommonJS dependencies bundled into ESM still call require().
      banner: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
      mainFields: ['module', 'main'],
      minify: true,
      sourceMap: true,
      // Pin the SDK the tests ran against instead of whatever the runtime ships.
      bundleAwsSDK: true,
    },
  };
}
