import { describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/compile-project.js';
import type { TableEntry } from '../../src/manifest/manifest.js';
import { LocalObjectStore } from '../../src/storage/local-object-store.js';
import type { ListOptions, ObjectInfo } from '../../src/storage/object-store.js';
import { newAdmittedKeys, ObjectKeyAdmission } from '../../src/streaming/admit-keys.js';
import { createIngestHandler } from '../../src/streaming/ingest-handler.js';
import { keyedTable, keyFileKey, readKeyFiles, TransactionKeyIndex, type KeyCandidate, type KeyedTable } from '../../src/streaming/transaction-keys.js';
import { makeTempLake, migratedEngine } from '../support/fixture-lake.js';
import { projectConfig, projectModels } from '../support/project-files.js';
import { s3PutEvent } from '../support/s3-event.js';

const config = projectConfig();
const manifest = compileProject(await projectModels(), config).manifest!;
const keyed = keyedTable(manifest.models.filter((m): m is TableEntry => m.kind === 'table'))!;
const TABLES = config.lake.prefixes.tables;
const DAY = '2024-04-10';
const dayPrefix = `${TABLES}_keys/transactions/dt=${DAY}/`;

function tx(id: string): string {
  return JSON.stringify({ transaction_id: id, store_id: 'STORE0001', transaction_datetime: `${DAY} 10:00:00`, items: [{ sku_id: 'SKU00001', quantity: 1 }] });
}

/** The duplicates among `candidates` (by position), admitted as the mapper admits one object's records. */
async function admitKeys(index: TransactionKeyIndex, identity: string, source: string, candidates: readonly KeyCandidate[]): Promise<Map<number, string>> {
  const admission = new ObjectKeyAdmission(index, identity, source, newAdmittedKeys());
  const duplicates = new Map<number, string>();
  for (const [i, c] of candidates.entries()) {
    if (!admission.ready(c.partitionValue)) await admission.load(c.partitionValue);
    const duplicate = admission.admit(c.line, c.id, c.partitionValue);
    if (duplicate !== undefined) duplicates.set(i, duplicate);
  }
  return duplicates;
}

/** A key file as the handler wrote it before the minute folders: `dt=…/<landed at>-<identity>.json`. */
function oldLayoutKey(landedAtMs: number, identity: string): string {
  return `${dayPrefix}${String(landedAtMs).padStart(13, '0')}-${identity}.json`;
}

/** Passes through, recording every listing's prefix and options. */
class ListingSpy extends LocalObjectStore {
  readonly listings: { prefix: string; options: ListOptions; keys: number }[] = [];
  override async *list(prefix: string, options: ListOptions = {}): AsyncIterable<ObjectInfo> {
    const entry = { prefix, options, keys: 0 };
    this.listings.push(entry);
    for await (const o of super.list(prefix, options)) {
      entry.keys++;
      yield o;
    }
  }
}

describe('the key index layout: one folder per landing minute (issue 15)', () => {
  it('names a key file <minute>/<landed at>-<identity>.json under its day', () => {
    const at = Date.UTC(2024, 3, 10, 12, 34, 56, 789);
    const minute = Date.UTC(2024, 3, 10, 12, 34);
    expect(keyFileKey(TABLES, keyed as KeyedTable, DAY, 'abc', at)).toBe(`${dayPrefix}${minute}/${at}-abc.json`);
  });

  it('a warm index lists only from the minute of its newest key file minus the overlap, not the whole day', async () => {
    const lake = await makeTempLake('keys-');
    const store = new ListingSpy(lake);
    let now = Date.UTC(2024, 3, 10, 12, 0);
    const index = new TransactionKeyIndex(store, TABLES, keyed, () => new Date(now));
    // Two hours of landings, one a minute, by other writers.
    for (let m = 0; m < 120; m++)
      await store.put(keyFileKey(TABLES, keyed, DAY, `w${m}`, now + m * 60_000), JSON.stringify({ source: `incoming/w${m}.json`, ids: [`W-${m}`] }));
    now += 120 * 60_000;
    index.startInvocation();
    const first = await admitKeys(index, 'me', 'incoming/me.json', [
      { line: 1, id: 'W-0', partitionValue: DAY },
      { line: 2, id: 'W-119', partitionValue: DAY },
      { line: 3, id: 'NEW', partitionValue: DAY },
    ]);
    expect([...first.values()]).toEqual([
      'duplicate transaction_id W-0: first landed from incoming/w0.json',
      'duplicate transaction_id W-119: first landed from incoming/w119.json',
    ]);
    expect(store.listings.at(-1)).toMatchObject({ prefix: dayPrefix, keys: 120 });
    // Later: one more key file; the listing starts at the minute of (newest − 60 s).
    await store.put(keyFileKey(TABLES, keyed, DAY, 'late', now), JSON.stringify({ source: 'incoming/late.json', ids: ['LATE'] }));
    index.startInvocation();
    const second = await admitKeys(index, 'me', 'incoming/me.json', [{ line: 1, id: 'LATE', partitionValue: DAY }]);
    expect([...second.values()]).toEqual(['duplicate transaction_id LATE: first landed from incoming/late.json']);
    const listing = store.listings.at(-1)!;
    expect(listing.options).toMatchObject({ startAfter: `${dayPrefix}${Date.UTC(2024, 3, 10, 13, 58)}`, keysOnly: true });
    expect(listing.keys).toBe(3); // minutes 118 and 119, and the new one — not the 120 of the day
  });

  it('reads a lake written in the old flat layout: its ids stay duplicates, and who landed first follows landing time across layouts', async () => {
    const lake = await makeTempLake('keys-old-');
    const store = new LocalObjectStore(lake);
    const minute = Date.UTC(2024, 3, 10, 12, 0);
    // Old layout, landed at 12:00:30; new layout, landed at 12:00:10 and 12:00:50: by name the new
    // folder "<12:00>/" sorts before "<12:00:30>-…", by time the old file is the second.
    await store.put(oldLayoutKey(minute + 30_000, 'old'), JSON.stringify({ source: 'incoming/old.json', ids: ['OLD-1', 'BOTH'] }));
    await store.put(keyFileKey(TABLES, keyed, DAY, 'early', minute + 10_000), JSON.stringify({ source: 'incoming/early.json', ids: ['EARLY-1'] }));
    await store.put(keyFileKey(TABLES, keyed, DAY, 'later', minute + 50_000), JSON.stringify({ source: 'incoming/later.json', ids: ['BOTH'] }));
    expect((await readKeyFiles(store, dayPrefix)).map((f) => f.identity)).toEqual(['early', 'old', 'later']);
    const index = new TransactionKeyIndex(store, TABLES, keyed, () => new Date(minute + 120_000));
    index.startInvocation();
    const admission = await admitKeys(index, 'me', 'incoming/me.json', [{ line: 1, id: 'BOTH', partitionValue: DAY }]);
    expect([...admission.values()]).toEqual(['duplicate transaction_id BOTH: first landed from incoming/old.json']);

    // Through the handler: ids of the old layout are rejected, new ones land and go in a minute folder.
    const handle = createIngestHandler({ store, manifest });
    const put = async (key: string, body: string) => handle(s3PutEvent(key, (await store.put(key, body)).etag));
    const [report] = await put('incoming/c.jsonl', [tx('OLD-1'), tx('EARLY-1'), tx('FRESH-1')].join('\n'));
    expect(report).toMatchObject({ outcome: 'landed', landed: 1, rejected: 2 });
    const [again] = await put('incoming/d.json', tx('FRESH-1'));
    expect(again).toMatchObject({ outcome: 'landed', landed: 0, rejected: 1 });
    const files: string[] = [];
    for await (const o of store.list(dayPrefix)) files.push(o.key.slice(dayPrefix.length));
    expect(files.filter((f) => !/^\d{13}\/\d{13}-[^/]+\.json$/.test(f))).toEqual([`${minute + 30_000}-old.json`]);
    const engine = await migratedEngine(lake, manifest, config);
    try {
      const rows = (await engine.query('SELECT list(transaction_id ORDER BY transaction_id) AS ids FROM transactions')).rows[0]!;
      expect(rows.ids).toEqual(['FRESH-1']);
    } finally {
      await engine.close();
    }
  });
});
