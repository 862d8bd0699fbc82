import { Template } from 'aws-cdk-lib/assertions';
import type { ProjectConfig, ProjectConfigInput } from '../../src/config/define-config.js';
import { defineConfig } from '../../src/config/define-config.js';
import { buildLakehouseApp } from '../../infra/lakehouse-app.js';
import type { LakehouseApp } from '../../infra/lakehouse-app.js';

/** Fixtures standing in for code other parts of the project render or write. */
export const FIXTURE_SOURCES = {
  ingestEntry: 'tests/infra/fixtures/ingest-handler.ts',
  glueScript: 'tests/infra/fixtures/backfill_job.py',
  manifestFile: 'tests/infra/fixtures/manifest.json',
} as const;

/** The project's own configuration, as the app reads it. */
export const CONFIG: ProjectConfig = defineConfig({
  project: 'supermarket',
  athena: { database: 'supermarket', workgroup: 'supermarket', region: 'us-east-1' },
  lake: { bucket: 'supermarket-lake' },
});

export interface FixtureOptions {
  readonly config?: ProjectConfigInput;
  /** Run cdk-nag and CloudFormation validation during synth (slow; only the nag test needs it). */
  readonly checks?: boolean;
  /** Overrides of the fixture sources. */
  readonly sources?: { readonly manifestFile?: string };
  /** The deployment account. @default none: tests never depend on the machine's CDK_DEFAULT_ACCOUNT */
  readonly account?: string | undefined;
}

/** The app built on fixtures; checks are off unless asked for, to keep each file's one synth fast. */
export function buildFixtureApp(options: FixtureOptions = {}): LakehouseApp {
  return buildLakehouseApp({
    config: options.config === undefined ? CONFIG : defineConfig(options.config),
    sources: { ...FIXTURE_SOURCES, ...options.sources },
    nag: options.checks ?? false,
    validateTemplates: options.checks ?? false,
    account: options.account,
  });
}

/** Builds the fixture app and synthesizes its stack's template. */
export function synthFixture(options: FixtureOptions = {}): LakehouseApp & { template: Template } {
  const built = buildFixtureApp(options);
  return { ...built, template: Template.fromStack(built.stack) };
}

/** The single resource of a type, with its logical id. */
export function onlyResource(template: Template, type: string): { id: string; props: Record<string, unknown> } {
  const found = Object.entries(template.findResources(type));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  const [id, resource] = found[0] as [string, { Properties: Record<string, unknown> }];
  return { id, props: resource.Properties };
}

/**
 * Flattens intrinsic functions into readable strings: `Ref`/`Fn::GetAtt Arn` of a named bucket
 * become its name/ARN, pseudo parameters become `aws`, `<region>`, `<account>`, other refs `<LogicalId>`.
 */
export function flatten(template: Template, value: unknown): unknown {
  const resources = template.toJSON().Resources as Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  const nameOf = (id: string): string => {
    const bucketName = resources[id]?.Properties?.['BucketName'];
    return typeof bucketName === 'string' ? bucketName : `<${id}>`;
  };
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v !== 'object' || v === null) return v;
    const o = v as Record<string, unknown>;
    if ('Ref' in o && typeof o['Ref'] === 'string') {
      const ref = o['Ref'];
      if (ref === 'AWS::Partition') return 'aws';
      if (ref === 'AWS::Region') return '<region>';
      if (ref === 'AWS::AccountId') return '<account>';
      if (ref === 'AWS::URLSuffix') return 'amazonaws.com';
      return nameOf(ref);
    }
    if ('Fn::GetAtt' in o && Array.isArray(o['Fn::GetAtt'])) {
      const [id, attr] = o['Fn::GetAtt'] as [string, string];
      if (attr === 'Arn' && resources[id]?.Type === 'AWS::S3::Bucket') return `arn:aws:s3:::${nameOf(id)}`;
      return `<${id}.${attr}>`;
    }
    if ('Fn::Sub' in o && typeof o['Fn::Sub'] === 'string') {
      return o['Fn::Sub'].replace(/\$\{AWS::(\w+)\}/g, (_m, p: string) =>
        p === 'Partition' ? 'aws' : p === 'Region' ? '<region>' : p === 'AccountId' ? '<account>' : `<${p}>`,
      );
    }
    if ('Fn::Join' in o && Array.isArray(o['Fn::Join'])) {
      const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
      return parts
        .map((p) => {
          const f = walk(p);
          return typeof f === 'string' ? f : JSON.stringify(f);
        })
        .join(sep);
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, walk(x)]));
  };
  return walk(value);
}
