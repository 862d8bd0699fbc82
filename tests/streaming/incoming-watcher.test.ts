import { mkdir, mkdtemp, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { watchIncoming } from '../../src/streaming/incoming-watcher.js';

async function until(ok: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 25));
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
});
