import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { CURRENTLY_RECOMMENDED_FLAGS } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { ProjectConfig } from '../src/config/define-config.js';
import { loadConfig } from '../src/config/load-config.js';
import type { SqlType } from '../src/compiler/sql-type.js';
import { parseManifestText } from '../src/manifest/manifest.js';
import type { QuickSightColumnType, QuickSightView } from './constructs/quicksight-datasets.js';
import { LakehouseStack } from './lakehouse-stack.js';
import type { LakehouseSources } from './lakehouse-stack.js';

/** The repository root, found from this file rather than the working directory. */
const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Options of {@link buildLakehouseApp}. */
export interface BuildLakehouseAppOptions {
  /** Project configuration. @default the one in dbt-like.config.ts */
  readonly config?: ProjectConfig;
  /** Repository root. @default the directory above infra/ */
  readonly projectRoot?: string;
  /** Code locations overriding the defaults (tests point these at fixtures). @default {} */
  readonly sources?: Partial<Omit<LakehouseSources, 'projectRoot'>> & {
    /**
     * The compiled manifest: the ingest handler imports it (esbuild inlines it into the bundle) and
     * QuickSight datasets take the views' columns from it.
     * @default `${config.targetDir}/manifest.json`
     */
    readonly manifestFile?: string;
  };
  /**
   * The account to deploy to; the region always comes from `config.athena.region`, the one the CLI,
   * the Athena engine, the Glue runner and the producer use. Unset, the stack is account-agnostic
   * (synth needs no credentials) and `cdk deploy` fills in the profile's account.
   * @default CDK_DEFAULT_ACCOUNT (set by the CDK CLI from the credentials), else none
   */
  readonly account?: string | undefined;
  /** Cloud assembly directory. @default CDK_OUTDIR when run by the CDK CLI, else a temporary directory */
  readonly outdir?: string;
  /** Register cdk-nag's AwsSolutionsChecks, so synthesis fails on an unacknowledged finding. @default true */
  readonly nag?: boolean;
  /**
   * Run CDK's built-in CloudFormation schema validation at synth (a few seconds of WebAssembly);
   * `CDK_VALIDATION=false` also turns it off.
   * @default true
   */
  readonly validateTemplates?: boolean;
}

/** The built app and its one stack. */
export interface LakehouseApp {
  readonly app: App;
  readonly stack: LakehouseStack;
}

/** Thrown when code the stack deploys has not been written or rendered yet. */
export class MissingSourcesError extends Error {
  constructor(readonly missing: readonly string[]) {
    super(`cannot synthesize the CDK app, missing:\n${missing.map((m) => `  - ${m}`).join('\n')}`);
    this.name = 'MissingSourcesError';
  }
}

/** `supermarket` → `SupermarketLakehouseStack`. */
function stackIdFor(project: string): string {
  const pascal = project
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join('');
  return `${pascal}LakehouseStack`;
}

/**
 * Builds the CDK app without synthesizing it. The region is pinned to the configuration; the account
 * is taken from the CDK default environment when there is one; no lookups, so `synth` needs neither
 * credentials nor network.
 */
export function buildLakehouseApp(options: BuildLakehouseAppOptions = {}): LakehouseApp {
  const config = options.config ?? loadConfig();
  const projectRoot = options.projectRoot ?? PROJECT_ROOT;
  const given = options.sources ?? {};
  const resolve = (p: string): string => path.resolve(projectRoot, p);

  const ingestEntry = given.ingestEntry ?? 'lambda/ingest-handler.ts';
  const glueScript = given.glueScript ?? `${config.glueJobsDir}/backfill_job.py`;
  const producerDockerfile = given.producerDockerfile ?? 'producer/Dockerfile';
  const manifestFile = given.manifestFile ?? `${config.targetDir}/manifest.json`;
  const missing = [
    [manifestFile, 'the compiled manifest the ingest handler bundles: run `npm run build:models`'],
    [ingestEntry, 'the ingest Lambda handler exporting `handler`'],
    [glueScript, 'the rendered Glue script: run `npm run build:models`'],
    [producerDockerfile, 'the producer image definition'],
  ]
    .filter(([file]) => file !== undefined && !existsSync(resolve(file)))
    .map(([file, what]) => `${file}: ${what}`);
  if (missing.length > 0) throw new MissingSourcesError(missing);

  const quicksightViews = given.quicksightViews ?? readQuickSightViews(resolve(manifestFile));

  // The feature flags `cdk init` writes to cdk.json: current defaults (e.g. access-log delivery via
  // bucket policy rather than ACLs), without a cdk.json that the CLI-less `npm run synth` would ignore.
  const context = { ...CURRENTLY_RECOMMENDED_FLAGS };
  const app = new App({
    context,
    builtinCloudFormationValidation: options.validateTemplates ?? true,
    ...(options.outdir === undefined ? {} : { outdir: options.outdir }),
  });
  const stack = new LakehouseStack(app, stackIdFor(config.project), {
    description: `${config.project} lakehouse: S3 lake, Athena, Glue, ingest Lambda, Fargate producer`,
    env: { region: config.athena.region, account: 'account' in options ? options.account : process.env['CDK_DEFAULT_ACCOUNT'] },
    config,
    sources: {
      projectRoot,
      ingestEntry,
      glueScript,
      producerDockerfile,
      quicksightViews,
    },
  });
  if (options.nag ?? true) {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  }
  return { app, stack };
}

/** QuickSight's column type of each SQL type; anything else is read as text. */
const QUICKSIGHT_TYPES: Partial<Record<SqlType['kind'], QuickSightColumnType>> = {
  tinyint: 'INTEGER',
  smallint: 'INTEGER',
  integer: 'INTEGER',
  bigint: 'INTEGER',
  decimal: 'DECIMAL',
  double: 'DECIMAL',
  real: 'DECIMAL',
  timestamp: 'DATETIME',
  date: 'DATETIME',
  boolean: 'BOOLEAN',
};

/**
 * The views of the compiled manifest with their columns (set by `npm run build:models`), read
 * through the manifest's own schema: a manifest the Lambda could not read fails synth too, naming
 * the file. Views without columns are skipped: QuickSight cannot declare a dataset without them.
 */
function readQuickSightViews(manifestPath: string): QuickSightView[] {
  const manifest = parseManifestText(readFileSync(manifestPath, 'utf8'), manifestPath);
  return manifest.models.flatMap((m) =>
    m.kind === 'view' && m.columns !== undefined && m.columns.length > 0
      ? [{ name: m.name, columns: m.columns.map((c) => ({ name: c.name, type: QUICKSIGHT_TYPES[c.type.kind] ?? 'STRING' })) }]
      : [],
  );
}
