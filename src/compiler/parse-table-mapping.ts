import type { Column, MappedColumn, MappingExpr, RawMapping } from '../manifest/manifest.js';
import { parseSqlType, TypeParseError, type SqlType } from './sql-type.js';
import { SqlSyntaxError, TokenCursor, tokenize } from './sql-tokenizer.js';

/** The placeholder the parse-time render puts where `{{source …}}` stood. */
export const SOURCE_PLACEHOLDER = '__model_source__';

/**
 * Reads a table model's SELECT — the one place the raw→table mapping is declared:
 *
 *     SELECT CAST(t.field AS type) AS column, …
 *     FROM {{source "pos" "transactions"}} AS t
 *     [CROSS JOIN UNNEST(t.items) AS i (sku_id, quantity)]
 *
 * Only field references and (nested) CASTs are allowed, because the streaming Lambda evaluates this
 * mapping in TypeScript and must agree with every SQL engine row for row.
 */
export function parseTableMapping(
  sql: string,
  firstLine: number,
  source: { readonly name: string; readonly columns: readonly Column[] },
): RawMapping & { readonly columnLines: readonly number[] } {
  const lastLine = firstLine + sql.split('\n').length - 1;
  const cur = new TokenCursor(tokenize(sql, firstLine), lastLine);
  cur.expect('select', 'SELECT (a table model is a SELECT from its source)');
  const items: { name: string; expr: MappingExpr; line: number }[] = [];
  do {
    const line = cur.line;
    const expr = parseExpr(cur);
    cur.expect('as', 'AS <column name> after each selected expression');
    const name = cur.identifier('a column name');
    items.push({ name: name.text, expr, line });
  } while (cur.accept(','));
  cur.expect('from', 'FROM');
  const src = cur.identifier('{{source …}}');
  if (src.text !== SOURCE_PLACEHOLDER) {
    throw new SqlSyntaxError(`a table model reads its source with {{source "…" "…"}}, not "${src.text}"`, src.line);
  }
  cur.accept('as');
  const sourceAlias = cur.identifier('an alias for the source row (e.g. AS t)').text;

  let unnest: RawMapping['unnest'];
  if (cur.accept('cross')) {
    cur.expect('join', 'JOIN');
    const unnestTok = cur.expect('unnest', 'UNNEST(<alias>.<array field>)');
    cur.expect('(');
    const arrAlias = cur.identifier('the source alias').text;
    cur.expect('.');
    const field = cur.identifier('an array field').text;
    cur.expect(')');
    if (arrAlias !== sourceAlias) throw new SqlSyntaxError(`UNNEST must read the source alias "${sourceAlias}"`, unnestTok.line);
    const col = source.columns.find((c) => c.name === field.toLowerCase());
    if (!col) throw new SqlSyntaxError(`source ${source.name} has no field "${field}"`, unnestTok.line);
    if (col.type.kind !== 'array' || col.type.element.kind !== 'struct') {
      throw new SqlSyntaxError(`UNNEST needs an array of structs; ${source.name}.${field} is ${col.type.kind}`, unnestTok.line);
    }
    cur.accept('as');
    const alias = cur.identifier('an alias for the array element (e.g. AS i (sku_id, quantity))').text;
    cur.expect('(', '"(" and the names of the element fields');
    const columns: string[] = [];
    do columns.push(cur.identifier('a field name').text);
    while (cur.accept(','));
    cur.expect(')');
    const structFields = col.type.element.fields.map((f) => f.name);
    if (columns.length !== structFields.length) {
      throw new SqlSyntaxError(
        `UNNEST alias names ${columns.length} fields but ${source.name}.${field} elements have ${structFields.length} (${structFields.join(', ')})`,
        unnestTok.line,
      );
    }
    unnest = { field: field.toLowerCase(), alias, columns, structFields };
  }
  if (!cur.atEnd()) {
    const t = cur.peek()!;
    throw new SqlSyntaxError(`unexpected "${t.text}": a table model is only SELECT … FROM {{source}} [CROSS JOIN UNNEST(…)]`, t.line);
  }

  const fieldType = (alias: string, field: string, line: number): SqlType => {
    if (alias === sourceAlias) {
      const c = source.columns.find((x) => x.name === field.toLowerCase());
      if (!c) throw new SqlSyntaxError(`source ${source.name} has no field "${field}"`, line);
      return c.type;
    }
    if (unnest && alias === unnest.alias) {
      const idx = unnest.columns.indexOf(field);
      const col = source.columns.find((x) => x.name === unnest.field)!;
      const struct = col.type.kind === 'array' && col.type.element.kind === 'struct' ? col.type.element : undefined;
      const f = idx >= 0 ? struct?.fields[idx] : undefined;
      if (!f) throw new SqlSyntaxError(`"${alias}" has no field "${field}" (it has ${unnest.columns.join(', ')})`, line);
      return f.type;
    }
    throw new SqlSyntaxError(`unknown alias "${alias}" (known: ${[sourceAlias, unnest?.alias].filter(Boolean).join(', ')})`, line);
  };

  const seen = new Set<string>();
  const columns: MappedColumn[] = items.map((item) => {
    const name = item.name.toLowerCase();
    if (seen.has(name)) throw new SqlSyntaxError(`duplicate column "${item.name}"`, item.line);
    seen.add(name);
    const resolved = resolveExpr(item.expr, fieldType, unnest, item.line);
    return { name, type: typeOf(item.expr, fieldType, item.line), expr: resolved };
  });
  // The line of each column, so errors about it point at it (the manifest does not keep them).
  return { source: source.name, sourceAlias, ...(unnest ? { unnest } : {}), columns, columnLines: items.map((i) => i.line) };
}

function parseExpr(cur: TokenCursor): MappingExpr {
  if (cur.accept('cast')) {
    cur.expect('(');
    const inner = parseExpr(cur);
    cur.expect('as', 'AS <type> inside CAST');
    const line = cur.line;
    const typeText = cur.textUntilClose();
    cur.expect(')');
    try {
      return { kind: 'cast', expr: inner, type: parseSqlType(typeText) };
    } catch (e) {
      if (e instanceof TypeParseError) throw new SqlSyntaxError(e.message, line);
      throw e;
    }
  }
  const first = cur.identifier('a field reference (alias.field) or CAST(…)');
  if (!cur.accept('.')) {
    throw new SqlSyntaxError(`write "${first.text}" as <alias>.<field>: a table model maps source fields only`, first.line);
  }
  const field = cur.identifier('a field name');
  if (cur.peek()?.text === '(') throw new SqlSyntaxError(`functions are not allowed in a table mapping; use CAST`, field.line);
  return { kind: 'field', alias: first.text, field: field.text };
}

/** Unnest field references are stored by their struct field name, so renderers need not know the alias list. */
function resolveExpr(
  e: MappingExpr,
  fieldType: (alias: string, field: string, line: number) => SqlType,
  unnest: RawMapping['unnest'],
  line: number,
): MappingExpr {
  if (e.kind === 'cast') return { kind: 'cast', expr: resolveExpr(e.expr, fieldType, unnest, line), type: e.type };
  fieldType(e.alias, e.field, line);
  if (unnest && e.alias === unnest.alias) {
    return { kind: 'field', alias: e.alias, field: unnest.structFields[unnest.columns.indexOf(e.field)]! };
  }
  return { kind: 'field', alias: e.alias, field: e.field.toLowerCase() };
}

function typeOf(e: MappingExpr, fieldType: (alias: string, field: string, line: number) => SqlType, line: number): SqlType {
  return e.kind === 'cast' ? e.type : fieldType(e.alias, e.field, line);
}
