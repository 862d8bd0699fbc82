import { mkdir, mkdtemp, open, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { watchIncoming, type EntryEvent } from '../../src/streaming/incoming-watcher.js';

async function until(ok: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 25));
}

/** Every report of the watcher, by relative name: how each report called it, in order. */
function recorder(root: string) {
  const seen = new Map<string, EntryEvent[]>();
  const onEntry = (f: string, how: EntryEvent) => {
    const name = path.relative(root, f);
    seen.set(name, [...(seen.get(name) ?? []), how]);
  };
  return { seen, onEntry };
}

describe('watchIncoming (issue 15: one lstat per event, whatever the folder holds)', () => {
  it('reports the backlog, then new files, files of folders created later, renamed-in files; never dot files', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'watch-'));
    await mkdir(path.join(root, 'S1'), { recursive: true });
    await writeFile(path.join(root, 'S1', 'old.json'), '{}');
    await writeFile(path.join(root, 'S1', '.tmp-x'), '{}');
    const seen = new Set<string>();
    const w = watchIncoming(root, (f) => seen.add(path.relative(root, f)));
    try {
      await w.ready;
      expect([...seen]).toEqual(['S1/old.json']);
      await writeFile(path.join(root, 'S1', 'new.json'), '{}');
      await mkdir(path.join(root, 'S2', '2024-04-10'), { recursive: true });
      await writeFile(path.join(root, 'S2', '2024-04-10', 'deep.json'), '{}');
      await writeFile(path.join(root, 'S1', '.tmp-y'), '{}');
      await rename(path.join(root, 'S1', '.tmp-y'), path.join(root, 'S1', 'renamed.json'));
      await until(() => seen.size >= 4);
      expect([...seen].sort()).toEqual(['S1/new.json', 'S1/old.json', 'S1/renamed.json', 'S2/2024-04-10/deep.json']);
    } finally {
      w.close();
    }
  });

  it('tells a file renamed in from a dot file of its folder (complete) from files written in place or moved from elsewhere', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'watch-'));
    const elsewhere = await mkdtemp(path.join(tmpdir(), 'watch-elsewhere-'));
    await mkdir(path.join(root, 'S1'));
    // A temp file present before the watch starts: its rename is still recognised (the walk saw it).
    await writeFile(path.join(root, 'S1', '.tmp-before'), 'b');
    const { seen, onEntry } = recorder(root);
    const w = watchIncoming(root, onEntry);
    const settle = () => new Promise((r) => setTimeout(r, 60));
    try {
      await w.ready;
      const dir = path.join(root, 'S1');
      // The writer contract, as LocalObjectStore.put writes: an exclusive temp file, then rename.
      const h = await open(path.join(dir, '.tmp-1'), 'wx');
      await h.writeFile('{"a":1}\n');
      await h.close();
      await rename(path.join(dir, '.tmp-1'), path.join(dir, 'renamed.json'));
      await settle();
      await rename(path.join(dir, '.tmp-before'), path.join(dir, 'renamed-before.json'));
      await settle();
      // Over an existing name (a new version): still a rename of a complete file.
      await writeFile(path.join(dir, '.tmp-2'), '{"a":2}\n');
      await rename(path.join(dir, '.tmp-2'), path.join(dir, 'renamed.json'));
      await settle();
      // In place: created, then written — its writer may not be done.
      const inPlace = await open(path.join(dir, 'in-place.json'), 'w');
      await inPlace.write('{"a":');
      await settle();
      await inPlace.write('3}\n');
      await inPlace.close();
      await settle();
      // An empty file created in place, then written later.
      await writeFile(path.join(dir, 'empty-first.json'), '');
      await settle();
      await writeFile(path.join(dir, 'empty-first.json'), '{"a":4}\n');
      await settle();
      // Moved from another folder: the watch cannot see where it was written, so it settles.
      await writeFile(path.join(elsewhere, 'x.json'), '{"a":5}\n');
      await rename(path.join(elsewhere, 'x.json'), path.join(dir, 'moved.json'));
      await settle();
      // A dot file deleted, then (in a later turn) a file created in place: not a rename.
      await writeFile(path.join(dir, '.tmp-3'), 'x');
      await settle();
      await rm(path.join(dir, '.tmp-3'));
      await settle();
      await writeFile(path.join(dir, 'after-delete.json'), '{"a":6}\n');
      await until(() => seen.has('S1/after-delete.json') && seen.has('S1/moved.json'));
      await settle();
      // Renames are reported once each, as complete; everything else only as changed (the kernel may
      // merge two unread writes into one event, so in-place files are not counted).
      expect(seen.get('S1/renamed.json')).toEqual(['renamedIn', 'renamedIn']);
      expect(seen.get('S1/renamed-before.json')).toEqual(['renamedIn']);
      expect(seen.get('S1/moved.json')).toEqual(['changed']);
      for (const name of ['S1/in-place.json', 'S1/empty-first.json', 'S1/after-delete.json']) {
        expect(seen.get(name)?.length, name).toBeGreaterThan(0);
        expect(new Set(seen.get(name)), name).toEqual(new Set(['changed']));
      }
      expect([...seen.keys()].sort()).toEqual([
        'S1/after-delete.json',
        'S1/empty-first.json',
        'S1/in-place.json',
        'S1/moved.json',
        'S1/renamed-before.json',
        'S1/renamed.json',
      ]);
    } finally {
      w.close();
    }
  });

  it('under a burst of 300 renames and 100 in-place writes into one folder, no in-place file is ever taken for a renamed one', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'watch-'));
    const dir = path.join(root, 'S1');
    await mkdir(dir);
    const { seen, onEntry } = recorder(root);
    const w = watchIncoming(root, onEntry);
    try {
      await w.ready;
      await Promise.all([
        ...Array.from({ length: 300 }, async (_, i) => {
          await writeFile(path.join(dir, `.tmp-r${i}`), `{"r":${i}}\n`);
          await rename(path.join(dir, `.tmp-r${i}`), path.join(dir, `r${i}.json`));
        }),
        ...Array.from({ length: 100 }, async (_, i) => {
          const h = await open(path.join(dir, `p${i}.json`), 'w');
          await h.write('{"p":');
          await h.write(`${i}}\n`);
          await h.close();
        }),
      ]);
      await until(() => seen.size >= 400);
      expect(seen.size).toBe(400);
      const inPlaceRenamed = [...seen].filter(([name, how]) => name.startsWith('S1/p') && how.includes('renamedIn'));
      expect(inPlaceRenamed).toEqual([]);
      // Renames are recognised unless the kernel's two events of one rename reach the watch in two reads.
      const renamed = [...seen].filter(([name, how]) => name.startsWith('S1/r') && how.every((h) => h === 'renamedIn'));
      expect(renamed.length).toBeGreaterThan(0);
    } finally {
      w.close();
    }
  });
});
