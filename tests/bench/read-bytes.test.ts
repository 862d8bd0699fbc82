import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlainDuckDb } from '../../bench/lib/plain-duckdb.js';
import { measureReadBytes, prunedFiles, sumFileSizes } from '../../bench/lib/read-bytes.js';
import { runLocalBackfill } from '../../src/batch/local-backfill.js';
import { loadProject } from '../../src/cli/project.js';
import { migratedEngine, writeFixtureRaw } from '../support/fixture-lake.js';

let dir: string;
let db: PlainDuckDb;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'bench-bytes-'));
  db = await PlainDuckDb.open();
});
afterAll(async () => {
  db?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('measureReadBytes (DuckDB FileSystem log)', () => {
  it('counts a whole JSON file, which has no way to skip', async () => {
    const file = path.join(dir, 'one.json');
    const body = `${JSON.stringify({ transaction_id: 'T1', store_id: 'S1', note: 'x'.repeat(5_000) })}\n`;
    await writeFile(file, body);
    const read = await measureReadBytes(db, `SELECT count(*) FROM read_json('${file}', format = 'newline_delimited')`);
    expect(read.fileCount).toBe(1);
    expect(read.bytesRead).toBeGreaterThanOrEqual(Buffer.byteLength(body));
    expect(read.bytesRead).toBeLessThanOrEqual(2 * Buffer.byteLength(body)); // a second pass at most (schema sniffing)
  });

  it('counts only the footer and the column chunks a Parquet query needs, and is not fooled by caches', async () => {
    const file = path.join(dir, 'wide.parquet');
    await db.run(`COPY (SELECT range AS id, md5(range::VARCHAR) || md5((range * 7)::VARCHAR) AS wide FROM range(200000)) TO '${file}' (FORMAT parquet)`);
    const size = (await stat(file)).size;
    const narrow = await measureReadBytes(db, `SELECT sum(id) FROM read_parquet('${file}')`, undefined, { listFiles: true });
    const both = await measureReadBytes(db, `SELECT sum(id), max(wide) FROM read_parquet('${file}')`);
    expect(narrow.files).toEqual([file]);
    expect(narrow.bytesRead).toBeGreaterThan(0);
    expect(narrow.bytesRead).toBeLessThan(size / 4); // the wide column is most of the file
    expect(both.bytesRead).toBeGreaterThan(size * 0.9);
    expect(both.bytesRead).toBeLessThanOrEqual(size * 1.1);
    const again = await measureReadBytes(db, `SELECT sum(id) FROM read_parquet('${file}')`);
    expect(again.bytesRead).toBe(narrow.bytesRead);
  });

  it('sums whole-file sizes', async () => {
    const a = path.join(dir, 'a.bin');
    const b = path.join(dir, 'b.bin');
    await writeFile(a, new Uint8Array(123));
    await writeFile(b, new Uint8Array(4_000));
    expect(await sumFileSizes([a, b])).toBe(4_123);
  });
});

describe('prunedFiles', () => {
  it('lists the day partitions of the partitioned tables a view reads and every file of the unpartitioned ones', async () => {
    const { config, manifest } = await loadProject();
    const lake = path.join(dir, 'lake');
    await mkdir(lake, { recursive: true });
    await writeFixtureRaw(lake);
    const engine = await migratedEngine(lake, manifest, config);
    try {
      await runLocalBackfill(engine, manifest, config, { runId: 'test' });
    } finally {
      await engine.close();
    }
    const files = (await prunedFiles(lake, manifest, 'sales_by_store', '2024-04-10')).map((f) => path.relative(lake, f).split(path.sep).join('/'));
    expect(files).toEqual([
      'tables/skus/batch-00000.parquet',
      'tables/supermarkets/batch-00000.parquet',
      'tables/transaction_items/dt=2024-04-10/batch-00000.parquet',
    ]);
    expect(await prunedFiles(lake, manifest, 'store_freshness', '2024-04-11')).toEqual([
      path.join(lake, 'tables/transactions/dt=2024-04-11/batch-00000.parquet'),
    ]);
  });
});
