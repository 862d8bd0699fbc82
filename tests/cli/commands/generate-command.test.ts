import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCommand } from '../../../src/cli/commands/generate-command.js';
import type { ProgressStream } from '../../../src/util/progress.js';
import { FIXED_CLOCK, readTree, tempDir } from '../../producer/history-fixtures.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
});

async function run(argv: string[], lakeDir = '/nonexistent-lake-dir') {
  const out: string[] = [];
  const err: string[] = [];
  const progressChunks: string[] = [];
  const progress: ProgressStream = { write: (c: string) => progressChunks.push(c), isTTY: false };
  const code = await generateCommand(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s), progress }, { LAKE_DIR: lakeDir }, FIXED_CLOCK);
  return { code, stdout: out.join('\n'), stderr: err.join('\n'), progress: progressChunks.join('') };
}

describe('generate command', () => {
  it('prints help and exits 0', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    for (const flag of ['--stores', '--skus', '--transactions', '--days', '--seed', '--end-date', '--chunk-size', '--target', '--force']) {
      expect(stdout).toContain(flag);
    }
  });

  it.each([
    [['--transactions', 'many'], /--transactions must be a whole number, got "many"/],
    [['--transactions', '0'], /--transactions must be an integer from 1/],
    [['--stores', '-3'], /--stores/],
    [['--seed', '99999999999'], /--seed must be an integer from 0 to 4294967295/],
    [['--end-date', '2024-13-01'], /--end-date "2024-13-01" is not a date/],
    [['--target', 'mars'], /--target must be one of "local", "trino", "athena", got "mars"/],
    [['--chunk-size', '0'], /--chunk-size must be an integer from 1/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['stray'], /positional/i],
  ])('rejects %j with exit code 2 and says what to do', async (argv, message) => {
    const { code, stderr } = await run(argv);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).toContain('npm run generate -- --help');
  });

  it('writes into LAKE_DIR, reports progress, and refuses a second run without --force', async () => {
    const lake = await tempDir('generate-command');
    dirs.push(lake);
    const args = ['--transactions', '3000', '--skus', '200', '--days', '3', '--chunk-size', '1000', '--seed', '5'];
    const first = await run(args, lake);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(lake);
    expect(first.stdout).toMatch(/Wrote 5 files .* 3,000 transactions/);
    expect(first.stdout).toContain('2024-04-28');
    expect(first.progress).toMatch(/transactions: done, 3,000/);
    const tree = await readTree(lake);
    expect([...tree.keys()]).toEqual([
      'raw/skus/skus.jsonl',
      'raw/stores/stores.jsonl',
      'raw/transactions/part-00000.jsonl',
      'raw/transactions/part-00001.jsonl',
      'raw/transactions/part-00002.jsonl',
    ]);

    const second = await run(['--transactions', '10'], lake);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/already exists.*--force/s);
    // Compared as digests: deep equality of large Buffers is slow in expect.
    expect(digests(await readTree(lake))).toEqual(digests(tree));

    const forced = await run(['--transactions', '10', '--skus', '20', '--force'], lake);
    expect(forced.code).toBe(0);
    expect(await fs.readdir(path.join(lake, 'raw/transactions'))).toEqual(['part-00000.jsonl']);
  });
});

function digests(tree: Map<string, Buffer>): Record<string, string> {
  return Object.fromEntries([...tree].map(([file, bytes]) => [file, createHash('sha256').update(bytes).digest('hex')]));
}
