import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalObjectStore } from '../../src/storage/local-object-store.js';
import { createIngestHandler } from '../../src/streaming/ingest-handler.js';
import { projectWith, tx } from '../reliability/reliability-fixture.js';
import { makeTempLake, migratedEngine } from '../support/fixture-lake.js';
import { s3PutEvents } from '../support/s3-event.js';

const { config, manifest } = await projectWith();

describe('the local engine while hidden lists come and go (issue 15: a batch hides its files only while it commits)', () => {
  it('a query works before any list, while one exists, and after every list is gone again', async () => {
    const lake = await makeTempLake('hidden-come-go-');
    const store = new LocalObjectStore(lake);
    const keys = [];
    for (let i = 0; i < 3; i++) keys.push({ key: `incoming/h${i}.json`, etag: (await store.put(`incoming/h${i}.json`, JSON.stringify(tx(`H-${i}`)))).etag });
    const engine = await migratedEngine(lake, manifest, config);
    try {
      const count = async () => Number((await engine.query('SELECT count(*) AS n FROM transactions')).rows[0]!.n);
      expect(await count()).toBe(0);
      const list = path.join(lake, 'tables/_hidden/transactions/dt=2024-04-10/replace-x.jsonl');
      await mkdir(path.dirname(list), { recursive: true });
      await writeFile(list, '{"file":"nowhere","state":"pending","compaction":"x","at":"2024-04-10T00:00:00Z"}\n');
      expect(await count()).toBe(0);
      await rm(list);
      expect(await count()).toBe(0); // the hidden list glob matches nothing again
      await createIngestHandler({ store, manifest })(s3PutEvents(keys)); // its list appears and goes within the batch
      expect(await count()).toBe(3);
    } finally {
      await engine.close();
    }
  });
});
