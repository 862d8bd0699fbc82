import { TrinoSQL } from 'dt-sql-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLocalBackfill } from '../../src/batch/local-backfill.js';
import { compileProject } from '../../src/compiler/compile-project.js';
import { renderArtifacts } from '../../src/compiler/render-artifacts.js';
import type { LocalEngine } from '../../src/engines/local/local-engine.js';
import { makeTempLake, migratedEngine, writeFixtureRaw } from '../support/fixture-lake.js';
import { projectConfig, projectModels, withModel } from '../support/project-files.js';

/** The analyst contract (README, "Add a view"), verbatim, plus a view using Trino-only functions. */
const BASKET_SIZE = `{{config materialized="view" description="Average basket size per store"}}
SELECT t.store_id, avg(i.quantity) AS avg_quantity
FROM {{ref "transactions"}} t
JOIN {{ref "transaction_items"}} i ON i.transaction_id = t.transaction_id AND i.dt = t.dt
GROUP BY t.store_id
`;
const WEEKDAY = `{{config materialized="view" description="Revenue per ISO weekday, Trino functions only"}}
SELECT day_of_week(t.transaction_datetime) AS weekday, date_format(t.transaction_datetime, '%W') AS weekday_name,
       approx_distinct(t.transaction_id) AS transactions
FROM {{ref "transactions"}} t
GROUP BY 1, 2
`;

describe('an analyst drops a view into models/views/ and it works on both targets with no code change', () => {
  const config = projectConfig();
  let engine: LocalEngine;
  let files: Map<string, string>;

  beforeAll(async () => {
    let models = withModel(await projectModels(), 'models/views/basket_size.sql', BASKET_SIZE);
    models = withModel(models, 'models/views/weekday_sales.sql', WEEKDAY);
    const { manifest, errors } = compileProject(models, config);
    expect(errors).toEqual([]);
    files = renderArtifacts(manifest!, config);
    const lake = await makeTempLake();
    await writeFixtureRaw(lake);
    engine = await migratedEngine(lake, manifest!, config);
    await runLocalBackfill(engine, manifest!, config, { runId: 'analyst' });
  });
  afterAll(() => engine?.close());

  it('renders sql/athena/views/basket_size.sql (valid Trino) and sql/duckdb/views/basket_size.sql', () => {
    const athena = files.get('sql/athena/views/basket_size.sql')!;
    expect(athena).toMatch(/CREATE OR REPLACE VIEW "supermarket"\."basket_size" COMMENT 'model\.sql_sha256=[0-9a-f]{64}' AS/);
    expect(new TrinoSQL().validate(athena)).toEqual([]);
    expect(files.get('sql/duckdb/views/basket_size.sql')).toContain('CREATE OR REPLACE VIEW basket_size AS');
  });

  it('the view answers on the local engine: S1 sold 2+1+3+2+1 units on 5 lines, S2 1 unit on 1 line', async () => {
    expect((await engine.query('SELECT store_id, avg_quantity FROM basket_size ORDER BY store_id')).rows).toEqual([
      { store_id: 'S1', avg_quantity: 1.8 },
      { store_id: 'S2', avg_quantity: 1 },
    ]);
  });

  it('Trino-only functions run through the compatibility macros: 2024-04-10 is a Wednesday (3), 2024-04-11 a Thursday (4)', async () => {
    expect((await engine.query('SELECT weekday, weekday_name, transactions FROM weekday_sales ORDER BY weekday')).rows).toEqual([
      { weekday: '3', weekday_name: 'Wednesday', transactions: '3' },
      { weekday: '4', weekday_name: 'Thursday', transactions: '1' },
    ]);
  });
});
