import { describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/compile-project.js';
import { renderArtifacts } from '../../src/compiler/render-artifacts.js';
import { formatSql, type FormatterLanguage } from '../../src/dialects/format-sql.js';
import { projectConfig, projectModels } from '../support/project-files.js';

const LANGUAGE: Record<string, FormatterLanguage> = { athena: 'trino', duckdb: 'duckdb', spark: 'spark' };

/** Splits a rendered file into its header line and its statement (without the final `;`). */
function statementOf(file: string): { header: string; sql: string } {
  const nl = file.indexOf('\n');
  return { header: file.slice(0, nl), sql: file.slice(nl + 1).replace(/;\n$/, '') };
}

describe('renderArtifacts with format: false', async () => {
  const config = projectConfig();
  const { manifest } = compileProject(await projectModels(), config);
  const formatted = renderArtifacts(manifest!, config);
  const plain = renderArtifacts(manifest!, config, { format: false });

  it('renders the same files', () => {
    expect([...plain.keys()]).toEqual([...formatted.keys()]);
  });

  it('differs from the committed rendering only by sql-formatter', () => {
    let reformatted = 0;
    for (const [file, text] of plain) {
      const want = formatted.get(file)!;
      if (text === want) continue;
      const dialect = file.split('/')[1]!;
      const a = statementOf(text);
      const b = statementOf(want);
      expect(a.header, file).toBe(b.header);
      // The formatted statement is exactly the unformatted one put through the formatter.
      expect(formatSql(a.sql, LANGUAGE[dialect]!).trimEnd(), file).toBe(b.sql);
      reformatted++;
    }
    // Views, transforms and marts are formatted; the Hive DDL is built laid out.
    expect(reformatted).toBeGreaterThan(10);
  });
});
