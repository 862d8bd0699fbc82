import type { ModelStatement } from '../compiler/statement.js';
import { statementFile } from '../compiler/statement.js';

/** The model a statement comes from (a table's `__files`/`__hidden` objects and its transform are the table's). */
export function statementModel(s: ModelStatement): string {
  switch (s.kind) {
    case 'create_source_table':
      return s.source.name;
    case 'create_table':
    case 'create_hidden_list':
    case 'create_table_view':
    case 'transform':
      return s.table.name;
    case 'create_view':
      return s.view.name;
    case 'create_mart':
    case 'refresh_partitions':
      return s.mart.name;
    case 'data_test':
      return s.object;
  }
}

/** `build:models --select`: the rendered files of the selected models, whatever the dialect folder. */
export function selectedArtifact(statements: readonly ModelStatement[], names: ReadonlySet<string>): (relPath: string) => boolean {
  const files = new Set(statements.filter((s) => names.has(statementModel(s))).map(statementFile));
  return (rel) => {
    const parts = rel.split('/');
    // sql/<dialect>/<kind folder>/<file>
    return parts.length >= 3 && files.has(parts.slice(2).join('/'));
  };
}
