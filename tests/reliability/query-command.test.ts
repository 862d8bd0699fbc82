import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryCommand } from '../../src/cli/commands/query-command.js';
import { compileProject } from '../../src/compiler/compile-project.js';
import { localCatalogPath } from '../../src/engines/local/local-catalog.js';
import { LocalEngine } from '../../src/engines/local/local-engine.js';
import { LocalObjectStore } from '../../src/storage/local-object-store.js';
import { createIngestHandler } from '../../src/streaming/ingest-handler.js';
import { makeTempLake, migratedEngine } from '../support/fixture-lake.js';
import { projectConfig, projectModels } from '../support/project-files.js';
import { s3PutEvent } from '../support/s3-event.js';

const config = projectConfig();
const manifest = compileProject(await projectModels(), config).manifest!;

let lake: string;
let outside: string;
const savedLakeDir = process.env.LAKE_DIR;

async function query(sql: string, format = 'json'): Promise<string> {
  const out: string[] = [];
  await queryCommand([sql, '--format', format], { stdout: (t) => out.push(t), stderr: (t) => out.push(t) });
  return out.join('\n');
}

beforeAll(async () => {
  lake = await makeTempLake('rel-query-');
  outside = await makeTempLake('rel-outside-');
  await writeFile(path.join(outside, 'secret.txt'), 'top secret\n');
  const store = new LocalObjectStore(lake);
  const handle = createIngestHandler({ store, manifest });
  for (let i = 0; i < 7; i++) {
    const key = `incoming/q/${i}.json`;
    const body = JSON.stringify({
      transaction_id: `Q-${i}`,
      store_id: 'STORE0001',
      transaction_datetime: '2024-04-10 10:00:00',
      items: [{ sku_id: 'SKU00001', quantity: 2 }],
    });
    await handle(s3PutEvent(key, (await store.put(key, body)).etag));
  }
  await (await migratedEngine(lake, manifest, config)).close();
  process.env.LAKE_DIR = lake;
});

afterAll(() => {
  if (savedLakeDir === undefined) delete process.env.LAKE_DIR;
  else process.env.LAKE_DIR = savedLakeDir;
});

describe('npm run query is read-only (14.4)', () => {
  it('answers read-only statements: SELECT, WITH, VALUES, SHOW, DESCRIBE, EXPLAIN, over the lake’s views', async () => {
    expect(JSON.parse(await query('SELECT count(*) AS n, sum(quantity) AS q FROM transaction_items'))).toEqual([{ n: '7', q: '14' }]);
    expect(JSON.parse(await query('WITH t AS (SELECT transaction_id FROM transactions) SELECT count(*) AS n FROM t;'))).toEqual([{ n: '7' }]);
    expect(JSON.parse(await query('VALUES (1, 2)'))).toHaveLength(1);
    expect(await query('SHOW TABLES')).toContain('transactions');
    expect(await query('DESCRIBE transactions')).toContain('transaction_id');
    expect(await query('EXPLAIN SELECT count(*) FROM transactions')).toMatch(/physical_plan|explain_value/);
    expect(JSON.parse(await query("/* a comment first */ (SELECT 'a;b' AS s)"))).toEqual([{ s: 'a;b' }]);
  });

  const lakeFile = () => path.join(lake, 'tables/transactions/dt=2024-04-10/evil.parquet');
  const attacks: [string, () => string, RegExp][] = [
    ['reads a file outside the lake', () => `SELECT * FROM read_text('${outside}/secret.txt')`, /Permission Error[\s\S]*reads only the lake/],
    ['reads /etc/passwd', () => "SELECT content FROM read_text('/etc/passwd')", /Permission Error/],
    ['climbs out of the lake with ..', () => `SELECT * FROM read_text('${lake}/../${path.basename(outside)}/secret.txt')`, /Permission Error/],
    ['lists files outside the lake', () => "SELECT * FROM glob('/etc/*')", /Permission Error/],
    [
      'COPY over the lake’s own Parquet',
      () => `COPY (SELECT 'x' AS transaction_id) TO '${lakeFile()}' (FORMAT parquet)`,
      /COPY statements are not allowed: the query command is read-only/,
    ],
    ['COPY over the catalog', () => `COPY (SELECT 1) TO '${localCatalogPath(lake)}'`, /COPY statements are not allowed/],
    ['ATTACH a database file', () => `ATTACH '${outside}/x.db' AS x`, /ATTACH statements are not allowed/],
    ['INSTALL an extension', () => 'INSTALL httpfs', /INSTALL statements are not allowed/],
    ['LOAD an extension', () => 'LOAD httpfs', /LOAD statements are not allowed/],
    ['re-enable external access', () => 'SET enable_external_access = true', /SET statements are not allowed/],
    ['two statements in one call', () => `SELECT 1; COPY (SELECT 1) TO '${outside}/two.csv'`, /exactly one statement is allowed; this text holds 2/],
    ['EXPLAIN ANALYZE of a COPY', () => `EXPLAIN ANALYZE COPY (SELECT 1) TO '${outside}/explained.csv'`, /EXPLAIN COPY is not allowed/],
    ['CREATE a table', () => 'CREATE TABLE t AS SELECT 1', /CREATE statements are not allowed/],
    ['PRAGMA', () => 'PRAGMA enable_profiling', /PRAGMA statements are not allowed/],
  ];
  for (const [name, sql, message] of attacks) {
    it(`refuses: ${name}`, async () => {
      await expect(query(sql())).rejects.toThrow(message);
    });
  }

  it('after every attack: no file written, the secret unread, the lake’s counts unchanged', async () => {
    expect(existsSync(lakeFile())).toBe(false);
    for (const f of ['two.csv', 'explained.csv', 'x.db']) expect(existsSync(path.join(outside, f))).toBe(false);
    expect(JSON.parse(await readFile(localCatalogPath(lake), 'utf8')).entries.length).toBeGreaterThan(10);
    expect(JSON.parse(await query('SELECT count(*) AS n FROM transactions'))).toEqual([{ n: '7' }]);
  });

  it('the engine’s own guard holds without the text check: DuckDB’s statement type, locked settings', async () => {
    const engine = await LocalEngine.open({ lakeDir: lake, readOnly: true });
    try {
      await expect(engine.execute('CREATE TABLE t (a INTEGER)')).rejects.toThrow(/opened read-only/);
      const settings = (
        await engine.query(
          "SELECT current_setting('enable_external_access') AS e, current_setting('lock_configuration') AS l, current_setting('autoload_known_extensions') AS a",
        )
      ).rows;
      expect(settings).toEqual([{ e: false, l: true, a: false }]);
      expect((await engine.query('SELECT count(*) AS n FROM transactions')).rows).toEqual([{ n: '7' }]);
    } finally {
      await engine.close();
    }
  });

  it('says so in --help', async () => {
    const out: string[] = [];
    await queryCommand(['--help'], { stdout: (t) => out.push(t), stderr: (t) => out.push(t) });
    expect(out.join('\n')).toMatch(/one read-only statement[\s\S]*enable_external_access=false[\s\S]*lock_configuration=true/);
  });
});

describe('the local catalog cannot smuggle statements (14.4)', () => {
  async function tamperedLake(mutate: (entries: { object: { name: string }; createSql: string }[]) => void): Promise<string> {
    const dir = await makeTempLake('rel-catalog-');
    await (await migratedEngine(dir, manifest, config)).close();
    const catalog = JSON.parse(await readFile(localCatalogPath(dir), 'utf8'));
    mutate(catalog.entries);
    await mkdir(path.dirname(localCatalogPath(dir)), { recursive: true });
    await writeFile(localCatalogPath(dir), JSON.stringify(catalog));
    return dir;
  }

  it('a second statement appended to a view is refused at open, naming the catalog file and the repair', async () => {
    const target = path.join(outside, 'pwned.csv');
    const dir = await tamperedLake((entries) => {
      entries[0]!.createSql += `; COPY (SELECT 1) TO '${target}'`;
    });
    await expect(LocalEngine.open({ lakeDir: dir })).rejects.toThrow(
      new RegExp(
        `${localCatalogPath(dir).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} entry 1 \\(\\w+\\) holds more than one statement[\\s\\S]*npm run migrate -- --repair`,
      ),
    );
    expect(existsSync(target)).toBe(false);
  });

  it('an entry that is not a CREATE VIEW of its own name, or a name that is not an identifier, is refused', async () => {
    const copy = await tamperedLake((entries) => {
      entries[1]!.createSql = `COPY (SELECT 1) TO '${outside}/c.csv'`;
    });
    await expect(LocalEngine.open({ lakeDir: copy })).rejects.toThrow(/entry 2 \(\w+\) is not a CREATE VIEW statement/);
    const other = await tamperedLake((entries) => {
      entries[1]!.createSql = entries[1]!.createSql.replace(entries[1]!.object.name, 'somewhere_else');
    });
    await expect(LocalEngine.open({ lakeDir: other })).rejects.toThrow(/does not create the view/);
    const badName = await tamperedLake((entries) => {
      entries[0]!.object.name = 'x; DROP VIEW y';
    });
    await expect(LocalEngine.open({ lakeDir: badName })).rejects.toThrow(/entry 1 has an invalid object name/);
    expect(existsSync(path.join(outside, 'c.csv'))).toBe(false);
  });
});
