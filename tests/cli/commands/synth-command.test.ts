import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { synthCommand } from '../../../src/cli/commands/synth-command.js';

function capture(): { io: { stdout: (s: string) => void; stderr: (s: string) => void }; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { io: { stdout: (s) => (out += s), stderr: (s) => (err += s) }, out: () => out, err: () => err };
}

describe('synthCommand', () => {
  it('prints help and exits 0', async () => {
    const c = capture();
    expect(await synthCommand(['--help'], c.io)).toBe(0);
    expect(c.out()).toMatch(/Usage: npm run synth/);
  });

  it('rejects an unknown option with exit code 2', async () => {
    const c = capture();
    expect(await synthCommand(['--bogus'], c.io)).toBe(2);
    expect(c.err()).toMatch(/--bogus/);
  });

  // Depends on the repository state: until the ingest handler exists, synth must say what is missing.
  it('synthesizes the real app offline, or names exactly what is missing', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'synth-'));
    const c = capture();
    const code = await synthCommand(['--out', out, '--no-validation'], c.io);
    const missing = ['lambda/ingest-handler.ts', 'glue-jobs/backfill_job.py', 'producer/Dockerfile', 'target/manifest.json'].filter((f) => !existsSync(f));
    if (missing.length === 0) {
      expect(c.err()).not.toMatch(/synth failed/);
      expect(code).toBe(0);
      const template = path.join(out, 'SupermarketLakehouseStack.template.json');
      expect(c.out()).toContain('SupermarketLakehouseStack.template.json');
      expect(c.out()).toMatch(/\d+ resources/);
      expect(Object.keys(JSON.parse(readFileSync(template, 'utf8')).Resources).length).toBeGreaterThan(30);
    } else {
      expect(code).toBe(1);
      for (const file of missing) expect(c.err()).toContain(file);
    }
  });
});
