import { describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/compile-project.js';
import { renderArtifacts } from '../../src/compiler/render-artifacts.js';
import { hiveIdentifier, hiveString, quoteIdentifier, sqlString } from '../../src/dialects/sql-literals.js';
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
  it('keep apostrophes and backslashes as written', () => {
    for (const text of ["a transaction's basket", 'C:\\lake\\raw', "it's \\'quoted\\'", 'two\nlines\tand a tab']) {
      expect(readHiveLiteral(hiveString(text))).toBe(text);
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

describe('Trino/DuckDB literals and identifiers', () => {
  it('double the quote that would end them', () => {
    expect(sqlString("it's")).toBe("'it''s'");
    expect(sqlString('')).toBe("''");
    expect(quoteIdentifier('a"b')).toBe('"a""b"');
    expect(hiveIdentifier('a`b')).toBe('`a``b`');
  });
});
