import { mkdir, mkdtemp, stat, symlink, utimes, writeFile } from 'node:fs/promises';
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

  it('reads again only the folders changed since they were last read, and still finds what appears anywhere', async () => {
    const lake = await mkdtemp(path.join(tmpdir(), 'refusals-'));
    const root = path.join(lake, 'incoming');
    const day = path.join(root, 'S1', '2024-04-10');
    await mkdir(day, { recursive: true });
    for (let i = 0; i < 5; i++) await writeFile(path.join(day, `t${i}.json`), '{}');
    const hourAgo = new Date(Date.now() - 3_600_000);
    for (const dir of [day, path.join(root, 'S1'), root]) await utimes(dir, hourAgo, hourAgo);
    const refusals = new IncomingRefusals(
      new LocalObjectStore(lake),
      lake,
      'rejected/',
      () => new Date('2024-04-10T12:00:00Z'),
      () => {},
    );
    const rescan = () => refusals.rescan(Buffer.from(root));
    await rescan();
    expect(refusals.total).toBe(0);

    // A link appears in the day folder, whose mtime is then set back: the rescan trusts the folder's
    // mtime and does not read it (this is what makes a rescan one lstat per folder).
    await symlink(path.join(lake, 'nowhere'), path.join(day, 'link-1.json'));
    await utimes(day, hourAgo, hourAgo);
    await rescan();
    expect(refusals.total).toBe(0);
    // As the kernel leaves it (the folder's mtime moved), the next rescan reads that folder again.
    await utimes(day, new Date(Date.now() - 10_000), new Date(Date.now() - 10_000));
    await rescan();
    expect(refusals.total).toBe(1);

    // Without any help: an entry deep below settled folders, and a new folder with one.
    await symlink(path.join(lake, 'nowhere'), path.join(day, 'link-2.json'));
    await mkdir(path.join(root, 'S2', '2024-04-10'), { recursive: true });
    await symlink(path.join(lake, 'nowhere'), path.join(root, 'S2', '2024-04-10', 'link-3.json'));
    await rescan();
    expect(refusals.total).toBe(3);
    expect((await stat(day)).mtimeMs).toBeGreaterThan(hourAgo.getTime());
  });
});
