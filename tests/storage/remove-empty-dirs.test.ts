import { mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeEmptyDirs, removeIfEmpty } from '../../src/storage/remove-empty-dirs.js';

describe('removeEmptyDirs', () => {
  it('removes the folders that hold no file, deepest first, and keeps every file with its folders', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'empty-dirs-'));
    const env = path.join(root, 'envs', 'dev');
    await mkdir(path.join(env, 'tables', 'mart', 'dt=2024-04-10'), { recursive: true });
    await mkdir(path.join(env, 'tables', 'other', 'dt=2024-04-11'), { recursive: true });
    await writeFile(path.join(env, 'tables', 'other', 'dt=2024-04-11', 'x.parquet'), 'data');
    expect(await removeEmptyDirs(env)).toBe(false);
    expect(await readFile(path.join(env, 'tables', 'other', 'dt=2024-04-11', 'x.parquet'), 'utf8')).toBe('data');
    expect(await readdir(path.join(env, 'tables'))).toEqual(['other']);
    await removeIfEmpty(path.join(root, 'envs'));
    expect((await stat(path.join(root, 'envs'))).isDirectory()).toBe(true);
  });

  it('removes a folder of empty folders, and its parent once empty; a missing folder is already gone', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'empty-dirs-'));
    const env = path.join(root, 'envs', 'dev');
    await mkdir(path.join(env, 'tables', 'mart', 'build=b1', 'dt=2024-04-10'), { recursive: true });
    expect(await removeEmptyDirs(env)).toBe(true);
    await removeIfEmpty(path.join(root, 'envs'));
    expect(await readdir(root)).toEqual([]);
    expect(await removeEmptyDirs(env)).toBe(true);
    await removeIfEmpty(path.join(root, 'envs'));
  });
});
