import { describe, expect, it } from 'vitest';
import { compileProject } from '../../../src/compiler/compile-project.js';
import { athenaTypeOfDuckdb, inferViewColumns, ViewColumnsError } from '../../../src/engines/local/infer-view-columns.js';
import { projectConfig, projectModels, withModel } from '../../support/project-files.js';

describe('inferViewColumns (build step)', () => {
  it('gives every view its columns, as Athena types, from DuckDB over typed empty stand-ins', async () => {
    const config = projectConfig();
    const files = withModel(
      await projectModels(),
      'models/views/basket_size.sql',
      '{{config materialized="view"}}\nSELECT t.store_id, avg(i.quantity) AS avg_quantity, count(*) AS lines, max(t.transaction_datetime) AS last_seen\nFROM {{ref "transactions"}} t\nJOIN {{ref "transaction_items"}} i ON i.transaction_id = t.transaction_id AND i.dt = t.dt\nGROUP BY t.store_id\n',
    );
    const { manifest } = compileProject(files, config);
    const inferred = await inferViewColumns(manifest!, config);
    const view = inferred.models.find((m) => m.name === 'basket_size');
    expect(view).toMatchObject({
      kind: 'view',
      columns: [
        { name: 'store_id', type: { kind: 'varchar' } },
        { name: 'avg_quantity', type: { kind: 'double' } },
        { name: 'lines', type: { kind: 'bigint' } },
        { name: 'last_seen', type: { kind: 'timestamp' } },
      ],
    });
    // Every view has columns; nothing else changes (compileProject's output is not touched).
    for (const m of inferred.models) if (m.kind === 'view') expect(m.columns?.length).toBeGreaterThan(0);
    expect(manifest!.models.some((m) => 'columns' in m && m.kind === 'view')).toBe(false);
  });

  it('names the view and its file when DuckDB cannot run it (the build reports it as a model error)', async () => {
    const config = projectConfig();
    const files = withModel(
      await projectModels(),
      'models/views/broken.sql',
      '{{config materialized="view"}}\nSELECT no_such_function(t.store_id) AS x FROM {{ref "transactions"}} t\n',
    );
    const { manifest } = compileProject(files, config);
    const error = await inferViewColumns(manifest!, config).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ViewColumnsError);
    expect(error).toMatchObject({ model: 'broken', path: 'models/views/broken.sql', message: expect.stringMatching(/no_such_function/) });
  });

  it('maps DuckDB types to the Athena types they stand for', () => {
    expect(athenaTypeOfDuckdb('HUGEINT')).toEqual({ kind: 'bigint' });
    expect(athenaTypeOfDuckdb('DECIMAL(38,2)')).toEqual({ kind: 'decimal', precision: 38, scale: 2 });
    expect(athenaTypeOfDuckdb('FLOAT')).toEqual({ kind: 'real' });
    expect(athenaTypeOfDuckdb('BLOB')).toEqual({ kind: 'varbinary' });
    expect(athenaTypeOfDuckdb('TIMESTAMP WITH TIME ZONE')).toEqual({ kind: 'timestamp' });
    expect(athenaTypeOfDuckdb('VARCHAR[]')).toEqual({ kind: 'array', element: { kind: 'varchar' } });
    expect(athenaTypeOfDuckdb('STRUCT(a INTEGER, b MAP(VARCHAR, BIGINT))')).toEqual({
      kind: 'struct',
      fields: [
        { name: 'a', type: { kind: 'integer' } },
        { name: 'b', type: { kind: 'map', key: { kind: 'varchar' }, value: { kind: 'bigint' } } },
      ],
    });
    expect(() => athenaTypeOfDuckdb('UNION(a INTEGER)')).toThrow(/no Athena counterpart/);
  });
});
