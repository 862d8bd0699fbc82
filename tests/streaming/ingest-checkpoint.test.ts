import { appendFile, mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKPOINT_FILE, IngestCheckpoint } from '../../src/streaming/ingest-checkpoint.js';

describe('IngestCheckpoint: which file versions the local runtime handled', () => {
  it('remembers versions across opens, a changed file is a new mark, and a torn last line is ignored', async () => {
    const lake = await mkdtemp(path.join(tmpdir(), 'checkpoint-'));
    await mkdir(path.join(lake, '_ingest'));
    const first = await IngestCheckpoint.open(lake);
    const a = IngestCheckpoint.markOf('incoming/a.json', { size: 10, mtimeMs: 1 });
    const b = IngestCheckpoint.markOf('incoming/b.json', { size: 5, mtimeMs: 2 });
    await first.add([a, b]);
    await first.add([]);
    // A crash mid-append.
    await appendFile(path.join(lake, CHECKPOINT_FILE), '"incoming/c.js');
    const again = await IngestCheckpoint.open(lake);
    expect(again.has(a)).toBe(true);
    expect(again.has(b)).toBe(true);
    expect(again.has(IngestCheckpoint.markOf('incoming/a.json', { size: 11, mtimeMs: 1 }))).toBe(false);
    expect(again.has(IngestCheckpoint.markOf('incoming/a.json', { size: 10, mtimeMs: 3 }))).toBe(false);
  });

  it('a lake without a checkpoint starts empty', async () => {
    const lake = await mkdtemp(path.join(tmpdir(), 'checkpoint-'));
    expect((await IngestCheckpoint.open(lake)).has(IngestCheckpoint.markOf('k', { size: 1, mtimeMs: 1 }))).toBe(false);
  });
});
