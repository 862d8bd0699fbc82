import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/compile-project.js';
import { selectModels } from '../../src/selection/select-models.js';
import { parseSelection } from '../../src/selection/selector.js';
import { readStateManifest } from '../../src/selection/selection-options.js';
import { projectConfig, projectModels, withModel } from '../support/project-files.js';

const config = projectConfig();
const files = await projectModels();
const manifest = compileProject(files, config).manifest!;
const names = (select: string[], exclude: string[] = [], state = undefined as Parameters<typeof selectModels>[1]['state']) =>
  selectModels(manifest, { select: parseSelection(select), exclude: parseSelection(exclude), ...(state ? { state } : {}) }).map((m) => m.name);

describe('graph selection', () => {
  it('no selector selects every model, in dependency order', () => {
    expect(names([])).toEqual(manifest.models.map((m) => m.name));
  });

  it('name, +name (upstream) and name+ (downstream), in dependency order', () => {
    expect(names(['sales_by_store'])).toEqual(['sales_by_store']);
    expect(names(['+sales_by_store'])).toEqual(['pos_skus', 'skus', 'pos_stores', 'supermarkets', 'pos_transactions', 'transaction_items', 'sales_by_store']);
    expect(names(['sales_by_store+'])).toEqual(['sales_by_store', 'daily_store_sales']);
    expect(names(['pos_transactions+'])).toEqual([
      'pos_transactions',
      'transaction_items',
      'sales_by_store',
      'daily_store_sales',
      'hourly_sales',
      'transactions',
      'store_freshness',
      'top_skus',
      'transaction_totals',
    ]);
  });

  it('tag:, path:, union by space, intersection by comma, --exclude', () => {
    expect(names(['tag:finance'])).toEqual(['sales_by_store', 'daily_store_sales']);
    expect(names(['path:models/views'])).toEqual(['sales_by_store', 'hourly_sales', 'store_freshness', 'top_skus', 'transaction_totals']);
    expect(names(['tag:finance,path:models/views/'])).toEqual(['sales_by_store']);
    expect(names(['top_skus hourly_sales'])).toEqual(['hourly_sales', 'top_skus']);
    expect(names(['top_skus', 'hourly_sales'])).toEqual(['hourly_sales', 'top_skus']);
    expect(names(['path:models/views'], ['tag:finance'])).toEqual(['hourly_sales', 'store_freshness', 'top_skus', 'transaction_totals']);
  });

  it('an unknown name, tag, path or method is an error naming the near matches', () => {
    expect(() => names(['sales'])).toThrow(
      'no model named "sales" in --select/--exclude "sales" (did you mean "sales_by_store", "daily_store_sales", "hourly_sales"?)',
    );
    expect(() => names(['top_sku+'])).toThrow(/did you mean "top_skus"/);
    expect(() => names(['tag:nope'])).toThrow('no model has tag "nope" (tags in use: daily, finance)');
    expect(() => names(['path:models/view'])).toThrow(/no model file under "models\/view" \(did you mean "models\/views"/);
    expect(() => names(['colour:red'])).toThrow(/unknown selector method "colour:"/);
    expect(() => names(['a,'])).toThrow(/empty selector/);
    expect(() => names(['state:modified'])).toThrow(/add --state DIR/);
  });

  it('state:modified is a changed SQL or config, or a new model; + extends it downstream', () => {
    const changed = withModel(
      withModel(
        files,
        'models/views/top_skus.sql',
        files.find((f) => f.path === 'models/views/top_skus.sql')!.text.replace('sum(i.quantity) AS units', 'sum(i.quantity) AS units, count(*) AS lines'),
      ),
      'models/views/basket.sql',
      '{{config materialized="view"}}\nSELECT count(*) AS n FROM {{ref "transactions"}}\n',
    );
    const withTag = withModel(
      changed,
      'models/tables/skus.sql',
      files.find((f) => f.path === 'models/tables/skus.sql')!.text.replace('{{config materialized="table"', '{{config materialized="table" tags="dim"'),
    );
    const after = compileProject(withTag, config).manifest!;
    const pick = (sel: string) => selectModels(after, { select: parseSelection([sel]), exclude: [], state: manifest }).map((m) => m.name);
    expect(pick('state:modified').sort()).toEqual(['basket', 'skus', 'top_skus']);
    expect(pick('state:new')).toEqual(['basket']);
    expect(pick('state:modified+').sort()).toEqual(['basket', 'daily_store_sales', 'hourly_sales', 'sales_by_store', 'skus', 'top_skus', 'transaction_totals']);
    // Nothing changed: nothing selected.
    expect(selectModels(manifest, { select: parseSelection(['state:modified']), exclude: [], state: manifest })).toEqual([]);
  });

  it('--state reads the manifest.json of a folder and says what to do when it is missing', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'state-'));
    await expect(readStateManifest(dir)).rejects.toThrow(/no manifest at .*manifest\.json\. Save the manifest of the deployed models/);
    await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    expect((await readStateManifest(dir)).models.length).toBe(manifest.models.length);
    // Read through the manifest's schema, not cast: a wrong entry or a non-JSON file names the file and what to do.
    await writeFile(path.join(dir, 'manifest.json'), JSON.stringify({ ...manifest, models: [{ ...manifest.models[0], kind: 'cube' }] }));
    await expect(readStateManifest(dir)).rejects.toThrow(/^--state: .*manifest\.json[\s\S]*models\.0[\s\S]*npm run build:models/);
    await writeFile(path.join(dir, 'manifest.json'), '{"manifestVersion": 2,');
    await expect(readStateManifest(dir)).rejects.toThrow(
      /^--state: .*manifest\.json is not JSON \(.*\)\. Rebuild it from the models with `npm run build:models`\.$/,
    );
  });
});
