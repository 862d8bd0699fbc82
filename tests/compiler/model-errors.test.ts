import { describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/compile-project.js';
import { formatModelError } from '../../src/compiler/model-error.js';
import type { ModelFile } from '../../src/compiler/parse-model.js';
import { projectModels, testConfig, withModel } from '../support/project-files.js';

async function errorsWith(...extra: ModelFile[]): Promise<string[]> {
  let files = await projectModels();
  for (const f of extra) files = withModel(files, f.path, f.text);
  const result = compileProject(files, testConfig());
  expect(result.manifest).toBeUndefined();
  return result.errors.map(formatModelError);
}

const view = (body: string, header = '{{config materialized="view"}}') => `${header}\n${body}\n`;

describe('model errors name the file and the line, and compilation goes on', () => {
  it('unknown ref, with a suggestion', async () => {
    expect(await errorsWith({ path: 'models/views/v1.sql', text: view('SELECT *\nFROM {{ref "transaction"}}') })).toEqual([
      'models/views/v1.sql:3: unknown ref "transaction" (did you mean "transactions"?)',
    ]);
  });

  it('dependency cycle shown as a > b > a', async () => {
    const errors = await errorsWith(
      { path: 'models/views/a.sql', text: view('SELECT * FROM {{ref "b"}}') },
      { path: 'models/views/b.sql', text: view('SELECT *\nFROM {{ref "a"}}') },
    );
    expect(errors).toEqual(['models/views/a.sql:2: dependency cycle: a > b > a']);
  });

  it('duplicate model name', async () => {
    expect(await errorsWith({ path: 'models/marts/top_skus.sql', text: view('SELECT 1 AS x') })).toEqual([
      'models/views/top_skus.sql:1: duplicate model name "top_skus" (also defined in models/marts/top_skus.sql)',
    ]);
  });

  it('invalid identifier', async () => {
    expect(await errorsWith({ path: 'models/views/Sales-Report.sql', text: view('SELECT 1 AS x') })).toEqual([
      'models/views/Sales-Report.sql:1: invalid identifier "Sales-Report": Athena names use lowercase letters, digits and underscores, and start with a letter or underscore',
    ]);
  });

  it("invalid column identifier in a table mapping, at the column's own line", async () => {
    const text = '{{config materialized="table"}}\nSELECT\n  CAST(s.store_id AS varchar) AS "Store Id"\nFROM {{source "pos" "stores"}} AS s\n';
    expect(await errorsWith({ path: 'models/tables/stores2.sql', text })).toEqual([
      'models/tables/stores2.sql:3: invalid identifier "store id": use lowercase letters, digits and underscores',
    ]);
  });

  it('unknown config key, and unknown config value', async () => {
    expect(
      await errorsWith(
        { path: 'models/views/v1.sql', text: view('SELECT 1 AS x', '{{config materialized="view" partition="dt"}}') },
        { path: 'models/views/v2.sql', text: view('SELECT 1 AS x', '\n{{config materialized="materialized_view"}}') },
        {
          path: 'models/tables/t3.sql',
          text: '{{config materialized="table" compression="lz4"}}\nSELECT CAST(s.store_id AS varchar) AS store_id FROM {{source "pos" "stores"}} AS s\n',
        },
      ),
    ).toEqual([
      'models/tables/t3.sql:1: config compression="lz4" is not one of "snappy", "zstd", "gzip"',
      'models/views/v1.sql:1: unknown config key "partition" for a view (allowed: materialized, description, tags)',
      'models/views/v2.sql:2: config materialized="materialized_view" is not one of "source", "table", "view", "mart" (alias: "ctas" for "mart")',
    ]);
  });

  it('malformed template', async () => {
    expect(await errorsWith({ path: 'models/views/v1.sql', text: view('SELECT *\nFROM {{ref "transactions"}\nWHERE 1 = 1') })).toEqual([
      expect.stringMatching(/^models\/views\/v1\.sql:3: malformed template: /),
    ]);
  });

  it('unknown helper, missing config, unknown source, bad test', async () => {
    const errors = await errorsWith(
      { path: 'models/views/v1.sql', text: view('SELECT {{datediff "a" "b"}} AS x') },
      { path: 'models/views/v2.sql', text: 'SELECT 1 AS x\n' },
      { path: 'models/tables/t3.sql', text: '{{config materialized="table"}}\nSELECT CAST(s.id AS varchar) AS id\nFROM {{source "erp" "stores"}} AS s\n' },
      { path: 'models/views/v4.sql', text: view('SELECT 1 AS x', '{{config materialized="view"}}\n{{test "positive" "x"}}') },
    );
    expect(errors).toEqual([
      'models/tables/t3.sql:3: unknown source "erp.stores" (declared: pos.skus, pos.stores, pos.transactions)',
      'models/views/v1.sql:2: unknown helper {{datediff}} (known: config, ref, source, test, date_parse)',
      'models/views/v2.sql:1: missing {{config materialized="…"}} at the top of the model',
      expect.stringMatching(/^models\/views\/v4\.sql:2: unknown test \["positive","x"\]/),
    ]);
  });

  it('table mapping errors point at the offending line', async () => {
    const text = [
      '{{config materialized="table" partitioned_by="dt"}}',
      'SELECT',
      '  CAST(t.transaction_id AS varchar) AS transaction_id,',
      '  CAST(t.till AS varchar) AS till,',
      '  CAST(CAST(CAST(t.transaction_datetime AS timestamp) AS date) AS varchar) AS dt',
      'FROM {{source "pos" "transactions"}} AS t',
    ].join('\n');
    expect(await errorsWith({ path: 'models/tables/tx2.sql', text })).toEqual(['models/tables/tx2.sql:4: source pos.transactions has no field "till"']);
  });

  it('partition column must be last', async () => {
    const text = [
      '{{config materialized="table" partitioned_by="dt"}}',
      'SELECT',
      '  CAST(CAST(CAST(t.transaction_datetime AS timestamp) AS date) AS varchar) AS dt,',
      '  CAST(t.transaction_id AS varchar) AS transaction_id',
      'FROM {{source "pos" "transactions"}} AS t',
    ].join('\n');
    expect(await errorsWith({ path: 'models/tables/tx2.sql', text })).toEqual([
      'models/tables/tx2.sql:3: partition column "dt" must be the last column of the SELECT (Athena writes partition columns last)',
    ]);
  });

  it("a helper argument no dialect can render, and a wrong number of arguments, at the call's line", async () => {
    expect(
      await errorsWith(
        { path: 'models/views/v1.sql', text: view('SELECT\n  {{date_parse "x" "%Y-%Q"}} AS t\nFROM {{ref "transactions"}}') },
        { path: 'models/views/v2.sql', text: view('SELECT {{date_parse "x"}} AS t') },
      ),
    ).toEqual([
      'models/views/v1.sql:3: {{date_parse}}: format specifier %Q is not supported (supported: %a %b %c %d %e %f %H %h %I %i %j %k %M %m %p %r %S %s %T %W %Y %y %%)',
      'models/views/v2.sql:2: {{date_parse}} takes 2 arguments (expression, format): {{date_parse "t.raw_time" "%Y-%m-%d %H:%i:%s"}}',
    ]);
  });

  it('collects every error of every file before stopping', async () => {
    const errors = await errorsWith(
      { path: 'models/views/a.sql', text: view('SELECT * FROM {{ref "nope1"}}') },
      { path: 'models/views/b.sql', text: view('SELECT * FROM {{ref "nope2"}}') },
      { path: 'models/views/C.sql', text: view('SELECT 1 AS x') },
    );
    expect(errors).toHaveLength(3);
  });
});
