import fs from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { SeededRandom } from '../../producer/history/seeded-random.js';
import { produceCommand, startLiveProducer } from '../../src/cli/commands/produce-command.js';
import type { ProduceCommandDeps } from '../../src/cli/commands/produce-command.js';
import { generateHistory } from '../../producer/history/generate-history.js';
import { LocalObjectStore } from '../../src/storage/local-object-store.js';
import { tempDir } from './history-fixtures.js';
import { fakeTime, LIVE_START, readIncoming } from './live-fixtures.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
});

async function lakeDir(): Promise<string> {
  const dir = await tempDir('produce-command');
  dirs.push(dir);
  return dir;
}

async function run(argv: string[], lake = '/nonexistent-lake-dir', deps: ProduceCommandDeps = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const time = fakeTime();
  const code = await produceCommand(
    argv,
    { stdout: (s) => out.push(s), stderr: (s) => err.push(s) },
    { LAKE_DIR: lake },
    {
      clock: time.clock,
      sleep: time.sleep,
      random: new SeededRandom(1),
      ...deps,
    },
  );
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('produce command', () => {
  it('prints help and exits 0', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    for (const flag of ['--rate', '--duration', '--stores', '--skus', '--mode', '--window-ms', '--target', '--producer-id', '--seed', '--max-in-flight']) {
      expect(stdout).toContain(flag);
    }
  });

  it.each([
    [['--rate', 'fast'], /--rate must be a positive number, got "fast"/],
    [['--rate', '0'], /--rate must be a positive number of transactions per second/],
    [['--duration=-1'], /--duration must be a positive number, got "-1"/],
    [['--duration', '0'], /--duration must be a positive number of seconds/],
    [['--stores', '0'], /--stores must be an integer from 1/],
    [['--skus', '1.5'], /--skus must be a whole number/],
    [['--mode', 'bulk'], /--mode must be "single" or "batch", got "bulk"/],
    [['--window-ms', '1'], /--window-ms must be an integer from 10/],
    [['--target', 'mars'], /--target must be one of "local", "trino", "athena", got "mars"/],
    [['--producer-id', 'has-dash'], /--producer-id must be 1–16/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['stray'], /positional/i],
  ])('rejects %j with exit code 2 and says what to do', async (argv, message) => {
    const { code, stderr } = await run(argv);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).toContain('npm run produce -- --help');
  });

  it('produces into LAKE_DIR/incoming for --duration, with status lines and a summary', async () => {
    const lake = await lakeDir();
    const { code, stdout, stderr } = await run(['--rate', '20', '--duration', '12', '--mode', 'batch', '--producer-id', 'CLI1'], lake);
    expect(code).toBe(0);
    expect(stdout).toContain('Producing 20 tx/s (batch mode, 1000 ms windows) as producer CLI1');
    expect(stdout).toContain(lake);
    expect(stdout).toMatch(/Wrote 240 transactions .* in 12\.0 s: 20\.00 tx\/s achieved of 20 requested/);
    expect(stderr).toMatch(/producer CLI1: 101 tx, \d+ files in 5 s \(20\.2 tx\/s\)/);
    expect(stderr.split('\n').filter((l) => l.startsWith('producer CLI1:'))).toHaveLength(2);
    const files = await readIncoming(lake);
    expect([...files.keys()].every((k) => k.startsWith('incoming/STORE'))).toBe(true);
    expect([...files.values()].flat()).toHaveLength(240);
  });

  it('stops gracefully on abort (as on SIGINT) and prints the summary', async () => {
    const lake = await lakeDir();
    const controller = new AbortController();
    let now = LIVE_START;
    const { code, stdout } = await run(['--rate', '10', '--producer-id', 'CLI2'], lake, {
      clock: () => new Date(now),
      sleep: async (ms) => {
        now += ms;
        if (now >= LIVE_START + 3000) controller.abort();
      },
      signal: controller.signal,
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(/Wrote 30 transactions .* stopped by abort/);
  });

  it('warns when --stores exceeds the generated history', async () => {
    const lake = await lakeDir();
    await generateHistory(
      { stores: 2, skus: 10, transactions: 10, days: 1, endDate: '2024-04-30' },
      { store: new LocalObjectStore(lake), clock: () => new Date(LIVE_START) },
    );
    const { code, stderr } = await run(['--rate', '5', '--duration', '1', '--stores', '3', '--skus', '10'], lake);
    expect(code).toBe(0);
    expect(stderr).toContain("warning: --stores 3 exceeds the history's 2 stores");
    expect(stderr).not.toContain('--skus');
  });

  it('reports a storage failure with exit code 1', async () => {
    const lake = await lakeDir();
    // A file where the incoming/ folder should be: every put fails.
    await fs.writeFile(`${lake}/incoming`, 'not a folder');
    const { code, stderr } = await run(['--rate', '5', '--duration', '1'], lake);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^error: /m);
  });
});

describe('startLiveProducer', () => {
  it('runs in the background into the local lake until stopped', async () => {
    const lake = await lakeDir();
    const producer = startLiveProducer({ lakeDir: lake, rate: 200, mode: 'single' });
    expect(producer.producerId).toMatch(/^[A-Z2-7]{8}$/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const summary = await producer.stop();
    expect(summary.stoppedBy).toBe('abort');
    expect(summary.producerId).toBe(producer.producerId);
    expect(summary.transactions).toBeGreaterThan(10);
    const files = await readIncoming(lake);
    expect(files.size).toBe(summary.files);
    expect(files.size).toBe(summary.transactions);
  });
});
