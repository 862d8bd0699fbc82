import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshnessCommand } from '../../src/cli/commands/freshness-command.js';
import { stopTrinoServer } from '../../src/engines/trino/trino-server.js';
import { captureIo } from '../support/capture-io.js';
import { freshnessLake } from './freshness-lake.js';

/**
 * The same verdicts from real Trino 476 over the Athena DDL. Its own small lake (and so its own
 * server): the shared conformance lake is being written by other tests.
 */
describe('npm run freshness -- --target trino', () => {
  const saved = process.env.LAKE_DIR;
  let lake: string;
  beforeAll(async () => {
    lake = await freshnessLake(['local', 'trino']);
  }, 300_000);
  afterAll(async () => {
    if (lake) await stopTrinoServer(lake);
    if (saved === undefined) delete process.env.LAKE_DIR;
    else process.env.LAKE_DIR = saved;
    if (lake) await rm(lake, { recursive: true, force: true });
  });

  it('reports per store from Trino, with the local verdicts', async () => {
    const io = captureIo();
    expect(await freshnessCommand(['--target', 'trino', '--format', 'json'], io, () => new Date('2024-04-11T13:00:00Z'))).toBe(1);
    const body = JSON.parse(io.out.join('\n')) as { verdicts: { group: string; newest: string; state: string; ageSeconds: number }[] };
    // Trino prints the fraction of a timestamp; the age is the same.
    expect(body.verdicts.map((v) => [v.group, v.newest.slice(0, 19), v.ageSeconds, v.state])).toEqual([
      ['S1', '2024-04-11 12:00:00', 3600, 'warn'],
      ['S2', '2024-04-10 18:05:00', 68_100, 'error'],
    ]);
  });
});
