import { describe, expect, it } from 'vitest';
import { compactTables } from '../../src/compaction/compact-table.js';
import { DEFAULT_ASSUMPTIONS } from '../../src/cost/cost-inputs.js';
import { LocalObjectStore } from '../../src/storage/local-object-store.js';
import { createIngestHandler } from '../../src/streaming/ingest-handler.js';
import { projectWith, tx } from '../reliability/reliability-fixture.js';
import { makeTempLake } from '../support/fixture-lake.js';
import { s3PutEvents } from '../support/s3-event.js';

/**
 * The cost model's bookkeeping assumptions (`ledger*PerObject`, `ledger*PerBatch`) are the handler's
 * own S3 requests, counted here on a real store: if the handler or compaction starts making more
 * requests, this fails until the model charges them. S3 bills LIST at the PUT price and HEAD at the
 * GET price; DELETE is free. The incoming GET and the table files are items of their own.
 */
const { manifest } = await projectWith();
const CLOCK = () => new Date('2024-04-10T12:00:01Z');
const PUT_CLASS = new Set(['put', 'putIfAbsent', 'putIfMatch', 'list']);
const GET_CLASS = new Set(['get', 'head']);

interface Requests {
  puts: number;
  gets: number;
}

/** A store that counts the bookkeeping requests made through it (not the incoming GETs nor the table files). */
function counting(store: LocalObjectStore, into: Requests): LocalObjectStore {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      const name = String(prop);
      if (typeof value !== 'function' || !(PUT_CLASS.has(name) || GET_CLASS.has(name))) return value;
      return (...args: unknown[]) => {
        const key = String(args[0]);
        const dataFile = /^tables\/[a-z_]+\/dt=[^/]+\/[^/]+\.parquet$/.test(key) && name === 'put';
        if (!key.startsWith('incoming/') && !dataFile) {
          if (PUT_CLASS.has(name)) into.puts++;
          else into.gets++;
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/** Lands `batches` batches of `size` one-transaction objects into a day that already holds two batches; counts the last ones and their compaction. */
async function measure(size: number, batches: number): Promise<{ ingest: Requests; compaction: Requests }> {
  const lake = await makeTempLake('requests-');
  const store = new LocalObjectStore(lake);
  const objects: { key: string; etag: string }[] = [];
  for (let i = 0; i < 6 + size * batches; i++) {
    const key = `incoming/T-${i}.json`;
    const { etag } = await store.put(
      key,
      JSON.stringify(tx(`T-${i}`, `2024-04-10 11:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`, 2)),
    );
    objects.push({ key, etag });
  }
  const ingest: Requests = { puts: 0, gets: 0 };
  const warm = createIngestHandler({ store, manifest, clock: CLOCK });
  await warm(s3PutEvents(objects.slice(0, 3)));
  await warm(s3PutEvents(objects.slice(3, 6)));
  const handle = createIngestHandler({ store: counting(store, ingest), manifest, clock: CLOCK });
  for (let b = 0; b < batches; b++) {
    const reports = await handle(s3PutEvents(objects.slice(6 + b * size, 6 + (b + 1) * size)));
    expect(reports.every((r) => r.outcome === 'landed')).toBe(true);
  }
  // The two warm-up batches' files are merged too; they are counted apart below.
  const compaction: Requests = { puts: 0, gets: 0 };
  await compactTables(counting(store, compaction), manifest, { settleMs: 0, graceMs: 0 });
  return { ingest, compaction };
}

/** What one more batch of `size` objects costs a warm handler (a Lambda container after its first batch) and compaction. */
async function oneWarmBatch(size: number): Promise<{ ingest: Requests; compaction: Requests }> {
  const one = await measure(size, 1);
  const two = await measure(size, 2);
  const minus = (x: Requests, y: Requests): Requests => ({ puts: x.puts - y.puts, gets: x.gets - y.gets });
  return { ingest: minus(two.ingest, one.ingest), compaction: minus(two.compaction, one.compaction) };
}

describe('the cost model charges what the ingest handler and compaction request (issue 15 item 5)', () => {
  const a = DEFAULT_ASSUMPTIONS;

  it('a batch of n objects: n × per-object + per-batch bookkeeping requests, exactly', async () => {
    for (const size of [10, 100]) {
      const { ingest, compaction } = await oneWarmBatch(size);
      expect({ size, puts: ingest.puts, gets: ingest.gets + compaction.gets }).toEqual({
        size,
        puts: size * a.ledgerPutsPerObject + a.ledgerPutsPerBatch,
        gets: size * a.ledgerGetsPerObject + a.ledgerGetsPerBatch,
      });
      // Compaction's merged file and lock are priced with compaction, per run, not per batch.
      expect(compaction.puts).toBe(0);
    }
  });

  it('a cold handler (a new Lambda container) reads a few more objects once, which the model leaves out', async () => {
    const { ingest } = await measure(10, 1);
    const { ingest: warm } = await oneWarmBatch(10);
    expect(ingest.puts).toBe(warm.puts);
    expect(ingest.gets - warm.gets).toBe(4);
  });

  it('a batch of one object takes the one-object path, charged as such', async () => {
    const { ingest, compaction } = await oneWarmBatch(1);
    expect({ puts: ingest.puts, gets: ingest.gets + compaction.gets }).toEqual({ puts: a.ledgerPutsOneObjectBatch, gets: a.ledgerGetsOneObjectBatch });
  });
});
