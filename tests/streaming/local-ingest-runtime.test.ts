import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/compile-project.js';
import { startLocalIngest } from '../../src/streaming/local-ingest-runtime.js';
import { makeTempLake, migratedEngine } from '../support/fixture-lake.js';
import { ROOT, projectConfig, projectModels } from '../support/project-files.js';

const config = projectConfig();
const manifest = compileProject(await projectModels(), config).manifest!;

function tx(id: string, second: number): string {
  const ss = String(second % 60).padStart(2, '0');
  return JSON.stringify({
    transaction_id: id,
    store_id: 'STORE0001',
    transaction_datetime: `2024-04-10 12:00:${ss}`,
    items: [{ sku_id: 'SKU00001', quantity: 1 }],
  });
}

/** Writes like the producer: a temp name, then a rename, so the watcher never sees half a file. */
async function produce(lake: string, name: string, body: string): Promise<void> {
  const file = path.join(lake, 'incoming', 'STORE0001', '2024-04-10', name);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(`${path.dirname(file)}/.tmp-${name}`, body);
  const { rename } = await import('node:fs/promises');
  await rename(`${path.dirname(file)}/.tmp-${name}`, file);
}

async function counts(lake: string): Promise<{ n: number; distinct: number; units: number }> {
  const engine = await migratedEngine(lake, manifest, config);
  try {
    const r = (await engine.query('SELECT count(*) AS n, count(DISTINCT transaction_id) AS d FROM transactions')).rows[0]!;
    const u = (await engine.query('SELECT coalesce(sum(quantity), 0) AS u FROM transaction_items')).rows[0]!;
    return { n: Number(r.n), distinct: Number(r.d), units: Number(u.u) };
  } finally {
    await engine.close();
  }
}

function startIngestProcess(lake: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'ingest', '--quiet'], {
    cwd: ROOT,
    env: { ...process.env, LAKE_DIR: lake },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (pattern.test(out)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`ingest exited (${code}) before ${pattern}: ${out}`)));
  });
}

describe('local ingest runtime', () => {
  it('handles the backlog, then new files, and stops cleanly (in process)', async () => {
    const lake = await makeTempLake();
    for (let i = 0; i < 30; i++) await produce(lake, `b${i}.json`, tx(`B-${i}`, i));
    const runtime = await startLocalIngest({ lakeDir: lake, config, manifest });
    await runtime.ready;
    expect(runtime.stats()).toMatchObject({ files: 30, landed: 30, rejected: 0 });
    await produce(lake, 'live.jsonl', [tx('L-1', 1), tx('L-2', 2), '{"oops"'].join('\n'));
    for (let i = 0; i < 100 && runtime.stats().files < 31; i++) await new Promise((r) => setTimeout(r, 50));
    await runtime.stop();
    expect(runtime.stats()).toMatchObject({ files: 31, landed: 32, rejected: 1, failed: 0 });
    expect(await counts(lake)).toEqual({ n: 32, distinct: 32, units: 32 });
  });

  it('gathers what settled meanwhile into one invocation: 300 one-transaction files land in a few files per table, at most maxBatch objects each', async () => {
    const lake = await makeTempLake();
    for (let i = 0; i < 300; i++) await produce(lake, `s${i}.json`, tx(`S-${i}`, i));
    const runtime = await startLocalIngest({ lakeDir: lake, config, manifest, concurrency: 1, maxBatch: 100 });
    await runtime.ready;
    await runtime.stop();
    expect(runtime.stats()).toMatchObject({ files: 300, landed: 300, rejected: 0, failed: 0 });
    const files = (await readdir(path.join(lake, 'tables/transactions/dt=2024-04-10'))).filter((f) => f.startsWith('stream-'));
    expect(files.length).toBeGreaterThanOrEqual(3); // at most 100 objects an invocation
    expect(files.length).toBeLessThan(300 / 10);
    expect(await counts(lake)).toEqual({ n: 300, distinct: 300, units: 300 });
  });

  it('waits out the batching window with a free slot, so the files a producer writes together land as one batch (issue 15)', async () => {
    const lake = await makeTempLake();
    const runtime = await startLocalIngest({ lakeDir: lake, config, manifest, batchingWindowMs: 1_500 });
    try {
      await runtime.ready;
      // A window's five files, one after another; without the window the first would go alone.
      for (let i = 0; i < 5; i++) await produce(lake, `w${i}.json`, tx(`W-${i}`, i));
      for (let i = 0; i < 200 && runtime.stats().landed < 5; i++) await new Promise((r) => setTimeout(r, 25));
      expect(runtime.stats()).toMatchObject({ files: 5, landed: 5, failed: 0 });
    } finally {
      await runtime.stop();
    }
    const files = (await readdir(path.join(lake, 'tables/transactions/dt=2024-04-10'))).filter((f) => f.startsWith('stream-'));
    expect(files).toHaveLength(1);
    expect(await counts(lake)).toEqual({ n: 5, distinct: 5, units: 5 });
  });

  it('takes a file renamed in from a dot file at once, and lets a file written in place settle (issue 15)', async () => {
    const lake = await makeTempLake();
    // A settle period no test waits out: only a renamed-in file can land while the runtime runs.
    const runtime = await startLocalIngest({ lakeDir: lake, config, manifest, settleMs: 600_000 });
    try {
      await runtime.ready;
      const dir = path.join(lake, 'incoming', 'STORE0001', '2024-04-10');
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, 'in-place.json'), tx('P-1', 1));
      await produce(lake, 'renamed.json', tx('R-1', 2));
      for (let i = 0; i < 200 && runtime.stats().landed < 1; i++) await new Promise((r) => setTimeout(r, 25));
      expect(runtime.stats()).toMatchObject({ files: 1, landed: 1 });
    } finally {
      await runtime.stop();
    }
    expect(await counts(lake)).toEqual({ n: 1, distinct: 1, units: 1 });
    // The in-place file was left settling at stop: the next start, with the usual settle, lands it.
    const next = await startLocalIngest({ lakeDir: lake, config, manifest });
    await next.ready;
    await next.stop();
    expect(next.stats()).toMatchObject({ files: 1, landed: 1 }); // the renamed file is in the checkpoint
    expect(await counts(lake)).toEqual({ n: 2, distinct: 2, units: 2 });
  });

  it('lands the files renamed in just before stop(), not at the next start: a producer stopped first leaves nothing behind', async () => {
    const lake = await makeTempLake();
    const runtime = await startLocalIngest({ lakeDir: lake, config, manifest });
    await runtime.ready;
    // Back to back, as a producer's last window; stop() follows the last rename at once, before
    // the watcher has had a turn of the event loop to read its events.
    await Promise.all(Array.from({ length: 40 }, (_, i) => produce(lake, `e${i}.json`, tx(`E-${i}`, i))));
    await Promise.all([runtime.stop(), runtime.stop()]);
    expect(runtime.stats()).toMatchObject({ files: 40, landed: 40, failed: 0 });
    expect(await counts(lake)).toEqual({ n: 40, distinct: 40, units: 40 });
    // And checkpointed, though handled while stopping: the next start reads none of them again.
    const next = await startLocalIngest({ lakeDir: lake, config, manifest });
    await next.ready;
    await next.stop();
    expect(next.stats()).toMatchObject({ files: 0, landed: 0, duplicates: 0 });
  });

  it('killed with SIGKILL at random moments and restarted, ends with every transaction exactly once', async () => {
    const lake = await makeTempLake();
    let produced = 0;
    const produceBatch = async (n: number) => {
      for (let i = 0; i < n; i++, produced++) {
        // Every fifth file is a small JSON Lines batch: both file shapes are restarted over.
        if (produced % 5 === 0) await produce(lake, `f${produced}.jsonl`, [tx(`K-${produced}-a`, produced), tx(`K-${produced}-b`, produced)].join('\n'));
        else await produce(lake, `f${produced}.json`, tx(`K-${produced}`, produced));
      }
    };
    const expected = () => produced + Math.ceil(produced / 5);
    await produceBatch(400);
    const delays = [700, 1500, 2200, 1100, 1800];
    for (const delay of delays) {
      const child = startIngestProcess(lake);
      await new Promise((r) => setTimeout(r, delay));
      await produceBatch(40); // files arriving while it runs (and while it is down)
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
    const last = startIngestProcess(lake);
    await waitForOutput(last, /Backlog done/);
    last.kill('SIGINT');
    await new Promise((r) => last.once('exit', r));
    expect(await counts(lake)).toEqual({ n: expected(), distinct: expected(), units: expected() });
  }, 180_000);
});
