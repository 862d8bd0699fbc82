import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** A repository path as the docs write it: `src/…/x.ts`, `tests/…/x.test.ts`, `bench/…`, … */
const REPO_PATH = /\b(?:src|tests|bench|infra|producer|dashboard|lambda)\/[A-Za-z0-9_./-]+\.(?:ts|js|json|md)\b/g;

it('every source or test file the README and docs/ name exists (files move; the docs must follow)', async () => {
  const docs = ['README.md', ...(await readdir(path.join(ROOT, 'docs'))).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
  const missing: string[] = [];
  for (const doc of docs) {
    const text = await readFile(path.join(ROOT, doc), 'utf8');
    for (const p of new Set(text.match(REPO_PATH) ?? [])) if (!existsSync(path.join(ROOT, p))) missing.push(`${doc}: ${p}`);
  }
  expect(missing).toEqual([]);
});
