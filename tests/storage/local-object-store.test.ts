import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalObjectStore } from '../../src/storage/local-object-store.js';
import { InvalidObjectKeyError } from '../../src/storage/object-key.js';
import { collect, describeObjectStoreContract } from './object-store-contract.js';

let root = '';
let store: LocalObjectStore;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'local-object-store-'));
  store = new LocalObjectStore(root);
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describeObjectStoreContract('LocalObjectStore', () => store);

describe('LocalObjectStore', () => {
  it('mirrors keys as files under the root', async () => {
    await store.put('mirror/a/b.json', '{}');
    expect(await fs.readFile(path.join(root, 'mirror', 'a', 'b.json'), 'utf8')).toBe('{}');
    expect(store.pathOf('mirror/a/b.json')).toBe(path.join(root, 'mirror', 'a', 'b.json'));
    expect(store.description).toBe(root);
  });

  it.each(['../x', '/abs', 'a//b', 'a/../b', 'a\\b', '', 'a/', './a', 'a/.tmp-123', 'a\0b'])('rejects the unsafe key %j on every operation', async (key) => {
    await expect(store.put(key, 'x')).rejects.toBeInstanceOf(InvalidObjectKeyError);
    await expect(store.get(key)).rejects.toBeInstanceOf(InvalidObjectKeyError);
    await expect(store.head(key)).rejects.toBeInstanceOf(InvalidObjectKeyError);
    await expect(store.delete(key)).rejects.toBeInstanceOf(InvalidObjectKeyError);
  });

  it.each(['../', '/abs/', 'a//', '../../etc'])('rejects the unsafe list prefix %j', async (prefix) => {
    await expect(collect(store.list(prefix))).rejects.toBeInstanceOf(InvalidObjectKeyError);
  });

  it('never writes outside the root for a rejected key', async () => {
    await expect(store.put('../escaped.txt', 'x')).rejects.toThrow(/invalid object key/);
    await expect(fs.stat(path.join(path.dirname(root), 'escaped.txt'))).rejects.toThrow();
  });

  it('never lists or serves temp files of in-flight writes', async () => {
    await store.put('temps/real.json', 'real');
    await fs.writeFile(path.join(root, 'temps', '.tmp-in-flight'), 'partial');
    await fs.mkdir(path.join(root, 'temps', '.tmp-dir'), { recursive: true });
    await fs.writeFile(path.join(root, 'temps', '.tmp-dir', 'x'), 'partial');
    expect((await collect(store.list('temps/'))).map((o) => o.key)).toEqual(['temps/real.json']);
    expect((await collect(store.list(''))).some((o) => o.key.includes('.tmp-'))).toBe(false);
  });

  it('leaves no temp file behind after puts, including concurrent ones', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.put('concurrent/same.txt', `v${i}`)));
    expect(await fs.readdir(path.join(root, 'concurrent'))).toEqual(['same.txt']);
    expect(Buffer.from((await store.get('concurrent/same.txt')).body).toString()).toMatch(/^v\d+$/);
  });

  it('lists a folder of more files than one stat page, with folders between them, in key order with each size', async () => {
    const p = 'paged/';
    const keys: string[] = [];
    for (let i = 0; i < 2_300; i++) keys.push(`${p}f${String(i).padStart(5, '0')}.bin`);
    // Folders sorting among the files: a page of stats ends at each.
    keys.push(`${p}f00500/inner.bin`, `${p}f01999/inner.bin`);
    await Promise.all(keys.map((k, i) => store.put(k, 'x'.repeat(i % 7))));
    const listed = await collect(store.list(p));
    const expected = keys.map((k, i) => ({ key: k, size: i % 7 })).sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)));
    expect(listed.map((o) => ({ key: o.key, size: o.size }))).toEqual(expected);
  });

  it('omits the etag in list (documented) but head computes it', async () => {
    await store.put('etags/a.txt', 'hello');
    const [listed] = await collect(store.list('etags/'));
    expect(listed?.etag).toBeUndefined();
    expect((await store.head('etags/a.txt'))?.etag).toBe('5d41402abc4b2a76b9719d911017c592');
  });

  it('treats a directory as a missing object', async () => {
    await store.put('dirs/inner/file.txt', 'x');
    expect(await store.head('dirs/inner')).toBeUndefined();
    await expect(store.get('dirs/inner')).rejects.toThrow(/no object/);
    await store.delete('dirs/inner');
    expect(await store.head('dirs/inner/file.txt')).toBeDefined();
  });

  it('lists an absent root as empty', async () => {
    const absent = new LocalObjectStore(path.join(root, 'does-not-exist'));
    expect(await collect(absent.list(''))).toEqual([]);
  });

  it('writes with fsync when asked', async () => {
    const synced = new LocalObjectStore(root, { fsync: true });
    await synced.put('fsync/x.txt', 'durable');
    expect(Buffer.from((await synced.get('fsync/x.txt')).body).toString()).toBe('durable');
  });
});
