import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildFixtureApp, flatten, onlyResource, synthFixture } from './fixture-app.js';

const PRINCIPAL = 'arn:aws:quicksight:us-east-1:123456789012:user/default/analyst';
const base = { project: 'supermarket', lake: { bucket: 'supermarket-lake' } } as const;

describe('QuickSightDatasets', () => {
  it('is absent by default', () => {
    const { stack } = buildFixtureApp();
    expect(stack.quicksight).toBeUndefined();
  });

  it('refuses to build without a principal ARN, saying what to set', () => {
    expect(() => buildFixtureApp({ config: { ...base, infra: { quicksight: { enabled: true } } } })).toThrow(/infra\.quicksight\.principalArn is not set/);
  });

  it('refuses to build when the manifest lists no columns for the views', () => {
    const config = { ...base, infra: { quicksight: { enabled: true, principalArn: PRINCIPAL } } };
    expect(() => buildFixtureApp({ config, sources: { manifestFile: 'tests/infra/fixtures/manifest-without-view-columns.json' } })).toThrow(
      /must list `columns` for each view/,
    );
  });

  it('reads the manifest through its schema: a manifest the Lambda could not read fails synth, naming the file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'manifest-'));
    const file = path.join(dir, 'manifest.json');
    const manifest = JSON.parse(readFileSync('tests/infra/fixtures/manifest.json', 'utf8')) as { models: Record<string, unknown>[] };
    writeFileSync(
      file,
      JSON.stringify({
        ...manifest,
        models: manifest.models.map((m) => (m['kind'] === 'view' ? { ...m, columns: [{ name: 'x', type: 'decimal(18,2)' }] } : m)),
      }),
    );
    const config = { ...base, infra: { quicksight: { enabled: true, principalArn: PRINCIPAL } } };
    expect(() => buildFixtureApp({ config, sources: { manifestFile: file } })).toThrow(
      new RegExp(`${file.replace(/[.]/g, '\\.')}[\\s\\S]*columns\\.0\\.type[\\s\\S]*npm run build:models`),
    );
  });

  it('creates an Athena data source on the workgroup and one direct-query dataset per analyst view', () => {
    const { template } = synthFixture({ config: { ...base, infra: { quicksight: { enabled: true, principalArn: PRINCIPAL } } } });
    const source = onlyResource(template, 'AWS::QuickSight::DataSource');
    expect(source.props).toMatchObject({
      Type: 'ATHENA',
      DataSourceParameters: { AthenaParameters: { WorkGroup: 'supermarket' } },
      SslProperties: { DisableSsl: false },
      Permissions: [{ Principal: PRINCIPAL }],
    });
    const dataSets = Object.values(template.findResources('AWS::QuickSight::DataSet')).map(
      (r) => flatten(template, (r as { Properties: Record<string, unknown> }).Properties) as Record<string, unknown>,
    );
    expect(dataSets.map((d) => d['Name']).sort()).toEqual(['hourly_sales', 'sales_by_store', 'store_freshness', 'top_skus', 'transaction_totals']);
    const sales = dataSets.find((d) => d['Name'] === 'sales_by_store');
    expect(sales).toMatchObject({
      ImportMode: 'DIRECT_QUERY',
      PhysicalTableMap: {
        'sales-by-store': {
          RelationalTable: {
            Catalog: 'AwsDataCatalog',
            Schema: 'supermarket',
            Name: 'sales_by_store',
            InputColumns: [
              { Name: 'store_id', Type: 'STRING' },
              { Name: 'store_name', Type: 'STRING' },
              { Name: 'dt', Type: 'STRING' },
              { Name: 'transactions', Type: 'INTEGER' },
              { Name: 'items', Type: 'INTEGER' },
              { Name: 'revenue', Type: 'DECIMAL' },
            ],
          },
        },
      },
    });
  });
});
