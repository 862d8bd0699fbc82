import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { captureIo } from '../../support/capture-io.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docsCommand } from '../../../src/cli/commands/docs-command.js';

describe('npm run docs', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'docs-out-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes index.html and docs.json into --out', async () => {
    const io = captureIo();
    expect(await docsCommand(['--out', dir], io)).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(['docs.json', 'index.html']);
    expect(io.out[0]).toMatch(/^Docs for 13 models written to .*docs-out-.*\/ \(index\.html, docs\.json\)$/);
  });

  it('--serve serves it on loopback until stopped', async () => {
    const io = captureIo();
    let status = 0;
    let body = '';
    const code = await docsCommand(['--out', dir, '--serve', '--port', '0'], io, {
      waitForStop: async (url) => {
        expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
        const res = await fetch(url);
        status = res.status;
        body = await res.text();
      },
    });
    expect(code).toBe(0);
    expect(status).toBe(200);
    expect(body).toContain('<title>supermarket docs</title>');
    expect(io.out[1]).toMatch(/^Serving on http:\/\/127\.0\.0\.1:\d+\/ {2}\(Ctrl-C to stop\)$/);
  });

  it('has --help, and refuses a bad port', async () => {
    const io = captureIo();
    expect(await docsCommand(['--help'], io)).toBe(0);
    expect(io.out.join('\n')).toMatch(/--out DIR .*default target\/docs/);
    await expect(docsCommand(['--serve', '--port', 'http'], io)).rejects.toThrow('--port must be a whole number from 0 to 65535, not "http"');
    await expect(docsCommand(['--port', '9000'], io)).rejects.toThrow('--port goes with --serve');
  });
});
