import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/compile-project.js';
import { openMemoryDuckdb } from '../../src/unit-tests/memory-duckdb.js';
import { STORE_LIST_PANEL } from '../dashboard/store-list-panel.js';
import { projectConfig, projectModels } from '../support/project-files.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The first fenced block of the README section `heading`, up to the next second-level heading. */
async function firstBlock(heading: string): Promise<string> {
  const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf(`\n## ${heading}\n`);
  expect(start, heading).toBeGreaterThanOrEqual(0);
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const block = /```\w*\n([\s\S]*?)```/.exec(section);
  expect(block, `a code block under "${heading}"`).not.toBeNull();
  return block![1]!;
}

/** One `key: <JS value>` line of a README snippet, evaluated. */
function valueOf(snippet: string, key: string): unknown {
  const line = snippet.split('\n').find((l) => l.trimStart().startsWith(`${key}:`));
  expect(line, key).toBeDefined();
  const expr = line!
    .slice(line!.indexOf(':') + 1)
    .replace(/\/\/.*$/, '')
    .trim()
    .replace(/,$/, '');
  return new Function('DOCS', `return (${expr});`)('https://trino.io/docs/current/functions');
}

/** The README's "Add a …" recipes, followed as written: each one place, and it works. */
describe('README recipes', () => {
  it('"Add a table": the model file compiles into a table over pos.stores with its test', async () => {
    const text = await firstBlock('Add a table');
    const { manifest, errors } = compileProject([...(await projectModels()), { path: 'models/tables/store_locations.sql', text }], projectConfig());
    expect(errors).toEqual([]);
    const table = manifest!.models.find((m) => m.name === 'store_locations');
    expect(table).toMatchObject({ kind: 'table', dependsOn: ['pos_stores'], tests: [{ kind: 'unique', column: 'store_id' }] });
  });

  it('"Add a Trino function": the macro entry installs on DuckDB and its example gives the value it claims', async () => {
    const snippet = await firstBlock('Add a Trino function');
    const engine = await openMemoryDuckdb();
    try {
      await engine.query(valueOf(snippet, 'sql') as string);
      const [example] = valueOf(snippet, 'examples') as { call: string; expected: unknown }[];
      const { rows } = await engine.query(`SELECT ${example!.call} AS v`);
      expect(Number(rows[0]!.v)).toBe(example!.expected);
    } finally {
      await engine.close();
    }
  });

  it('"Add a dashboard panel": the entry is the one the panel and browser tests run, example included', async () => {
    const snippet = await firstBlock('Add a dashboard panel');
    for (const key of ['id', 'title', 'filters', 'page', 'example'] as const) {
      expect(valueOf(snippet, key), key).toEqual(STORE_LIST_PANEL[key]);
    }
    expect(snippet).toMatch(/handler: storesHandler,/);
  });
});
