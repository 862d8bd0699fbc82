import { appendFileSync } from 'node:fs';
import { appendFile, mkdir, open, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compactTables } from '../../src/compaction/compact-table.js';
import { LocalObjectStore } from '../../src/storage/local-object-store.js';
import { createIngestHandler, type ObjectReport } from '../../src/streaming/ingest-handler.js';
import { startLocalIngest } from '../../src/streaming/local-ingest-runtime.js';
import { waitUntilStable, type FileShape } from '../../src/streaming/stable-file.js';
import { makeTempLake } from '../support/fixture-lake.js';
import { s3PutEvent } from '../support/s3-event.js';
import { crashingAt, jsonl, lakeCounts, projectWith, rejectedRecords, tx, type Tx } from './reliability-fixture.js';

const { config, manifest } = await projectWith();

function batch(prefix: string, n: number, day = '2024-04-10', quantity = 1): Tx[] {
  return Array.from({ length: n }, (_, i) => tx(`${prefix}-${i}`, `${day} 12:00:${String(i % 60).padStart(2, '0')}`, quantity));
}

/** Polls (no timing assertion) until `ok`, failing with `what` after a generous bound. */
async function until(what: string, ok: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * True once the runtime's checkpoint records the file's current size and mtime as handled: the
 * version on disk now has landed (the checkpoint format predates this fix, so the same wait works
 * on the runtime before it, where the counts then show the defect).
 */
async function landedCurrent(lake: string, key: string): Promise<boolean> {
  const st = await stat(path.join(lake, key));
  const mark = `${key}\u0000${st.size}\u0000${st.mtimeMs}`;
  try {
    return (await readFile(path.join(lake, '_ingest/checkpoint.jsonl'), 'utf8')).split('\n').some((l) => l !== '' && JSON.parse(l) === mark);
  } catch {
    return false;
  }
}

describe('a changed object is a new version whose rows replace the old ones (issue 14 #1, S3 semantics)', () => {
  it('three versions of one key, the last in other partitions, and a stale redelivery: only the current version is visible', async () => {
    const lake = await makeTempLake('versions-');
    const store = new LocalObjectStore(lake);
    const handle = createIngestHandler({ store, manifest });
    const key = 'incoming/S1/2024-04-10/window.jsonl';
    const deliver = async (body: string) => {
      const { etag } = await store.put(key, body);
      return { etag, report: (await handle(s3PutEvent(key, etag)))[0]! };
    };
    await store.put('incoming/other.jsonl', jsonl(batch('OTHER', 4, '2024-04-10', 2)));
    await handle(s3PutEvent('incoming/other.jsonl', (await store.head('incoming/other.jsonl'))!.etag!));
    const baseline = { transactions: 4, distinct: 4, items: 4, units: 8 };

    const v1 = await deliver(jsonl(batch('V1', 3)));
    expect(v1.report).toMatchObject({ outcome: 'landed', landed: 3 });
    expect(await lakeCounts(lake, manifest, config)).toEqual({ transactions: 7, distinct: 7, items: 7, units: 11 });

    const v2 = await deliver(jsonl([...batch('V1', 3), ...batch('V2', 5, '2024-04-11', 3)]));
    expect(v2.report).toMatchObject({ outcome: 'landed', landed: 8, replaced: { etag: v1.etag } });
    expect(await lakeCounts(lake, manifest, config)).toEqual({ transactions: 4 + 8, distinct: 12, items: 12, units: 8 + 3 + 15 });

    // A stale event of version 1 arrives late: S3 serves the current object, which has landed.
    expect((await handle(s3PutEvent(key, v1.etag)))[0]).toMatchObject({ outcome: 'duplicate' });
    const v3 = await deliver(jsonl(batch('V3', 2, '2024-04-12', 5)));
    expect(v3.report).toMatchObject({ outcome: 'landed', landed: 2, replaced: { etag: v2.etag } });
    expect(await lakeCounts(lake, manifest, config)).toEqual({ ...baseline, transactions: 6, distinct: 6, items: 6, units: 8 + 10 });

    // Back to version 1's exact content: a new version again (new file names), not a duplicate of the hidden one.
    const v4 = await deliver(jsonl(batch('V1', 3)));
    expect(v4.report).toMatchObject({ outcome: 'landed', landed: 3 });
    expect(await lakeCounts(lake, manifest, config)).toEqual({ transactions: 7, distinct: 7, items: 7, units: 11 });
    // Every redelivery of every version now is a duplicate: nothing changes.
    for (const etag of [v1.etag, v2.etag, v3.etag, v4.etag]) expect((await handle(s3PutEvent(key, etag)))[0]!.outcome).toBe('duplicate');
    expect(await lakeCounts(lake, manifest, config)).toEqual({ transactions: 7, distinct: 7, items: 7, units: 11 });
  });

  it('a crash at each step of a replacement, then the redelivery: never doubled, and exact at the end', async () => {
    // The store fails its n-th write of the replacement: every crash point in turn.
    for (let failAt = 1; ; failAt++) {
      const lake = await makeTempLake('crash-replace-');
      const store = new LocalObjectStore(lake);
      const handle = createIngestHandler({ store, manifest });
      const key = 'incoming/crashy.jsonl';
      const { etag: e1 } = await store.put(key, jsonl(batch('C1', 3, '2024-04-10')));
      await handle(s3PutEvent(key, e1));
      const { etag: e2 } = await store.put(key, jsonl([...batch('C2', 4, '2024-04-10', 2), ...batch('C2B', 2, '2024-04-11', 2)]));
      const failing = crashingAt(store, failAt);
      let crashed = false;
      try {
        await createIngestHandler({ store: failing, manifest })(s3PutEvent(key, e2));
      } catch {
        crashed = true;
      }
      const mid = await lakeCounts(lake, manifest, config);
      // Mid-replacement a reader sees, per partition, the old version (3 | 0) or the new one (4 | 2), never both.
      expect([3, 4, 5, 6]).toContain(mid.transactions);
      expect(mid.transactions).toBe(mid.distinct);
      await handle(s3PutEvent(key, e2)); // the retry
      expect(await lakeCounts(lake, manifest, config)).toEqual({ transactions: 6, distinct: 6, items: 6, units: 12 });
      if (!crashed) {
        expect(failAt).toBeGreaterThan(6); // every write step of a replacement was a crash point once
        break;
      }
    }
  });

  it('a crash at each step of a first or replacing version, then a newer version instead of the retry: only the newest is visible', async () => {
    let points = 0;
    for (const firstVersionCrashes of [true, false]) {
      for (let failAt = 1; ; failAt++) {
        const lake = await makeTempLake('crash-then-newer-');
        const store = new LocalObjectStore(lake);
        const handle = createIngestHandler({ store, manifest });
        const key = 'incoming/overtaken.jsonl';
        if (!firstVersionCrashes) {
          const { etag } = await store.put(key, jsonl(batch('N1', 3, '2024-04-10')));
          await handle(s3PutEvent(key, etag));
        }
        const { etag: crashing } = await store.put(key, jsonl([...batch('N2', 4, '2024-04-10', 2), ...batch('N2B', 2, '2024-04-11', 2)]));
        const failing = crashingAt(store, failAt);
        let crashed = false;
        try {
          await createIngestHandler({ store: failing, manifest })(s3PutEvent(key, crashing));
        } catch {
          crashed = true;
        }
        if (!crashed) break;
        points++;
        // The writer overwrote the object before any retry: the retry reads the newest version.
        const { etag: newest } = await store.put(key, jsonl(batch('N3', 5, '2024-04-12', 1)));
        await handle(s3PutEvent(key, crashing));
        await handle(s3PutEvent(key, newest));
        expect(await lakeCounts(lake, manifest, config), `crash at write ${failAt}${firstVersionCrashes ? ' of a first version' : ''}`).toEqual({
          transactions: 5,
          distinct: 5,
          items: 5,
          units: 5,
        });
      }
    }
    expect(points).toBeGreaterThan(8);
  });

  it('a version replacing one that compaction already merged is kept whole in rejected/ (never doubled)', async () => {
    const lake = await makeTempLake('replace-compacted-');
    const store = new LocalObjectStore(lake);
    const handle = createIngestHandler({ store, manifest });
    for (const name of ['a', 'b']) {
      const { etag } = await store.put(`incoming/${name}.jsonl`, jsonl(batch(name.toUpperCase(), 3)));
      await handle(s3PutEvent(`incoming/${name}.jsonl`, etag));
    }
    await compactTables(store, manifest, { settleMs: 0, graceMs: 0 });
    const { etag } = await store.put('incoming/a.jsonl', jsonl(batch('A2', 5)));
    const [report] = await handle(s3PutEvent('incoming/a.jsonl', etag));
    expect(report).toMatchObject({ landed: 0, rejected: 5 });
    expect(await lakeCounts(lake, manifest, config)).toEqual({ transactions: 6, distinct: 6, items: 6, units: 6 });
    const [record] = await rejectedRecords(lake);
    expect(record!.body.rejected![0]!.reason).toMatch(/replaced .* after its earlier version was compacted/);
  });
});

describe('the local runtime never ingests half a file and never drops a change (issue 14 #1)', () => {
  it('waitUntilStable returns only once size and mtime held across one settle period', async () => {
    const shapes: FileShape[] = [
      { size: 10, mtimeMs: 1 },
      { size: 20, mtimeMs: 2 },
      { size: 20, mtimeMs: 3 },
      { size: 20, mtimeMs: 3 },
    ];
    let looks = 0;
    const sleeps: number[] = [];
    const shape = await waitUntilStable(
      async () => shapes[Math.min(looks++, shapes.length - 1)],
      250,
      async (ms) => void sleeps.push(ms),
    );
    expect(shape).toEqual({ size: 20, mtimeMs: 3 });
    expect(looks).toBe(4);
    expect(sleeps).toEqual([250, 250, 250]);
    expect(
      await waitUntilStable(
        async () => undefined,
        250,
        async () => {},
      ),
    ).toBeUndefined();
  });

  it('a writer appending lines to a file in incoming/ (in place) ends with exactly its lines, not one copy per change', async () => {
    const lake = await makeTempLake('append-');
    const runtime = await startLocalIngest({ lakeDir: lake, config, manifest, settleMs: 100 });
    await runtime.ready;
    const file = path.join(lake, 'incoming', 'appended.jsonl');
    await mkdir(path.dirname(file), { recursive: true });
    let written = 0;
    // Rounds the runtime lands in between (each a new version), then a burst of small appends.
    for (let round = 0; round < 3; round++) {
      await appendFile(file, jsonl(batch(`R${round}`, 10)));
      written += 10;
      await until(`round ${round} to land`, () => landedCurrent(lake, 'incoming/appended.jsonl'));
    }
    for (let i = 0; i < 20; i++) {
      await appendFile(file, jsonl([tx(`BURST-${i}`)]));
      written++;
    }
    await until('the final version to land', () => landedCurrent(lake, 'incoming/appended.jsonl'));
    await runtime.stop();
    expect(await lakeCounts(lake, manifest, config)).toEqual({ transactions: written, distinct: written, items: written, units: written });
  });

  it('a large file written in chunks through one open handle lands once, whole', async () => {
    const lake = await makeTempLake('chunks-');
    const runtime = await startLocalIngest({ lakeDir: lake, config, manifest, settleMs: 200 });
    await runtime.ready;
    const file = path.join(lake, 'incoming', 'big.jsonl');
    await mkdir(path.dirname(file), { recursive: true });
    const lines = jsonl(batch('BIG', 3000));
    const handle = await open(file, 'w');
    for (let at = 0; at < lines.length; at += 16 * 1024) {
      await handle.write(lines.slice(at, at + 16 * 1024));
      await new Promise((r) => setTimeout(r, 5));
    }
    await handle.close();
    await until('the whole file to land', () => landedCurrent(lake, 'incoming/big.jsonl'));
    await runtime.stop();
    expect(await lakeCounts(lake, manifest, config)).toEqual({ transactions: 3000, distinct: 3000, items: 3000, units: 3000 });
  });

  it('a change that arrives while the file is being handled is handled afterwards, not dropped', async () => {
    const lake = await makeTempLake('in-flight-');
    const file = path.join(lake, 'incoming', 'moving.jsonl');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, jsonl(batch('FIRST', 5)));
    let appended = false;
    const reports: ObjectReport[] = [];
    const runtime = await startLocalIngest({
      lakeDir: lake,
      config,
      manifest,
      settleMs: 50,
      onReport: (r) => {
        reports.push(r);
        // Inside the handling of the first version: the writer adds lines right now.
        if (!appended) {
          appended = true;
          appendFileSync(file, jsonl(batch('LATER', 7)));
        }
      },
    });
    await runtime.ready;
    await until('the changed version to land', () => landedCurrent(lake, 'incoming/moving.jsonl'));
    await runtime.stop();
    expect(appended).toBe(true);
    expect(await lakeCounts(lake, manifest, config)).toEqual({ transactions: 12, distinct: 12, items: 12, units: 12 });
    expect(reports.filter((r) => r.outcome === 'landed').map((r) => r.landed)).toEqual([5, 12]);
  });

  it('a restart over a file changed while the runtime was down replaces its earlier version', async () => {
    const lake = await makeTempLake('restart-');
    const file = path.join(lake, 'incoming', 'edited.jsonl');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, jsonl(batch('OLD', 4)));
    let runtime = await startLocalIngest({ lakeDir: lake, config, manifest, settleMs: 0 });
    await runtime.ready;
    await runtime.stop();
    await writeFile(file, jsonl(batch('NEW', 2)));
    runtime = await startLocalIngest({ lakeDir: lake, config, manifest, settleMs: 0 });
    await runtime.ready;
    await runtime.stop();
    expect(await lakeCounts(lake, manifest, config)).toEqual({ transactions: 2, distinct: 2, items: 2, units: 2 });
    expect((await readdir(path.join(lake, 'tables/transactions/dt=2024-04-10'))).filter((f) => f.startsWith('stream-'))).toHaveLength(2);
  });
});
