import { describe, expect, it } from 'vitest';
import { MemoryObjectStore } from '../../bench/lib/memory-object-store.js';
import { packIncoming, parseOnly } from '../../bench/lib/ingest-input.js';
import { syntheticModels } from '../../bench/lib/synthetic-models.js';
import { readModelFiles } from '../../src/compiler/build-project.js';
import { compileProject } from '../../src/compiler/compile-project.js';
import { loadProject } from '../../src/cli/project.js';
import { createIngestHandler } from '../../src/streaming/ingest-handler.js';
import { s3PutEvent } from '../support/s3-event.js';

const line = (i: number): string =>
  JSON.stringify({
    transaction_id: `TX${String(i).padStart(9, '0')}`,
    store_id: 'STORE0001',
    transaction_datetime: '2024-04-10 12:00:00',
    items: [{ sku_id: 'SKU00001', quantity: 2 }],
  });

describe('ingest benchmark input', () => {
  const lines = Array.from({ length: 2_500 }, (_, i) => line(i + 1));

  it('packs one object per file, or JSON Lines batches with a short last one', () => {
    const singles = packIncoming(lines.slice(0, 3), 1);
    expect(singles.map((o) => o.key)).toEqual(['incoming/bench/0000000.json', 'incoming/bench/0000001.json', 'incoming/bench/0000002.json']);
    expect(Buffer.from(singles[1]!.body).toString()).toBe(`${lines[1]}\n`);
    const batches = packIncoming(lines, 1_000);
    expect(batches.map((o) => o.transactions)).toEqual([1_000, 1_000, 500]);
    expect(batches[0]!.key.endsWith('.jsonl')).toBe(true);
    expect(Buffer.from(batches[2]!.body).toString().split('\n')).toHaveLength(501);
  });

  it('the JSON.parse ceiling sees every record of the same bytes', () => {
    expect(parseOnly(packIncoming(lines, 1))).toBe(2_500);
    expect(parseOnly(packIncoming(lines, 1_000))).toBe(2_500);
  });

  it('the handler lands every transaction of those inputs on the in-memory store', async () => {
    const { manifest } = await loadProject();
    const store = new MemoryObjectStore();
    const handler = createIngestHandler({ store, manifest });
    let landed = 0;
    // Other ids for the single files: a transaction_id lands once (first landed wins, docs/reliability.md).
    const singles = Array.from({ length: 5 }, (_, i) => line(1_000_000 + i));
    for (const o of [...packIncoming(singles, 1, 'incoming/s/'), ...packIncoming(lines, 1_000, 'incoming/b/')]) {
      const { etag } = await store.put(o.key, o.body);
      for (const r of await handler(s3PutEvent(o.key, etag))) landed += r.landed;
    }
    expect(landed).toBe(2_505);
  });
});

describe('synthetic models for the compile benchmark', () => {
  it('compile without errors beside the project models, tables and views alike', async () => {
    const { config } = await loadProject();
    const generated = syntheticModels(60);
    const { manifest, errors } = compileProject([...(await readModelFiles(process.cwd(), config.modelsDir)), ...generated], config);
    expect(errors).toEqual([]);
    const names = new Set(generated.map((f) => f.path.replace(/^.*\/|\.sql$/g, '')));
    const kinds = manifest!.models.filter((m) => names.has(m.name)).map((m) => m.kind);
    expect(kinds.filter((k) => k === 'table')).toHaveLength(6);
    expect(kinds.filter((k) => k === 'view')).toHaveLength(54);
  });
});
