import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../src/streaming/ingest-handler.js';
import { IncomingRefusals } from '../../src/streaming/incoming-refusals.js';
import { LocalObjectStore } from '../../src/storage/local-object-store.js';

async function rejected(store: LocalObjectStore): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for await (const o of store.list('rejected/')) out.push(JSON.parse(new TextDecoder().decode((await store.get(o.key)).body)) as Record<string, unknown>);
  return out;
}

describe('IncomingRefusals: entries of incoming/ that cannot be objects', () => {
  it('a rescan records a link (never its target) and a name that is not UTF-8 (with its bytes and content), once each; skips dot files and regular files', async () => {
    const lake = await mkdtemp(path.join(tmpdir(), 'refusals-'));
    const incoming = path.join(lake, 'incoming', 'S1');
    await mkdir(incoming, { recursive: true });
    await writeFile(path.join(lake, 'secret.txt'), 'do not leak');
    await symlink(path.join(lake, 'secret.txt'), path.join(incoming, 'link.json'));
    await writeFile(path.join(incoming, 'ok.json'), '{}');
    await writeFile(path.join(incoming, '.tmp-x'), '{}');
    const badName = Buffer.concat([Buffer.from(path.join(incoming, 'bad-')), Buffer.from([0xff]), Buffer.from('.json')]);
    await writeFile(badName, '{"a":1}');
    const store = new LocalObjectStore(lake);
    const logs: LogEntry[] = [];
    const refusals = new IncomingRefusals(
      store,
      lake,
      'rejected/',
      () => new Date('2024-04-10T12:00:00Z'),
      (e) => logs.push(e),
    );
    await refusals.rescan(Buffer.from(path.join(lake, 'incoming')));
    await refusals.rescan(Buffer.from(path.join(lake, 'incoming')));
    expect(refusals.total).toBe(2);
    const records = await rejected(store);
    expect(records).toHaveLength(2);
    const link = records.find((r) => (r.source as { key?: string }).key === 'incoming/S1/link.json')!;
    expect(link).toMatchObject({ kind: 'symbolic link' });
    expect(JSON.stringify(link)).not.toContain('secret');
    const bad = records.find((r) => 'nameBytesHex' in (r.source as object))!;
    expect((bad.source as { nameBytesHex: string }).nameBytesHex).toBe(
      Buffer.concat([Buffer.from('incoming/S1/bad-'), Buffer.from([0xff]), Buffer.from('.json')]).toString('hex'),
    );
    expect(Buffer.from(bad.contentBase64 as string, 'base64').toString()).toBe('{"a":1}');
    expect(logs.map((l) => l.msg)).toEqual(['refused an entry of incoming/', 'refused an entry of incoming/']);
  });
});
