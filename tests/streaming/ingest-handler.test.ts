import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/compile-project.js';
import { LocalEngine } from '../../src/engines/local/local-engine.js';
import type { Manifest } from '../../src/manifest/manifest.js';
import { LocalObjectStore } from '../../src/storage/local-object-store.js';
import { createIngestHandler, type LogEntry, type ObjectReport } from '../../src/streaming/ingest-handler.js';
import { makeTempLake, migratedEngine } from '../support/fixture-lake.js';
import { projectConfig, projectModels } from '../support/project-files.js';
import { collect, s3PutEvent } from '../support/s3-event.js';

const config = projectConfig();
const manifest: Manifest = compileProject(await projectModels(), config).manifest!;
const CLOCK = () => new Date('2024-04-10T12:00:01.500Z');

const tx = (id: string, extra: Record<string, unknown> = {}) => ({
  transaction_id: id,
  store_id: 'STORE0001',
  transaction_datetime: '2024-04-10 11:59:59',
  items: [{ sku_id: 'SKU00001', quantity: 2 }],
  ...extra,
});

describe('ingest handler on a real lake folder', () => {
  let lake: string;
  let store: LocalObjectStore;
  let logs: LogEntry[];
  let handle: ReturnType<typeof createIngestHandler>;

  beforeEach(async () => {
    lake = await makeTempLake();
    store = new LocalObjectStore(lake);
    logs = [];
    handle = createIngestHandler({ store, manifest, clock: CLOCK, log: (e) => logs.push(e) });
  });

  async function deliver(key: string, body: string | Uint8Array): Promise<ObjectReport> {
    const { etag } = await store.put(key, body);
    const [report] = await handle(s3PutEvent(key, etag));
    return report!;
  }

  async function count(sql: string): Promise<number> {
    const engine = await migratedEngine(lake, manifest, config);
    try {
      return Number((await engine.query(sql)).rows[0]!.n);
    } finally {
      await engine.close();
    }
  }

  async function rejectedReasons(): Promise<string[]> {
    const out: string[] = [];
    for await (const o of store.list(config.lake.prefixes.rejected)) {
      const body = JSON.parse(new TextDecoder().decode((await store.get(o.key)).body)) as { rejected: { reason: string }[] };
      out.push(...body.rejected.map((r) => r.reason));
    }
    return out;
  }

  it('lands a single-object file into both tables, in the dt partition of its datetime', async () => {
    const report = await deliver('incoming/STORE0001/2024-04-10/a.json', JSON.stringify(tx('LV-1')));
    expect(report).toMatchObject({ outcome: 'landed', recordsIn: 1, landed: 1, rejected: 0, delayMs: 1500 });
    expect(report.written.filter((k) => k.includes('dt=2024-04-10/stream-'))).toHaveLength(2);
    expect(await count("SELECT count(*) AS n FROM transactions WHERE transaction_id = 'LV-1' AND dt = '2024-04-10'")).toBe(1);
    expect(await count("SELECT sum(quantity) AS n FROM transaction_items WHERE transaction_id = 'LV-1'")).toBe(2);
    expect(logs.at(-1)).toMatchObject({ level: 'info', msg: 'landed', key: 'incoming/STORE0001/2024-04-10/a.json', landed: 1 });
  });

  const bad: [string, string | Uint8Array, RegExp][] = [
    ['truncated JSON', '{"transaction_id":"X","store_id":"S', /not valid JSON/],
    ['an empty file', '', /the file is empty/],
    ['non-UTF-8 bytes', new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), /not valid UTF-8/],
    ['a missing field', JSON.stringify({ transaction_id: 'X', store_id: 'S', items: [{ sku_id: 'A', quantity: 1 }] }), /transaction_datetime/],
    ['a mistyped field', JSON.stringify(tx('X', { store_id: 42 })), /store_id: Invalid input: expected string/],
    ['a fractional quantity', JSON.stringify(tx('X', { items: [{ sku_id: 'A', quantity: 1.5 }] })), /items\.0\.quantity/],
    ['a zero quantity', JSON.stringify(tx('X', { items: [{ sku_id: 'A', quantity: 0 }] })), /quantity must be ≥ 1, got 0/],
    ['a negative quantity', JSON.stringify(tx('X', { items: [{ sku_id: 'A', quantity: -3 }] })), /quantity must be ≥ 1, got -3/],
    ['empty items', JSON.stringify(tx('X', { items: [] })), /items must have at least one element/],
    ['an unparseable datetime', JSON.stringify(tx('X', { transaction_datetime: '2024-02-30 10:00:00' })), /not a valid date and time/],
    ['a datetime in another format', JSON.stringify(tx('X', { transaction_datetime: '10/04/2024 10:00' })), /expected YYYY-MM-DD HH:MM:SS/],
    ['a JSON array instead of an object', '[1,2,3]', /expected object/],
  ];
  it.each(bad)('quarantines %s with its reason and never throws', async (_name, body, reason) => {
    const report = await deliver('incoming/STORE0001/2024-04-10/bad.json', body);
    expect(report).toMatchObject({ outcome: 'landed', landed: 0, rejected: 1 });
    expect(await rejectedReasons()).toEqual([expect.stringMatching(reason)]);
    expect(await count('SELECT count(*) AS n FROM transactions')).toBe(0);
  });

  it('keeps the original content of a rejected record beside its reason', async () => {
    const line = JSON.stringify(tx('X', { items: [] }));
    await deliver('incoming/x/bad.jsonl', `${JSON.stringify(tx('OK-1'))}\n${line}\n`);
    const [file] = await collect(store.list(config.lake.prefixes.rejected));
    const body = JSON.parse(await readFile(path.join(lake, file!.key), 'utf8'));
    expect(body).toMatchObject({ source: { key: 'incoming/x/bad.jsonl' }, rejected: [{ line: 2, original: line }] });
  });

  it('in a JSON Lines file the good transactions land and the bad ones are quarantined: in = landed + rejected', async () => {
    const lines = [
      tx('G-1'),
      '{broken',
      tx('G-2', { items: [{ sku_id: 'A', quantity: 0 }] }),
      tx('G-3'),
      tx('G-4', { transaction_datetime: 'soon' }),
      tx('G-5'),
    ];
    const body = lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n');
    const report = await deliver('incoming/STORE0001/2024-04-10/batch.jsonl', body);
    expect(report).toMatchObject({ recordsIn: 6, landed: 3, rejected: 3 });
    expect(report.landed + report.rejected).toBe(report.recordsIn);
    expect(await count("SELECT count(*) AS n FROM transactions WHERE transaction_id IN ('G-1','G-3','G-5')")).toBe(3);
  });

  it('decodes keys: spaces sent as +, unicode, and refuses ../ without throwing', async () => {
    const key = 'incoming/Store Ø 1/2024-04-10/tx 1+ü.json';
    const report = await deliver(key, JSON.stringify(tx('K-1')));
    expect(report).toMatchObject({ key, outcome: 'landed', landed: 1 });
    const [traversal] = await handle(s3PutEvent('incoming/../tables/x.json', 'e'));
    // Recorded in rejected/ with the reason (issue 14 #10), never thrown: Lambda would retry it forever.
    expect(traversal).toMatchObject({ outcome: 'rejected', landed: 0, rejected: 1 });
    expect(logs.at(-1)).toMatchObject({ level: 'warn', msg: 'rejected: unusable event key' });
  });

  it('ignores keys outside incoming/ (no trigger loop) and never writes under incoming/', async () => {
    await store.put('tables/x.json', JSON.stringify(tx('L-1')));
    const [r] = await handle(s3PutEvent('tables/x.json', 'e'));
    expect(r).toMatchObject({ outcome: 'ignored' });
    const report = await deliver('incoming/a.json', JSON.stringify(tx('L-2')));
    expect(report.written.every((k) => !k.startsWith('incoming/'))).toBe(true);
    expect((await collect(store.list('incoming/'))).map((o) => o.key)).toEqual(['incoming/a.json']);
  });

  it('every event delivered twice and out of order lands each transaction once', async () => {
    const keys: { key: string; etag: string }[] = [];
    for (let i = 0; i < 20; i++) {
      const key = `incoming/STORE0001/2024-04-10/f${i}.jsonl`;
      const body = [tx(`D-${i}-a`), tx(`D-${i}-b`, { transaction_datetime: '2024-04-11 00:00:01' })].map((t) => JSON.stringify(t)).join('\n');
      keys.push({ key, etag: (await store.put(key, body)).etag });
    }
    const deliveries = [...keys, ...keys].sort((a, b) => ((a.key.length * 7 + b.etag.charCodeAt(3)) % 5) - 2 || a.key.localeCompare(b.key)).reverse();
    const outcomes: string[] = [];
    for (const d of deliveries) outcomes.push(...(await handle(s3PutEvent(d.key, d.etag))).map((r) => r.outcome));
    expect(outcomes.filter((o) => o === 'landed')).toHaveLength(20);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(20);
    expect(await count('SELECT count(*) AS n FROM transactions')).toBe(40);
    expect(await count('SELECT count(DISTINCT transaction_id) AS n FROM transactions')).toBe(40);
    expect(await count("SELECT count(*) AS n FROM transactions WHERE dt = '2024-04-11'")).toBe(20);
  });

  it('a redelivery after a crash between data and ledger rewrites the same files (no duplicate)', async () => {
    const key = 'incoming/c.json';
    const { etag } = await store.put(key, JSON.stringify(tx('C-1')));
    const [first] = await handle(s3PutEvent(key, etag));
    const ledger = first!.written.length; // data files written; now simulate the crash: forget the ledger entry
    for await (const o of store.list('tables/_ledger/')) await store.delete(o.key);
    const [again] = await handle(s3PutEvent(key, etag));
    expect(again!.written).toEqual(first!.written);
    expect(ledger).toBe(2);
    expect(await count('SELECT count(*) AS n FROM transactions')).toBe(1);
  });

  it('a 10 MB JSON Lines file lands completely', async () => {
    const lines: string[] = [];
    let size = 0;
    for (let i = 0; size < 10 * 1024 * 1024; i++) {
      const l = JSON.stringify(
        tx(`BIG-${i}`, {
          items: [
            { sku_id: 'SKU00001', quantity: 1 },
            { sku_id: 'SKU00002', quantity: 3 },
          ],
        }),
      );
      lines.push(l);
      size += l.length + 1;
    }
    const report = await deliver('incoming/big.jsonl', lines.join('\n'));
    expect(report).toMatchObject({ recordsIn: lines.length, landed: lines.length, rejected: 0 });
    expect(await count('SELECT count(*) AS n FROM transactions')).toBe(lines.length);
    expect(await count('SELECT sum(quantity) AS n FROM transaction_items')).toBe(lines.length * 4);
  });

  it('throws on a storage failure so that Lambda retries, and lands on the retry', async () => {
    const key = 'incoming/t.json';
    const { etag } = await store.put(key, JSON.stringify(tx('T-1')));
    let failures = 1;
    const flaky = Object.create(store) as LocalObjectStore;
    flaky.put = async (k, b, o) => {
      if (failures-- > 0) throw new Error('SlowDown: please reduce your request rate');
      return store.put(k, b, o);
    };
    const h = createIngestHandler({ store: flaky, manifest, clock: CLOCK });
    await expect(h(s3PutEvent(key, etag))).rejects.toThrow(/SlowDown/);
    const [r] = await h(s3PutEvent(key, etag));
    expect(r).toMatchObject({ outcome: 'landed', landed: 1 });
    expect(await count('SELECT count(*) AS n FROM transactions')).toBe(1);
  });
});

// Keeps the LocalEngine import honest for type-only users of this file.
void LocalEngine;
