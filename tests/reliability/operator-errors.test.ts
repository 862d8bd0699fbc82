import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/compile-project.js';
import { localCatalogPath } from '../../src/engines/local/local-catalog.js';
import { LocalObjectStore } from '../../src/storage/local-object-store.js';
import { createIngestHandler } from '../../src/streaming/ingest-handler.js';
import { makeTempLake, migratedEngine } from '../support/fixture-lake.js';
import { ROOT, projectConfig, projectModels } from '../support/project-files.js';
import { s3PutEvent } from '../support/s3-event.js';

const config = projectConfig();
const manifest = compileProject(await projectModels(), config).manifest!;

function cli(args: string[], lake: string, uid?: number): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, LAKE_DIR: lake, ...(uid === undefined ? {} : { HOME: '/tmp' }) },
      ...(uid === undefined ? {} : { uid, gid: uid }),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

async function lakeWith(n: number): Promise<string> {
  const lake = await makeTempLake('rel-ops-');
  const store = new LocalObjectStore(lake);
  const handle = createIngestHandler({ store, manifest });
  for (let i = 0; i < n; i++) {
    const key = `incoming/o/${i}.json`;
    const body = JSON.stringify({
      transaction_id: `O-${i}`,
      store_id: 'STORE0001',
      transaction_datetime: '2024-04-10 10:00:00',
      items: [{ sku_id: 'SKU00001', quantity: 1 }],
    });
    await handle(s3PutEvent(key, (await store.put(key, body)).etag));
  }
  await (await migratedEngine(lake, manifest, config)).close();
  return lake;
}

const COUNT = 'SELECT count(*) AS n FROM transactions';

describe('operator errors (14.12)', () => {
  it('a corrupted catalog is named with its path and the repair; migrate --repair rebuilds it and the rows are all there', async () => {
    const lake = await lakeWith(12);
    await writeFile(localCatalogPath(lake), '{"version": 1, "entries": [ {"object": truncated');
    const broken = await cli(['query', COUNT, '--format', 'csv'], lake);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`the local catalog ${localCatalogPath(lake)} is not valid JSON`);
    expect(broken.stderr).toContain('npm run migrate -- --repair');
    const repaired = await cli(['migrate', '--repair'], lake);
    expect(repaired.code).toBe(0);
    expect(repaired.stdout).toMatch(/Moved the unusable catalog aside to .*catalog\.json\.corrupt-/);
    expect((await readdir(path.dirname(localCatalogPath(lake)))).filter((f) => f.includes('.corrupt-'))).toHaveLength(1);
    const after = await cli(['query', COUNT, '--format', 'csv'], lake);
    expect(after.stdout.trim().split('\n')).toEqual(['n', '12']);
  }, 120_000);

  it('a LAKE_DIR that does not exist: query says so and what to run, creates nothing; migrate creates it and says so', async () => {
    const missing = path.join(await makeTempLake('rel-missing-'), 'no', 'such', 'lake');
    const q = await cli(['query', 'SELECT 1'], missing);
    expect(q.code).toBe(1);
    expect(q.stderr).toContain(`the lake ${missing} does not exist`);
    expect(q.stderr).toContain('npm start');
    expect(existsSync(missing)).toBe(false);
    const c = await cli(['compact'], missing);
    expect(c.code).toBe(1);
    expect(c.stderr).toContain('does not exist');
    expect(existsSync(missing)).toBe(false);
    const m = await cli(['migrate'], missing);
    expect(m.code).toBe(0);
    expect(m.stdout).toContain(`Created the lake folder ${missing}.`);
    expect(existsSync(localCatalogPath(missing))).toBe(true);
  }, 120_000);

  it('a read-only lake: queries work, compaction says the lake is read-only, nothing changes', async () => {
    const lake = await lakeWith(9);
    // Readable by everyone, writable by its owner (root) only; the commands run as nobody.
    await chmod(lake, 0o755);
    const before = (await readdir(path.join(lake, 'tables/transactions/dt=2024-04-10'))).length;
    const q = await cli(['query', COUNT, '--format', 'csv'], lake, 65534);
    expect(q.stderr).toBe('');
    expect(q.stdout.trim().split('\n')).toEqual(['n', '9']);
    const c = await cli(['compact', '--settle', '0s'], lake, 65534);
    expect(c.code).toBe(1);
    expect(c.stderr).toMatch(/EACCES[\s\S]*read-only for this user: queries still work/);
    expect((await readdir(path.join(lake, 'tables/transactions/dt=2024-04-10'))).length).toBe(before);
  }, 120_000);

  it('orphan .tmp-* files older than an hour are removed by compact and migrate; a fresh one (a live writer) is kept', async () => {
    const lake = await lakeWith(3);
    const dir = path.join(lake, 'tables/transactions/dt=2024-04-10');
    const old = new Date(Date.now() - 2 * 3_600_000);
    for (const f of ['.tmp-killed-1', '.tmp-cas-hidden.jsonl-0123']) {
      await writeFile(path.join(dir, f), 'partial');
      await utimes(path.join(dir, f), old, old);
    }
    await mkdir(path.join(lake, '_catalog'), { recursive: true });
    await writeFile(path.join(lake, '_catalog/catalog.json.tmp-123-456'), '{');
    await utimes(path.join(lake, '_catalog/catalog.json.tmp-123-456'), old, old);
    await writeFile(path.join(dir, '.tmp-live'), 'in flight');
    const c = await cli(['compact', '--settle', '0s', '--grace', '0s'], lake);
    expect(c.code).toBe(0);
    expect(c.stdout).toContain('Removed 3 temporary file(s) older than 1 h');
    expect((await readdir(dir)).filter((f) => f.startsWith('.tmp-'))).toEqual(['.tmp-live']);
    const m = await cli(['migrate'], lake);
    expect(m.stdout).not.toContain('Removed');
    const q = await cli(['query', COUNT, '--format', 'csv'], lake);
    expect(q.stdout.trim().split('\n')).toEqual(['n', '3']);
  }, 120_000);
});
