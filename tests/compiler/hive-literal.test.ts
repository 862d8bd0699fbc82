import { describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/compile-project.js';
import { renderArtifacts } from '../../src/compiler/render-artifacts.js';
import { AthenaRenderer } from '../../src/dialects/athena-renderer.js';
import { projectConfig, projectModels } from '../support/project-files.js';

/**
 * Hive's lexer (which Athena DDL uses) reads a string literal C-style: `\'` is a quote, `\\` a
 * backslash, and `'a''b'` is two adjacent literals, concatenated to `ab` — the apostrophe is lost.
 */
function readHiveLiteral(literal: string): string {
  expect(literal).toMatch(/^'(?:[^'\\]|\\.)*'$/s);
  return literal.slice(1, -1).replace(/\\(.)/gs, (_m, c: string) => ({ n: '\n', t: '\t', r: '\r', '0': '\0' })[c] ?? c);
}

describe('Hive DDL string literals', () => {
  const renderer = new AthenaRenderer(projectConfig());

  it('keep apostrophes and backslashes as written', () => {
    for (const text of ["a transaction's basket", 'C:\\lake\\raw', "it's \\'quoted\\'", 'two\nlines\tand a tab']) {
      expect(readHiveLiteral(renderer.hiveLiteral(text))).toBe(text);
    }
  });

  it("renders the tables' COMMENTs with backslash escapes, never ''", async () => {
    const config = projectConfig();
    const { manifest } = compileProject(await projectModels(), config);
    const ddl = renderArtifacts(manifest!, config).get('sql/athena/tables/transaction_items__files.sql')!;
    const comment = /^COMMENT ('(?:[^'\\]|\\.)*')$/m.exec(ddl)?.[1];
    expect(comment).toBeDefined();
    expect(readHiveLiteral(comment!)).toContain("a transaction's basket");
    expect(ddl).not.toMatch(/^COMMENT .*''/m);
  });
});
