import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { localCatalogPath, readLocalCatalog } from '../../../src/engines/local/local-catalog.js';

async function lakeWith(catalog: unknown): Promise<string> {
  const lake = await mkdtemp(path.join(tmpdir(), 'catalog-'));
  await mkdir(path.dirname(localCatalogPath(lake)), { recursive: true });
  await writeFile(localCatalogPath(lake), JSON.stringify(catalog));
  return lake;
}

const view = { kind: 'view', name: 'v', sql: 'SELECT 1 AS x' };

describe('readLocalCatalog', () => {
  it('reads what migrate writes', async () => {
    const entries = [{ object: view, createSql: 'CREATE OR REPLACE VIEW v AS SELECT 1 AS x' }];
    expect(await readLocalCatalog(await lakeWith({ version: 1, entries }))).toEqual({ version: 1, entries });
  });

  it('refuses an entry of the wrong shape, naming the file, the entry, the key and the repair', async () => {
    const lake = await lakeWith({ version: 1, entries: [{ object: { ...view, sql: 42 }, createSql: 'CREATE VIEW v AS SELECT 1' }] });
    await expect(readLocalCatalog(lake)).rejects.toThrow(
      new RegExp(`the local catalog ${localCatalogPath(lake).replace(/[.]/g, '\\.')} entry 1 has an invalid object\\.sql .*npm run migrate -- --repair`),
    );
  });
});
