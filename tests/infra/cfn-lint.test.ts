import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/compile-project.js';
import { defineConfig } from '../../src/config/define-config.js';
import { inferViewColumns } from '../../src/engines/local/infer-view-columns.js';
import type { Manifest, ViewEntry } from '../../src/manifest/manifest.js';
import { buildLakehouseApp } from '../../infra/lakehouse-app.js';
import { projectModels } from '../support/project-files.js';
import { pythonToolPython } from '../support/python-tools.js';
import { FIXTURE_SOURCES } from './fixture-app.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const PRINCIPAL = 'arn:aws:quicksight:us-east-1:123456789012:user/default/analyst';
const CONFIG = {
  project: 'supermarket',
  athena: { database: 'supermarket', workgroup: 'supermarket', region: 'us-east-1' },
  lake: { bucket: 'supermarket-lake' },
} as const;

interface Synthesized {
  readonly templateFile: string;
  readonly template: { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };
}

/** Synthesizes the app on the project's real compiled manifest (views with inferred columns), cdk-nag on. */
function synth(manifestFile: string, quicksight: boolean): Synthesized {
  const outdir = mkdtempSync(path.join(tmpdir(), 'cfn-lint-synth-'));
  const config = defineConfig({ ...CONFIG, infra: { quicksight: quicksight ? { enabled: true, principalArn: PRINCIPAL } : { enabled: false } } });
  const { app } = buildLakehouseApp({ config, sources: { ...FIXTURE_SOURCES, manifestFile }, outdir, nag: true, validateTemplates: false, account: undefined });
  const stack = app.synth().stacks[0]!;
  return { templateFile: path.join(outdir, stack.templateFile), template: stack.template as Synthesized['template'] };
}

/** cfn-lint's findings (JSON), all levels; exit code 0 means none. */
async function cfnLint(...templates: string[]): Promise<{ code: number; findings: unknown[] }> {
  // The repository's .cfnlintrc.yaml (one ignored check, with its reason) applies, as for a developer.
  const args = [
    '-c',
    "import sys; from cfnlint.runner import main; sys.argv[0] = 'cfn-lint'; sys.exit(main())",
    '--config-file',
    path.join(ROOT, '.cfnlintrc.yaml'),
    '--format',
    'json',
    '--',
    ...templates,
  ];
  try {
    const { stdout } = await run(pythonToolPython('cfn-lint'), args, { maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, findings: JSON.parse(stdout || '[]') as unknown[] };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    if (typeof err.code !== 'number' || err.stdout === undefined) throw e;
    return { code: err.code, findings: err.stdout ? (JSON.parse(err.stdout) as unknown[]) : [{ stderr: err.stderr }] };
  }
}

describe('synthesized templates on the real manifest, checked by cfn-lint', () => {
  let manifest: Manifest;
  let off: Synthesized;
  let on: Synthesized;

  beforeAll(async () => {
    const config = defineConfig(CONFIG);
    const compiled = compileProject(await projectModels(), config);
    manifest = await inferViewColumns(compiled.manifest!, config);
    const manifestFile = path.join(mkdtempSync(path.join(tmpdir(), 'manifest-')), 'manifest.json');
    writeFileSync(manifestFile, JSON.stringify(manifest));
    off = synth(manifestFile, false);
    on = synth(manifestFile, true);
  });

  it('declares one QuickSight dataset per analyst view, with the columns the build inferred, under ids CloudFormation accepts', () => {
    const views = manifest.models.filter((m): m is ViewEntry => m.kind === 'view');
    const dataSets = Object.values(on.template.Resources).filter((r) => r.Type === 'AWS::QuickSight::DataSet');
    expect(dataSets.map((d) => d.Properties?.['Name']).sort()).toEqual(views.map((v) => v.name).sort());
    for (const d of dataSets) {
      const view = views.find((v) => v.name === d.Properties?.['Name'])!;
      const tables = d.Properties?.['PhysicalTableMap'] as Record<
        string,
        { RelationalTable: { Name: string; InputColumns: { Name: string; Type: string }[] } }
      >;
      // PhysicalTableMap keys must match [0-9a-zA-Z-]*; the view names have underscores.
      for (const key of Object.keys(tables)) expect(key).toMatch(/^[0-9a-zA-Z-]{1,64}$/);
      const [table] = Object.values(tables);
      expect(table!.RelationalTable.Name).toBe(view.name);
      expect(table!.RelationalTable.InputColumns.map((c) => c.Name)).toEqual(view.columns!.map((c) => c.name));
    }
    const sales = dataSets.find((d) => d.Properties?.['Name'] === 'sales_by_store')!;
    const columns = Object.values(sales.Properties?.['PhysicalTableMap'] as Record<string, { RelationalTable: { InputColumns: unknown[] } }>)[0]!
      .RelationalTable.InputColumns;
    expect(columns).toEqual([
      { Name: 'store_id', Type: 'STRING' },
      { Name: 'store_name', Type: 'STRING' },
      { Name: 'dt', Type: 'STRING' },
      { Name: 'transactions', Type: 'INTEGER' },
      { Name: 'items', Type: 'INTEGER' },
      { Name: 'revenue', Type: 'DECIMAL' },
    ]);
  });

  // cfn-lint loads its whole schema set: tens of seconds on a busy machine, so more than the default timeout.
  it('passes cfn-lint with QuickSight off and on, with no finding at any level', { timeout: 300_000 }, async () => {
    const started = performance.now();
    const result = await cfnLint(off.templateFile, on.templateFile);
    console.log(`cfn-lint ${(performance.now() - started) / 1000} s for 2 templates`);
    expect(result.findings).toEqual([]);
    expect(result.code).toBe(0);
  });
});
