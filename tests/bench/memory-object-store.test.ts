import { describe, expect, it } from 'vitest';
import { MemoryObjectStore } from '../../bench/lib/memory-object-store.js';
import { InvalidObjectKeyError } from '../../src/storage/object-key.js';
import { describeObjectStoreContract } from '../storage/object-store-contract.js';

const shared = new MemoryObjectStore();
describeObjectStoreContract('MemoryObjectStore (bench)', () => shared);

describe('MemoryObjectStore', () => {
  it('keeps its own copy of a body, so a reused buffer cannot change a stored object', async () => {
    const store = new MemoryObjectStore();
    const buffer = Buffer.from('{"a":1}');
    await store.put('incoming/a.json', buffer);
    buffer.write('{"b":2}');
    expect(Buffer.from((await store.get('incoming/a.json')).body).toString()).toBe('{"a":1}');
  });

  it('rejects the keys the local store rejects', async () => {
    const store = new MemoryObjectStore();
    await expect(store.put('../etc/passwd', 'x')).rejects.toThrow(InvalidObjectKeyError);
    await expect(store.get('a//b')).rejects.toThrow(InvalidObjectKeyError);
  });

  it('reports its usage', async () => {
    const store = new MemoryObjectStore();
    await store.put('a', 'xyz');
    await store.put('b', new Uint8Array(5));
    await store.put('a', 'xy');
    expect(store.usage()).toEqual({ objects: 2, bytes: 7 });
  });
});
