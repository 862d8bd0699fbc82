import { execFileSync } from 'node:child_process';
import { constants } from 'node:fs';
import { mkdir, mkdtemp, open, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../src/streaming/ingest-handler.js';
import { startLocalIngest } from '../../src/streaming/local-ingest-runtime.js';
import { makeTempLake } from '../support/fixture-lake.js';
import { jsonl, lakeCounts, projectWith, rejectedRecords, tx } from './reliability-fixture.js';

const { config, manifest } = await projectWith();
const SECRET = 'TOP-SECRET-CONTENT-0xC0FFEE';

/** Unblocks a reader stuck on a FIFO (the test must end even when the runtime under test is wrong). */
async function releaseFifo(fifo: string): Promise<void> {
  try {
    const h = await open(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
    await h.close();
  } catch {
    // no reader: nothing to release
  }
}

describe('only regular files are ingested; the rest is reported, never read (issue 14 #7)', () => {
  it('a FIFO, links to a secret file, a directory and nowhere, and a socket-free lake: the regular file lands, each other entry gets a record without the target', async () => {
    const lake = await makeTempLake('non-regular-');
    const outside = await mkdtemp(path.join(tmpdir(), 'outside-'));
    await writeFile(path.join(outside, 'secret.jsonl'), jsonl([tx(SECRET)]) + SECRET);
    await mkdir(path.join(outside, 'dir'));
    await writeFile(path.join(outside, 'dir', 'inner.jsonl'), jsonl([tx(`${SECRET}-inner`)]));
    const incoming = path.join(lake, 'incoming', 'S1');
    await mkdir(incoming, { recursive: true });
    const fifo = path.join(incoming, 'pipe.jsonl');
    execFileSync('mkfifo', [fifo]);
    await symlink(path.join(outside, 'secret.jsonl'), path.join(incoming, 'link-to-secret.jsonl'));
    await symlink(path.join(outside, 'dir'), path.join(incoming, 'link-to-dir'));
    await symlink('/nonexistent/target.jsonl', path.join(incoming, 'dangling.jsonl'));
    await writeFile(path.join(incoming, 'good.jsonl'), jsonl([tx('GOOD-1'), tx('GOOD-2', '2024-04-10 12:00:01', 4)]));

    const logs: LogEntry[] = [];
    const runtime = await startLocalIngest({ lakeDir: lake, config, manifest, settleMs: 50, log: (e) => logs.push(e) });
    try {
      await runtime.ready;
      await runtime.stop();
    } finally {
      await releaseFifo(fifo);
    }

    expect(await lakeCounts(lake, manifest, config)).toEqual({ transactions: 2, distinct: 2, items: 2, units: 5 });
    expect(runtime.stats()).toMatchObject({ files: 1, landed: 2, refused: 4, failed: 0 });
    const records = await rejectedRecords(lake);
    const byKey = new Map(records.map((r) => [(r.body.source as { key: string }).key, r.body]));
    expect([...byKey.keys()].sort()).toEqual([
      'incoming/S1/dangling.jsonl',
      'incoming/S1/link-to-dir',
      'incoming/S1/link-to-secret.jsonl',
      'incoming/S1/pipe.jsonl',
    ]);
    expect(byKey.get('incoming/S1/pipe.jsonl')!.reason).toMatch(/^not a regular file \(FIFO \(named pipe\)\)/);
    expect(byKey.get('incoming/S1/link-to-secret.jsonl')!.reason).toMatch(/^not a regular file \(symbolic link\)/);
    // Nothing of the targets leaks: not their content, not their path.
    const everything = JSON.stringify(records) + JSON.stringify(logs);
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(outside);
    // The target itself is untouched.
    expect(await readFile(path.join(outside, 'secret.jsonl'), 'utf8')).toContain(SECRET);
  }, 30_000);
});
