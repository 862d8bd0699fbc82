import { spawn } from 'node:child_process';
import { GetObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compactTables } from '../../src/compaction/compact-table.js';
import { compileProject } from '../../src/compiler/compile-project.js';
import type { LocalEngine } from '../../src/engines/local/local-engine.js';
import { Lease, LeaseLostError } from '../../src/storage/lease-lock.js';
import { LocalObjectStore } from '../../src/storage/local-object-store.js';
import { S3ObjectStore } from '../../src/storage/s3-object-store.js';
import { createIngestHandler } from '../../src/streaming/ingest-handler.js';
import { makeTempLake, migratedEngine } from '../support/fixture-lake.js';
import { ROOT, projectConfig, projectModels } from '../support/project-files.js';
import { s3PutEvent } from '../support/s3-event.js';

const config = projectConfig();
const manifest = compileProject(await projectModels(), config).manifest!;

function tx(id: string, quantity: number, day = '2024-04-10'): string {
  return JSON.stringify({ transaction_id: id, store_id: 'STORE0001', transaction_datetime: `${day} 10:00:00`, items: [{ sku_id: 'SKU00001', quantity }] });
}

async function landedLake(n: number) {
  const lake = await makeTempLake('rel-lock-');
  const store = new LocalObjectStore(lake);
  const handle = createIngestHandler({ store, manifest });
  for (let i = 0; i < n; i++) {
    const key = `incoming/STORE0001/L${i}.json`;
    await handle(s3PutEvent(key, (await store.put(key, tx(`L-${i}`, 1 + (i % 3)))).etag));
  }
  return { lake, store };
}

const expectedQ = (n: number) => Array.from({ length: n }, (_, i) => 1 + (i % 3)).reduce((a, b) => a + b, 0);

async function totals(engine: LocalEngine) {
  const a = (await engine.query('SELECT count(*) AS n, count(DISTINCT transaction_id) AS d FROM transactions')).rows[0]!;
  const b = (await engine.query('SELECT coalesce(sum(quantity), 0) AS q, count(*) AS i FROM transaction_items')).rows[0]!;
  return { n: Number(a.n), d: Number(a.d), items: Number(b.i), q: Number(b.q) };
}

const parquetFiles = async (lake: string, table: string) =>
  (await readdir(path.join(lake, 'tables', table, 'dt=2024-04-10'))).filter((f) => f.endsWith('.parquet'));

describe('one compactor per table (14.2)', () => {
  it('two concurrent compactions of one lake: the second finds the table locked; counts exact, one file per table', async () => {
    const { lake } = await landedLake(200);
    const engine = await migratedEngine(lake, manifest, config);
    const expected = { n: 200, d: 200, items: 200, q: expectedQ(200) };
    expect(await totals(engine)).toEqual(expected);
    // The first compactor pauses in its first settle until the second has run to its end: the
    // worst interleaving, made deterministic.
    let secondDone!: () => void;
    const secondFinished = new Promise<void>((r) => (secondDone = r));
    let firstPaused = false;
    const first = compactTables(new LocalObjectStore(lake), manifest, {
      graceMs: 0,
      settleMs: 1,
      sleep: async () => {
        if (!firstPaused) {
          firstPaused = true;
          await secondFinished;
        }
      },
    });
    while (!firstPaused) await new Promise((r) => setTimeout(r, 5));
    const second = await compactTables(new LocalObjectStore(lake), manifest, { graceMs: 0, settleMs: 0 }).finally(() => secondDone());
    const firstResults = await first;
    // The first compactor holds transaction_items (tables run in manifest order); the second skips it.
    expect(second.filter((r) => r.skipped !== undefined).map((r) => r.table)).toContain('transaction_items');
    expect(second.find((r) => r.table === 'transaction_items')?.skipped).toMatch(/being compacted by .* until/);
    expect(firstResults.filter((r) => r.error !== undefined)).toEqual([]);
    expect(await totals(engine)).toEqual(expected);
    expect(await parquetFiles(lake, 'transactions')).toHaveLength(1);
    expect(await parquetFiles(lake, 'transaction_items')).toHaveLength(1);
    await engine.close();
  });

  it('two `npm run compact` processes started together on a real lake, three times: counts exact, one file per table', async () => {
    const { lake, store } = await landedLake(150);
    const engine = await migratedEngine(lake, manifest, config);
    const expected = { n: 150, d: 150, items: 150, q: expectedQ(150) };
    const compact = () =>
      new Promise<number>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'compact', '--grace', '0s', '--settle', '300ms'], {
          cwd: ROOT,
          env: { ...process.env, LAKE_DIR: lake },
          stdio: 'ignore',
        });
        child.once('exit', (code) => resolve(code ?? -1));
      });
    const handle = createIngestHandler({ store, manifest });
    for (let round = 0; round < 3; round++) {
      expect(await Promise.all([compact(), compact()])).toEqual([0, 0]);
      expect(await totals(engine)).toEqual(expected);
      for (let i = 0; i < 30; i++) {
        const key = `incoming/more/R${round}-${i}.json`;
        await handle(s3PutEvent(key, (await store.put(key, tx(`R-${round}-${i}`, 2))).etag));
      }
      expected.n += 30;
      expected.d += 30;
      expected.items += 30;
      expected.q += 60;
    }
    expect(await compact()).toBe(0);
    expect(await totals(engine)).toEqual(expected);
    expect(await parquetFiles(lake, 'transactions')).toHaveLength(1);
    await engine.close();
  }, 180_000);

  it('a crashed holder blocks the table only until its lease expires; then the next compactor takes over', async () => {
    const { lake, store } = await landedLake(20);
    // Ahead of the files' modification times, so that every file is old enough to compact.
    const t0 = Math.ceil(Date.now() / 60_000) * 60_000 + 3_600_000;
    const crashed = await Lease.tryAcquire(store, 'tables/_locks/compaction/transactions.json', { ttlMs: 60_000, owner: 'crashed', clock: () => new Date(t0) });
    expect(crashed).toBeInstanceOf(Lease);
    const during = await compactTables(store, manifest, { settleMs: 0, graceMs: 0, clock: () => new Date(t0 + 59_000), tables: ['transactions'] });
    expect(during).toEqual([
      expect.objectContaining({ table: 'transactions', skipped: `being compacted by crashed until ${new Date(t0 + 60_000).toISOString()}` }),
    ]);
    expect(await parquetFiles(lake, 'transactions')).toHaveLength(20);
    const after = await compactTables(store, manifest, { settleMs: 0, graceMs: 0, clock: () => new Date(t0 + 61_000), tables: ['transactions'] });
    expect(after.map((r) => [r.inputFiles, r.outputFiles, r.rows, r.skipped])).toEqual([[20, 1, 20, undefined]]);
    // The crashed holder, had it only stalled, cannot commit anything now.
    await expect((crashed as Lease).renew()).rejects.toBeInstanceOf(LeaseLostError);
    const engine = await migratedEngine(lake, manifest, config);
    expect(await totals(engine)).toEqual({ n: 20, d: 20, items: 20, q: expectedQ(20) });
    await engine.close();
  });
});

describe('the lease lock on the local store', () => {
  it('of 20 concurrent acquirers of a free lock exactly one wins; of 20 taking over an expired one, exactly one', async () => {
    const lake = await makeTempLake('rel-lease-');
    const key = 'tables/_locks/x.json';
    const stores = Array.from({ length: 20 }, () => new LocalObjectStore(lake));
    const first = await Promise.all(stores.map((s, i) => Lease.tryAcquire(s, key, { ttlMs: 1000, owner: `p${i}`, clock: () => new Date(0) })));
    expect(first.filter((r) => r instanceof Lease)).toHaveLength(1);
    const later = await Promise.all(stores.map((s, i) => Lease.tryAcquire(s, key, { ttlMs: 1000, owner: `q${i}`, clock: () => new Date(5000) })));
    const winners = later.filter((r): r is Lease => r instanceof Lease);
    expect(winners).toHaveLength(1);
    expect(later.filter((r) => !(r instanceof Lease)).map((r) => (r as { heldBy: { owner: string } }).heldBy.owner)).toEqual(Array(19).fill(winners[0]!.owner));
  });

  it('20 concurrent compare-and-swaps of one version: exactly one succeeds, and the object holds its bytes', async () => {
    const lake = await makeTempLake('rel-cas-');
    const store = new LocalObjectStore(lake);
    const { etag } = (await store.putIfAbsent('a/b.json', 'v0'))!;
    expect(await store.putIfAbsent('a/b.json', 'again')).toBeUndefined();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => new LocalObjectStore(lake).putIfMatch('a/b.json', `v1-${i}`, etag)));
    const won = results.flatMap((r, i) => (r ? [i] : []));
    expect(won).toHaveLength(1);
    expect(new TextDecoder().decode((await store.get('a/b.json')).body)).toBe(`v1-${won[0]}`);
    expect(await readdir(path.join(lake, 'a'))).toEqual(['b.json']); // no temp files or markers left behind
  });
});

// s3rver (3.7) ignores If-None-Match / If-Match on PUT, so the S3 side is checked request by request
// against the documented API: PutObject with IfNoneMatch "*" to create, IfMatch "<etag>" to take
// over or renew; 412 PreconditionFailed / 409 ConditionalRequestConflict mean "someone else won".
describe('the lease lock on S3 (exact requests)', () => {
  const failed = (name: string, status: number) => new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status }, message: name });
  // All S3ObjectStore.get uses of a response body.
  const body = (text: string) => ({ transformToByteArray: async () => new Uint8Array(Buffer.from(text)) }) as never;

  it('creates with If-None-Match, takes an expired lease over with If-Match, renews and releases with If-Match', async () => {
    const mocked = mockClient(S3Client);
    try {
      const expired = JSON.stringify({ owner: 'dead', token: 't', acquiredAt: '2024-01-01T00:00:00.000Z', expiresAt: 1000 });
      mocked
        .on(PutObjectCommand)
        .rejectsOnce(failed('PreconditionFailed', 412))
        .resolvesOnce({ ETag: '"e2"' })
        .resolvesOnce({ ETag: '"e3"' })
        .resolvesOnce({ ETag: '"e4"' });
      mocked.on(GetObjectCommand).resolves({ Body: body(expired), ETag: '"e1"' });
      const store = new S3ObjectStore(new S3Client({ region: 'us-east-1' }), 'lake');
      const lease = await Lease.tryAcquire(store, 'tables/_locks/compaction/transactions.json', { ttlMs: 60_000, owner: 'me', clock: () => new Date(5000) });
      expect(lease).toBeInstanceOf(Lease);
      await (lease as Lease).renew();
      await (lease as Lease).release();
      const puts = mocked.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
      expect(puts.map((p) => [p.Key, p.IfNoneMatch, p.IfMatch])).toEqual([
        ['tables/_locks/compaction/transactions.json', '*', undefined],
        ['tables/_locks/compaction/transactions.json', undefined, '"e1"'],
        ['tables/_locks/compaction/transactions.json', undefined, '"e2"'],
        ['tables/_locks/compaction/transactions.json', undefined, '"e3"'],
      ]);
      const records = puts.map((p) => JSON.parse(Buffer.from(p.Body as Uint8Array).toString('utf8')) as { owner: string; expiresAt: number });
      expect(records.map((r) => [r.owner, r.expiresAt])).toEqual([
        ['me', 65_000],
        ['me', 65_000],
        ['me', 65_000],
        ['me', 0],
      ]);
    } finally {
      mocked.restore();
    }
  });

  it('a live lease is reported, not taken; a renewal that loses the race (412 or 409) is a LeaseLostError', async () => {
    const mocked = mockClient(S3Client);
    try {
      const live = JSON.stringify({ owner: 'other', token: 't', acquiredAt: '2024-01-01T00:00:00.000Z', expiresAt: 9_000 });
      mocked
        .on(PutObjectCommand)
        .rejectsOnce(failed('PreconditionFailed', 412))
        .resolvesOnce({ ETag: '"mine"' })
        .rejectsOnce(failed('ConditionalRequestConflict', 409));
      mocked.on(GetObjectCommand).resolves({ Body: body(live), ETag: '"e1"' });
      const store = new S3ObjectStore(new S3Client({ region: 'us-east-1' }), 'lake');
      expect(await Lease.tryAcquire(store, 'k.json', { ttlMs: 60_000, owner: 'me', clock: () => new Date(5000) })).toEqual({ heldBy: JSON.parse(live) });
      const mine = (await Lease.tryAcquire(store, 'k.json', { ttlMs: 60_000, owner: 'me', clock: () => new Date(5000) })) as Lease;
      await expect(mine.renew()).rejects.toThrow(/lost the lock k\.json: another process \(other\) took it over/);
    } finally {
      mocked.restore();
    }
  });
});
