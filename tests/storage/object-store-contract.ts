import { randomUUID } from 'node:crypto';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ObjectNotFoundError } from '../../src/storage/object-store.js';
import type { ObjectInfo, ObjectStore } from '../../src/storage/object-store.js';

/**
 * The behaviour every {@link ObjectStore} must share, run against each implementation. The store is
 * shared across tests, so each test works under its own random prefix.
 */
export function describeObjectStoreContract(name: string, getStore: () => ObjectStore, options: ContractOptions = {}): void {
  describe(`ObjectStore contract: ${name}`, () => {
    const fresh = (): string => `contract/${randomUUID()}/`;

    it('round-trips binary data byte for byte, with an md5 ETag', async () => {
      const store = getStore();
      const key = `${fresh()}blob.bin`;
      const bytes = new Uint8Array(256 * 3);
      for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7) % 256;
      const put = await store.put(key, bytes, { contentType: 'application/octet-stream' });
      const md5 = createHash('md5').update(bytes).digest('hex');
      expect(put.etag).toBe(md5);
      const got = await store.get(key);
      expect(Buffer.from(got.body).equals(Buffer.from(bytes))).toBe(true);
      expect(got.etag).toBe(md5);
      const head = await store.head(key);
      expect(head).toMatchObject({ key, size: bytes.length, etag: md5 });
      expect(head?.lastModified).toBeInstanceOf(Date);
    });

    it('stores strings as UTF-8', async () => {
      const store = getStore();
      const key = `${fresh()}text.json`;
      await store.put(key, '{"city":"Zürich"}\n');
      const got = await store.get(key);
      expect(Buffer.from(got.body).toString('utf8')).toBe('{"city":"Zürich"}\n');
      expect((await store.head(key))?.size).toBe(Buffer.byteLength('{"city":"Zürich"}\n'));
    });

    it('overwrites an existing key', async () => {
      const store = getStore();
      const key = `${fresh()}x.txt`;
      const first = await store.put(key, 'first version, longer');
      const second = await store.put(key, 'second');
      expect(second.etag).not.toBe(first.etag);
      expect(Buffer.from((await store.get(key)).body).toString()).toBe('second');
      expect((await store.head(key))?.size).toBe(6);
    });

    it('lists in lexicographic key order, filtered by prefix', async () => {
      const store = getStore();
      const p = fresh();
      const keys = ['b/2.txt', 'a/1.txt', 'a/0/deep.txt', 'c.txt', 'ab/z.txt', 'a0.txt'];
      // "a-b.txt" < "a.txt" < "a/…" in byte order, while a naive directory walk puts "a/…" first.
      if (options.checksKeysBesideFolders ?? true) keys.push('a-b.txt', 'a.txt');
      for (const k of keys) await store.put(p + k, k);
      const all = await collect(store.list(p));
      expect(all.map((o) => o.key)).toEqual(keys.map((k) => p + k).sort(byBytes));
      expect(all.find((o) => o.key === `${p}c.txt`)?.size).toBe(5);
      expect((await collect(store.list(`${p}a/`))).map((o) => o.key)).toEqual([`${p}a/0/deep.txt`, `${p}a/1.txt`]);
      // A prefix may end in the middle of a segment, as on S3.
      expect((await collect(store.list(`${p}a`))).map((o) => o.key)).toEqual(
        keys
          .filter((k) => k.startsWith('a'))
          .map((k) => p + k)
          .sort(byBytes),
      );
      expect(await collect(store.list(`${p}nothing/`))).toEqual([]);
    });

    it('lists after startAfter as S3 does, across folders (the key index: older flat names and minute folders), keys only on request', async () => {
      const store = getStore();
      const p = fresh();
      const keys = [
        '0000000060000/0000000060001-a.json',
        '0000000060000/0000000119999-b.json',
        '0000000090000-old.json',
        '0000000120000/0000000120000-c.json',
        '0000000000000/0000000000001-z.json',
        '0000000059999-old.json',
      ];
      for (const k of keys) await store.put(p + k, k);
      const after = `${p}0000000060000`;
      const expected = keys
        .map((k) => p + k)
        .filter((k) => byBytes(k, after) > 0)
        .sort(byBytes);
      expect(expected.map((k) => k.slice(p.length))).toEqual([
        '0000000060000/0000000060001-a.json',
        '0000000060000/0000000119999-b.json',
        '0000000090000-old.json',
        '0000000120000/0000000120000-c.json',
      ]);
      expect((await collect(store.list(p, { startAfter: after }))).map((o) => o.key)).toEqual(expected);
      expect((await collect(store.list(p, { startAfter: after, keysOnly: true }))).map((o) => o.key)).toEqual(expected);
      // Inside a folder, and after its last key.
      expect((await collect(store.list(p, { startAfter: `${p}0000000060000/0000000060001-a.json` }))).map((o) => o.key)).toEqual(expected.slice(1));
      expect((await collect(store.list(p, { startAfter: `${p}0000000120000/0000000120000-c.json` }))).map((o) => o.key)).toEqual([]);
    });

    it('answers head of a missing key with undefined', async () => {
      const store = getStore();
      expect(await store.head(`${fresh()}missing.json`)).toBeUndefined();
    });

    it('throws ObjectNotFoundError on get of a missing key', async () => {
      const store = getStore();
      const key = `${fresh()}missing.json`;
      const error = await store.get(key).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ObjectNotFoundError);
      expect((error as ObjectNotFoundError).key).toBe(key);
    });

    it('deletes, and deleting a missing key is not an error', async () => {
      const store = getStore();
      const p = fresh();
      await store.put(`${p}gone.txt`, 'x');
      await store.put(`${p}kept.txt`, 'y');
      await store.delete(`${p}gone.txt`);
      await store.delete(`${p}gone.txt`);
      await store.delete(`${p}never-existed.txt`);
      expect(await store.head(`${p}gone.txt`)).toBeUndefined();
      expect((await collect(store.list(p))).map((o) => o.key)).toEqual([`${p}kept.txt`]);
    });

    it('handles keys with spaces and unicode', async () => {
      const store = getStore();
      const p = fresh();
      const keys = [`${p}with space/file name.json`, `${p}ünïcødé/日本語.json`, `${p}emoji/🛒 basket.json`];
      for (const k of keys) await store.put(k, k);
      for (const k of keys) expect(Buffer.from((await store.get(k)).body).toString()).toBe(k);
      expect((await collect(store.list(p))).map((o) => o.key)).toEqual([...keys].sort(byBytes));
    });
  });
}

export interface ContractOptions {
  /**
   * Check the order of `a-b`, `a.txt` and `a/…` (keys sorting just before a "folder"). True S3 and
   * LocalObjectStore get it right; s3rver walks its directory tree and does not.
   */
  readonly checksKeysBesideFolders?: boolean;
}

export async function collect(items: AsyncIterable<ObjectInfo>): Promise<ObjectInfo[]> {
  const out: ObjectInfo[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** S3 orders keys by their UTF-8 bytes, which differs from JS string order above U+FFFF. */
function byBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
