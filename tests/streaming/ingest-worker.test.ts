import type { S3Event } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/compile-project.js';
import { LocalObjectStore } from '../../src/storage/local-object-store.js';
import type { LogEntry } from '../../src/streaming/ingest-handler.js';
import { startIngestWorker } from '../../src/streaming/ingest-worker.js';
import { makeTempLake, migratedEngine } from '../support/fixture-lake.js';
import { projectConfig, projectModels } from '../support/project-files.js';
import { s3PutEvents } from '../support/s3-event.js';

const config = projectConfig();
const manifest = compileProject(await projectModels(), config).manifest!;

const tx = (id: string) =>
  JSON.stringify({ transaction_id: id, store_id: 'STORE0001', transaction_datetime: '2024-04-10 12:00:00', items: [{ sku_id: 'SKU00001', quantity: 2 }] });

describe('the ingest handler in a worker thread', () => {
  it('lands a batch in the lake as the in-process handler does, exactly once across a redelivery, and passes its errors back', async () => {
    const lake = await makeTempLake();
    const store = new LocalObjectStore(lake);
    const logs: LogEntry[] = [];
    const worker = startIngestWorker({ lakeDir: lake, manifest, log: (e) => logs.push(e) });
    try {
      await worker.ready;
      const objects = [];
      for (let i = 0; i < 3; i++) {
        const key = `incoming/STORE0001/2024-04-10/w${i}.json`;
        objects.push({ key, etag: (await store.put(key, tx(`WK-${i}`))).etag });
      }
      const reports = await worker.invoke(s3PutEvents(objects));
      expect(reports.map((r) => [r.outcome, r.landed])).toEqual([
        ['landed', 1],
        ['landed', 1],
        ['landed', 1],
      ]);
      // Redelivered: the ledger, read in the worker, says so.
      expect((await worker.invoke(s3PutEvents(objects.slice(0, 1))))[0]).toMatchObject({ outcome: 'duplicate' });
      // A malformed event throws in the handler: the call rejects with its message, the worker lives on.
      await expect(worker.invoke({ Records: [null] } as unknown as S3Event)).rejects.toThrow(/null/);
      const key = 'incoming/STORE0001/2024-04-10/w-last.json';
      const last = await worker.invoke(s3PutEvents([{ key, etag: (await store.put(key, tx('WK-LAST'))).etag }]));
      expect(last[0]).toMatchObject({ outcome: 'landed', landed: 1 });
    } finally {
      await worker.close();
    }
    await expect(worker.invoke(s3PutEvents([]))).rejects.toThrow(/closed/);
    const engine = await migratedEngine(lake, manifest, config);
    try {
      const r = (await engine.query('SELECT count(*) AS n, count(DISTINCT transaction_id) AS d FROM transactions')).rows[0]!;
      expect({ n: Number(r.n), d: Number(r.d) }).toEqual({ n: 4, d: 4 });
    } finally {
      await engine.close();
    }
  });

  it('a worker that dies fails its invocations with the reason, and the next invocation starts another', async () => {
    const lake = await makeTempLake();
    // A manifest the handler cannot be built from: the worker throws while starting.
    const worker = startIngestWorker({ lakeDir: lake, manifest: {} as typeof manifest, log: () => {} });
    try {
      await worker.ready;
      await expect(worker.invoke(s3PutEvents([]))).rejects.toThrow(/the ingest worker (failed|exited)/);
      await expect(worker.invoke(s3PutEvents([]))).rejects.toThrow(/the ingest worker (failed|exited)/);
    } finally {
      await worker.close();
    }
  });
});
