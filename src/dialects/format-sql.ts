import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { format } from 'sql-formatter';
import type { QueryDialect } from './dialects.js';

export type FormatterLanguage = QueryDialect;

/**
 * sql-formatter costs 2–4 ms per statement, which dominates a build (and migrate, start and the
 * data tests re-render the same statements). Formatting is a pure function of its input, so it is
 * memoized here, in memory and — for `npm run build:models` — across builds in target/.
 */
const memo = new Map<string, string>();
const MAX_ENTRIES = 20_000;
let dirty = false;

export function formatSql(sql: string, language: FormatterLanguage): string {
  const key = cacheKey(sql, language);
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  const out = format(sql, { language, keywordCase: 'upper', tabWidth: 2, linesBetweenQueries: 1, paramTypes: { positional: true, numbered: ['$'] } });
  if (memo.size >= MAX_ENTRIES) memo.delete(memo.keys().next().value!);
  memo.set(key, out);
  dirty = true;
  return out;
}

function cacheKey(sql: string, language: string): string {
  return createHash('sha1').update(language).update('\u0000').update(sql).digest('base64');
}

/** Loads a cache written by {@link saveFormatCache}; a missing or unreadable file is an empty cache. */
export async function loadFormatCache(file: string): Promise<void> {
  try {
    const entries = JSON.parse(await readFile(file, 'utf8')) as [string, string][];
    for (const [k, v] of entries) memo.set(k, v);
  } catch {
    // first build, or a cache from another version: start empty
  }
}

export async function saveFormatCache(file: string): Promise<void> {
  if (!dirty) return;
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify([...memo]));
  dirty = false;
}
