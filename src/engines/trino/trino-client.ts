import { QueryFailedError, type Cell, type QueryParams, type QueryResult, type Row } from '../engine.js';
import { parameterLiteral, sqlString } from '../../dialects/sql-literals.js';

/** Connection settings sent with every statement (Trino's client protocol headers). */
export interface TrinoSession {
  readonly url: string;
  readonly user: string;
  readonly catalog: string;
  readonly schema: string;
}

interface TrinoColumn {
  readonly name: string;
  readonly type: string;
}

interface TrinoResponse {
  readonly id: string;
  readonly nextUri?: string;
  readonly columns?: readonly TrinoColumn[];
  readonly data?: readonly (readonly unknown[])[];
  readonly error?: { readonly message: string; readonly errorName?: string };
  readonly stats?: { readonly state?: string };
}

/** Result types that fit a JS number without loss (BIGINT and DECIMAL stay exact as strings, as on Athena). */
const NUMBER_TYPES = new Set(['integer', 'tinyint', 'smallint', 'double', 'real']);

/**
 * Runs one statement over Trino's HTTP protocol: POST /v1/statement, then follow `nextUri` until
 * the result is complete, yielding rows as pages arrive. Parameters are bound with
 * `EXECUTE IMMEDIATE … USING`, so `?` placeholders behave as in Athena's ExecutionParameters.
 */
export async function* trinoStatement(
  session: TrinoSession,
  sql: string,
  params?: QueryParams,
): AsyncGenerator<{ columns: QueryResult['columns']; rows: Row[] }> {
  const text = params && params.length > 0 ? `EXECUTE IMMEDIATE ${sqlString(sql)} USING ${params.map(parameterLiteral).join(', ')}` : sql;
  let res = await call(session, `${session.url}/v1/statement`, { method: 'POST', body: text }, sql);
  let columns: readonly TrinoColumn[] | undefined;
  for (;;) {
    if (res.error) throw new QueryFailedError(res.error.message, sql, 'FAILED', res.id);
    if (res.columns) columns = res.columns;
    if (res.data && columns) {
      const cols = columns;
      yield { columns: cols.map((c) => ({ name: c.name, type: c.type })), rows: res.data.map((r) => toRow(r, cols)) };
    }
    if (!res.nextUri) break;
    res = await call(session, res.nextUri, { method: 'GET' }, sql);
  }
  if (columns && columns.length > 0) yield { columns: columns.map((c) => ({ name: c.name, type: c.type })), rows: [] };
}

async function call(session: TrinoSession, url: string, init: { method: string; body?: string }, sql: string): Promise<TrinoResponse> {
  for (let attempt = 1; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(url, {
        ...init,
        headers: {
          'X-Trino-User': session.user,
          'X-Trino-Source': 'lakehouse',
          'X-Trino-Catalog': session.catalog,
          'X-Trino-Schema': session.schema,
        },
      });
    } catch (e) {
      throw new Error(`cannot reach Trino at ${session.url} (${(e as Error).message}); is it running? \`npm run trino -- start\``, { cause: e });
    }
    // 502/503/504 mean "busy, ask again" in Trino's protocol.
    if ([502, 503, 504].includes(res.status) && attempt < 20) {
      await new Promise((r) => setTimeout(r, 50 * attempt));
      continue;
    }
    const body = await res.text();
    if (!res.ok) throw new QueryFailedError(`Trino answered HTTP ${res.status}: ${body.slice(0, 500)}`, sql);
    return JSON.parse(quoteBigIntegers(body)) as TrinoResponse;
  }
}

/**
 * Trino sends BIGINT values as JSON numbers; JSON.parse would round those beyond 2^53. Integers of
 * 16 digits or more outside strings are quoted before parsing, so they arrive as exact text.
 */
export function quoteBigIntegers(json: string): string {
  let out = '';
  let i = 0;
  let inString = false;
  while (i < json.length) {
    const ch = json[i]!;
    if (inString) {
      out += ch;
      if (ch === '\\') {
        out += json[i + 1] ?? '';
        i += 2;
        continue;
      }
      if (ch === '"') inString = false;
      i++;
      continue;
    }
    if (ch === '"') {
      inString = true;
      out += ch;
      i++;
      continue;
    }
    const m = /^-?\d{16,}(?![.eE\d])/.exec(json.slice(i, i + 40));
    if (m && !/[\w.]/.test(json[i - 1] ?? '')) {
      out += `"${m[0]}"`;
      i += m[0].length;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

function toRow(values: readonly unknown[], columns: readonly TrinoColumn[]): Row {
  const row: Record<string, Cell> = {};
  columns.forEach((c, i) => {
    row[c.name] = toCell(values[i], c.type);
  });
  return row;
}

/** The same cell forms the Athena engine gives: numbers for small numeric types, exact text otherwise. */
function toCell(value: unknown, type: string): Cell {
  if (value === null || value === undefined) return null;
  const base = type.replace(/\(.*$/, '');
  if (NUMBER_TYPES.has(base)) return typeof value === 'number' ? value : Number(value);
  if (base === 'boolean') return Boolean(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}
