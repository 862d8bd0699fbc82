/**
 * The few Trino constructs no DuckDB macro can imitate, rewritten in the statement text before
 * DuckDB sees it, so that an analyst's plain Athena SQL runs unchanged on the local engine.
 *
 * - `date_parse(x, '<format>')`: DuckDB's strptime needs a format that is constant when the call is
 *   bound, and a macro parameter never is; the format is nearly always a literal, so the call becomes
 *   `strptime(x, '<format in strptime specifiers>')` here. A non-literal format is left alone (DuckDB
 *   then reports date_parse as unknown).
 * - Trino's parametric type names after `AS` (in CAST / TRY_CAST): `array(T)` is `T[]` in DuckDB and
 *   `row(a T, …)` is `STRUCT(a T, …)`, and `map(K, V)` is `MAP(K, V)` with its types rewritten. So the common Athena idiom
 *   `CAST(json_parse(x) AS array(varchar))` works.
 * - A zoned timestamp literal (`TIMESTAMP '2024-03-31 03:30:00 Europe/Berlin'`, which DuckDB
 *   rejects) becomes its wall-clock TIMESTAMP, the local convention for zoned values (see
 *   docs/trino-compat.md): hour(), date_format and CAST AS timestamp then agree with Trino.
 *
 * The DuckDB settings that make operators behave like Trino's
 * (`integer_division`) live with the engine, not here.
 *
 * The scanner knows just enough SQL to never touch string literals, quoted identifiers or comments.
 */
import { translateMysqlFormat } from '../mysql-format-specifiers.js';
import { sqlString as quote } from '../sql-literals.js';

interface Call {
  /** Index just after the closing parenthesis. */
  readonly end: number;
  /** The argument texts, untrimmed. */
  readonly args: string[];
}

/** Index just past the literal, identifier or comment starting at i, or i when there is none. */
function skipOpaque(sql: string, i: number): number {
  const ch = sql[i];
  if (ch === "'" || ch === '"') {
    let j = i + 1;
    while (j < sql.length) {
      if (sql[j] === ch) {
        if (sql[j + 1] === ch) j += 2;
        else return j + 1;
      } else j++;
    }
    return sql.length;
  }
  if (ch === '-' && sql[i + 1] === '-') {
    const nl = sql.indexOf('\n', i);
    return nl === -1 ? sql.length : nl + 1;
  }
  if (ch === '/' && sql[i + 1] === '*') {
    const close = sql.indexOf('*/', i + 2);
    return close === -1 ? sql.length : close + 2;
  }
  return i;
}

/** The call whose opening parenthesis is at `open`, split into top-level arguments. */
function readCall(sql: string, open: number): Call | undefined {
  const args: string[] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open + 1; i < sql.length;) {
    const skipped = skipOpaque(sql, i);
    if (skipped !== i) {
      i = skipped;
      continue;
    }
    const ch = sql[i];
    if (ch === '(' || ch === '[') depth++;
    else if ((ch === ')' || ch === ']') && depth > 0) depth--;
    else if (ch === ')') {
      args.push(sql.slice(start, i));
      return { end: i + 1, args };
    } else if (ch === ',' && depth === 0) {
      args.push(sql.slice(start, i));
      start = i + 1;
    }
    i++;
  }
  return undefined;
}

const STRING_LITERAL = /^\s*'((?:[^']|'')*)'\s*$/;

function rewriteDateParse(args: string[]): string | undefined {
  if (args.length !== 2) return undefined;
  const format = STRING_LITERAL.exec(args[1]!);
  if (!format) return undefined;
  const mysql = format[1]!.replace(/''/g, "'");
  return `strptime(${rewriteTrinoStatement(args[0]!)}, ${quote(translateMysqlFormat(mysql, 'duckdb'))})`;
}

/** A Trino type name in DuckDB spelling; recursive, so array(array(integer)) becomes INTEGER[][]. */
function duckdbType(type: string): string {
  const m = /^\s*(array|row|map)\s*\(/i.exec(type);
  if (!m) return type.trim();
  const call = readCall(type, m[0].length - 1);
  if (!call || type.slice(call.end).trim() !== '') return type.trim();
  const kind = m[1]!.toLowerCase();
  if (kind === 'array' && call.args.length === 1) return `${duckdbType(call.args[0]!)}[]`;
  if (kind === 'map') return `MAP(${call.args.map(duckdbType).join(', ')})`;
  // row(name type, …): the type is what follows the field name.
  const fields = call.args.map((f) => {
    const field = /^\s*("(?:[^"]|"")*"|[A-Za-z_][A-Za-z0-9_]*)\s+([\s\S]+)$/.exec(f);
    return field ? `${field[1]} ${duckdbType(field[2]!)}` : f.trim();
  });
  return `STRUCT(${fields.join(', ')})`;
}

/** A timestamp literal's text with a zone after the wall clock: Z, UTC, an offset or a region name. */
const ZONED_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?)\s*(?:Z|UTC|[+-]\d{1,2}(?::?\d{2})?|[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+)$/;

const REWRITES: Readonly<Record<string, (args: string[]) => string | undefined>> = {
  date_parse: rewriteDateParse,
};

/** The statement with every rewritable Trino construct replaced by its DuckDB equivalent. */
export function rewriteTrinoStatement(sql: string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const skipped = skipOpaque(sql, i);
    if (skipped !== i) {
      out += sql.slice(i, skipped);
      i = skipped;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i, i + 64))?.[0];
    if (!word) {
      out += sql[i];
      i++;
      continue;
    }
    const literal = /^\s+'/.exec(sql.slice(i + word.length));
    if (literal && word.toLowerCase() === 'timestamp') {
      const start = i + word.length + literal[0].length - 1;
      const end = skipOpaque(sql, start);
      const zoned = ZONED_TIMESTAMP.exec(sql.slice(start + 1, end - 1));
      if (zoned) {
        out += `${word} '${zoned[1]!.replace('T', ' ')}'`;
        i = end;
        continue;
      }
    }
    const rewrite = REWRITES[word.toLowerCase()];
    const open = /^\s*\(/.exec(sql.slice(i + word.length));
    const qualified = out.endsWith('.');
    if (open && /^(array|row|map)$/i.test(word) && /\bAS\s*$/i.test(out)) {
      const call = readCall(sql, i + word.length + open[0].length - 1);
      if (call) {
        out += duckdbType(sql.slice(i, call.end));
        i = call.end;
        continue;
      }
    }
    if (rewrite && open && !qualified) {
      const call = readCall(sql, i + word.length + open[0].length - 1);
      const replaced = call && rewrite(call.args);
      if (call && replaced !== undefined) {
        out += replaced;
        i = call.end;
        continue;
      }
    }
    out += word;
    i += word.length;
  }
  return out;
}
