import type { S3Event } from 'aws-lambda';
import { DuckDBInstance } from '@duckdb/node-api';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/compile-project.js';
import type { S3ObjectStore } from '../../src/storage/s3-object-store.js';
import { startS3rver, type S3rverServer } from '../support/s3rver-server.js';
import { createIngestHandler, type ObjectReport } from '../../src/streaming/ingest-handler.js';
import { projectConfig, projectModels } from '../support/project-files.js';

const config = projectConfig();
const manifest = compileProject(await projectModels(), config).manifest!;

describe('producer → PutObject → s3rver event → handler on S3 → Parquet in S3', () => {
  let s3: S3rverServer;
  let store: S3ObjectStore;
  const reports: ObjectReport[] = [];
  const pending: Promise<unknown>[] = [];

  beforeAll(async () => {
    s3 = await startS3rver('lake', 's3rver-ingest-');
    store = s3.store;
    const handle = createIngestHandler({ store, manifest });
    // s3rver emits an event for every write, including the handler's own; the handler must ignore
    // everything outside incoming/ — the same protection against a trigger loop as on AWS.
    s3.server.on('event', (event) => {
      const s3 = event as unknown as S3Event;
      if (!s3.Records.every((r) => r.eventName.startsWith('ObjectCreated'))) return;
      pending.push(handle(s3).then((r) => reports.push(...r)));
    });
  });

  afterAll(async () => {
    await s3?.stop();
  });

  async function settle(): Promise<void> {
    for (let i = 0; i < 100; i++) {
      const n = pending.length;
      await Promise.all(pending);
      await new Promise((r) => setTimeout(r, 50));
      if (pending.length === n) return;
    }
  }

  it('lands the transactions as Parquet in the bucket, row by row', async () => {
    const txs = [
      {
        transaction_id: 'S3-1',
        store_id: 'STORE0002',
        transaction_datetime: '2024-04-10 10:00:00',
        items: [
          { sku_id: 'SKU00010', quantity: 1 },
          { sku_id: 'SKU00011', quantity: 4 },
        ],
      },
      { transaction_id: 'S3-2', store_id: 'STORE0003', transaction_datetime: '2024-04-11 11:30:00', items: [{ sku_id: 'SKU00012', quantity: 2 }] },
    ];
    await store.put('incoming/STORE0002/2024-04-10/window 1.jsonl', txs.map((t) => JSON.stringify(t)).join('\n'));
    await settle();

    const landed = reports.filter((r) => r.outcome === 'landed');
    expect(landed).toHaveLength(1);
    expect(landed[0]).toMatchObject({ key: 'incoming/STORE0002/2024-04-10/window 1.jsonl', landed: 2, rejected: 0 });
    // The handler's own writes raised events too, and each was ignored (no loop): the files, the
    // key index (announced before the files, final after them), the transaction key files (one per
    // day: 2024-04-10 and 2024-04-11), the ledger entry.
    expect(reports.filter((r) => r.outcome === 'ignored').length).toBe(landed[0]!.written.length + 3 + 2);

    const keys: string[] = [];
    for await (const o of store.list('tables/')) keys.push(o.key);
    const dataKeys = keys.filter((k) => k.endsWith('.parquet'));
    expect(dataKeys.map((k) => k.replace(/stream-[0-9a-f]+/, 'stream-X'))).toEqual([
      'tables/transaction_items/dt=2024-04-10/stream-X.parquet',
      'tables/transaction_items/dt=2024-04-11/stream-X.parquet',
      'tables/transactions/dt=2024-04-10/stream-X.parquet',
      'tables/transactions/dt=2024-04-11/stream-X.parquet',
    ]);

    // Read the objects back from S3 and check every row with DuckDB.
    const local = await fs.mkdtemp(path.join(os.tmpdir(), 'readback-'));
    for (const k of dataKeys) {
      const file = path.join(local, k);
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, (await store.get(k)).body);
    }
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    const read = async (t: string) =>
      (await c.runAndReadAll(`SELECT * FROM read_parquet('${local}/tables/${t}/*/*.parquet', hive_partitioning = true) ORDER BY ALL`)).getRowObjectsJson();
    expect(await read('transactions')).toEqual([
      { transaction_id: 'S3-1', store_id: 'STORE0002', transaction_datetime: '2024-04-10 10:00:00', dt: '2024-04-10' },
      { transaction_id: 'S3-2', store_id: 'STORE0003', transaction_datetime: '2024-04-11 11:30:00', dt: '2024-04-11' },
    ]);
    expect(await read('transaction_items')).toEqual([
      { transaction_id: 'S3-1', sku_id: 'SKU00010', quantity: 1, store_id: 'STORE0002', transaction_datetime: '2024-04-10 10:00:00', dt: '2024-04-10' },
      { transaction_id: 'S3-1', sku_id: 'SKU00011', quantity: 4, store_id: 'STORE0002', transaction_datetime: '2024-04-10 10:00:00', dt: '2024-04-10' },
      { transaction_id: 'S3-2', sku_id: 'SKU00012', quantity: 2, store_id: 'STORE0003', transaction_datetime: '2024-04-11 11:30:00', dt: '2024-04-11' },
    ]);
    c.closeSync();
    db.closeSync();
  });

  it('a redelivered event changes nothing', async () => {
    const before: string[] = [];
    for await (const o of store.list('tables/transactions/')) before.push(`${o.key}@${o.etag}`);
    const obj = await store.head('incoming/STORE0002/2024-04-10/window 1.jsonl');
    const again = await createIngestHandler({ store, manifest })({
      Records: [
        {
          eventName: 'ObjectCreated:Put',
          eventTime: new Date().toISOString(),
          s3: { bucket: { name: 'lake' }, object: { key: 'incoming/STORE0002/2024-04-10/window+1.jsonl', eTag: obj!.etag } },
        },
      ],
    } as unknown as S3Event);
    expect(again).toMatchObject([{ outcome: 'duplicate' }]);
    const after: string[] = [];
    for await (const o of store.list('tables/transactions/')) after.push(`${o.key}@${o.etag}`);
    expect(after).toEqual(before);
  });
});
