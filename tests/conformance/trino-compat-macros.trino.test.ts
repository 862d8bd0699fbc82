/**
 * Real Trino is the oracle for the Trino-compatibility library of the local engine: every probe of
 * `trino-compat-probes.ts` runs, as the same plain Trino SQL text, on a Trino 476 server and on the
 * `local` engine (DuckDB with the macros and statement rewriting it installs), and the typed results
 * must agree. No expected value is written here: Trino answers.
 *
 * What "agree" means, per Trino type (the comparison never adapts to DuckDB's answer):
 * - integers, decimals, varchar, boolean, date: exact (decimals compare by value, so 2.50 = 2.5);
 * - double: exact, except a relative 1e-12 for aggregates whose summation order is the engine's;
 *   real: equal as 32-bit floats;
 * - timestamp: to the millisecond (Athena's precision);
 * - timestamp with time zone: the local engine has no zone per value, so by the project's convention
 *   it answers the wall-clock TIMESTAMP; the wall clock must match to the millisecond;
 * - the result type's family must match too (an integer where Trino has a double is a difference).
 *
 * Differences that cannot be fixed at their source are listed in KNOWN_GAPS with the reason; the
 * test fails if one of them starts to agree (so the list never goes stale) or if any other appears.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { TRINO_COMPAT_MACROS } from '../../src/dialects/duckdb/trino-compat-macros.js';
import { LocalEngine } from '../../src/engines/local/local-engine.js';
import { makeTempLake } from '../support/fixture-lake.js';
import { trinoOracle, type TrinoOracle } from '../support/trino-oracle.js';
import { PROBES, REJECTED, type Probe } from './trino-compat-probes.js';
import { KNOWN_GAPS } from './trino-compat-known-gaps.js';

type Cell = unknown;

interface Difference {
  readonly topic: string;
  readonly expr: string;
  readonly input: string;
  readonly trino: string;
  readonly local: string;
}

let trino: TrinoOracle;
let local: LocalEngine;
const found: Difference[] = [];

beforeAll(async () => {
  [trino, local] = await Promise.all([trinoOracle(), makeTempLake('trino-conformance-').then((lakeDir) => LocalEngine.open({ lakeDir, connections: 1 }))]);
}, 240_000);

afterAll(async () => {
  // A report for humans (docs/trino-compat.md is written from it): TRINO_CONFORMANCE_REPORT=file.json
  const report = process.env['TRINO_CONFORMANCE_REPORT'];
  if (report) await writeFile(report, `${JSON.stringify(found, null, 2)}\n`);
  await Promise.all([trino?.close(), local?.close()]);
});

const family = (type: string): string => {
  const t = type.toLowerCase();
  if (t.startsWith('array') || t.endsWith('[]')) return 'array';
  if (/^(tinyint|smallint|integer|bigint|hugeint|int)/.test(t)) return 'integer';
  if (t.startsWith('decimal')) return 'decimal';
  if (t === 'double' || t === 'real' || t === 'float') return 'floating';
  if (t.startsWith('varchar') || t.startsWith('char') || t === 'json') return 'text';
  if (t.includes('with time zone')) return 'timestamp with time zone';
  if (t.startsWith('timestamp')) return 'timestamp';
  return t;
};

// The local engine answers a TIMESTAMP (UTC wall clock) where Trino has a zone: the project convention.
const sameFamily = (trinoType: string, localType: string): boolean =>
  trinoType === 'unknown' || family(trinoType) === family(localType) || (family(trinoType) === 'timestamp with time zone' && family(localType) === 'timestamp');

function canonicalDecimal(text: string): string {
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m) return text;
  const int = (m[2] ?? '').replace(/^0+(?=\d)/, '') || '0';
  const frac = (m[3] ?? '').replace(/0+$/, '');
  const abs = frac ? `${int}.${frac}` : int;
  return abs === '0' ? '0' : `${m[1]}${abs}`;
}

/** A value as text, canonical for the Trino type, so that equal values compare equal. */
function canonical(trinoType: string, v: Cell): string {
  if (v === null || v === undefined) return 'NULL';
  const t = trinoType.toLowerCase();
  if (t.startsWith('array(')) {
    const items = typeof v === 'string' ? (JSON.parse(v) as Cell[]) : (v as Cell[]);
    const inner = t.slice('array('.length, -1);
    return `[${items.map((x) => canonical(inner, x)).join(', ')}]`;
  }
  if (typeof v === 'object') return JSON.stringify(v);
  const s = String(v);
  switch (family(t)) {
    case 'integer':
      return /^-?\d+$/.test(s) ? BigInt(s).toString() : `not an integer: ${s}`;
    case 'decimal':
      return canonicalDecimal(typeof v === 'number' ? v.toFixed(20) : s);
    case 'timestamp':
    case 'timestamp with time zone': {
      // Wall clock to the millisecond; a zone name or offset after it is dropped (see sameFamily).
      const m = /^(-?\d{4,}-\d\d-\d\d \d\d:\d\d:\d\d)(?:\.(\d+))?/.exec(s);
      return m ? `${m[1]}.${(m[2] ?? '').padEnd(3, '0').slice(0, 3)}` : s;
    }
    default:
      return s;
  }
}

function sameValue(trinoType: string, expr: string, a: Cell, b: Cell): boolean {
  const t = trinoType.toLowerCase();
  if ((t === 'double' || t === 'real') && typeof a === 'number' && b !== null && !Number.isNaN(Number(b))) {
    const x = Number(b);
    if (t === 'real') return Math.fround(a) === Math.fround(x);
    if (a === x) return true;
    return / OVER /.test(expr) && Math.abs(a - x) <= 1e-12 * Math.max(Math.abs(a), Math.abs(x));
  }
  return canonical(trinoType, a) === canonical(trinoType, b);
}

function probeSql(p: Probe, exprs: readonly string[]): string {
  const values = p.rows.map((r, i) => `(${[String(i + 1), ...r].join(', ')})`).join(',\n  ');
  const cols = exprs.map((e, i) => `${e} AS c${i}`).join(',\n  ');
  return `SELECT id,\n  ${cols}\nFROM (VALUES\n  ${values}\n) AS t(id, ${p.columns.join(', ')})\nORDER BY id`;
}

type Outcome = { ok: true; types: string[]; rows: Cell[][] } | { ok: false; error: string };

async function onTrino(sql: string, n: number): Promise<Outcome> {
  try {
    const r = await trino.query(sql);
    return { ok: true, types: r.columns.slice(1, n + 1).map((c) => c.type), rows: r.rows.map((row) => r.columns.slice(1, n + 1).map((c) => row[c.name])) };
  } catch (e) {
    return { ok: false, error: (e as Error).message.split('\n')[0]! };
  }
}

async function onLocal(sql: string, n: number): Promise<Outcome> {
  try {
    const r = await local.query(sql);
    return { ok: true, types: r.columns.slice(1, n + 1).map((c) => c.type), rows: r.rows.map((row) => r.columns.slice(1, n + 1).map((c) => row[c.name])) };
  } catch (e) {
    return { ok: false, error: (e as Error).message.split('\n')[0]! };
  }
}

/** Runs exprs over the probe's rows on both engines; on an error, expression by expression. */
async function compare(p: Probe, exprs: readonly string[]): Promise<Difference[]> {
  const sql = probeSql(p, exprs);
  const [t, l] = await Promise.all([onTrino(sql, exprs.length), onLocal(sql, exprs.length)]);
  if (!t.ok || !l.ok) {
    // Find the failing expressions by halves: few queries when one expression in many fails.
    if (exprs.length > 1) {
      const half = Math.ceil(exprs.length / 2);
      return [...(await compare(p, exprs.slice(0, half))), ...(await compare(p, exprs.slice(half)))];
    }
    if (!t.ok && !l.ok) return []; // both reject it: agreement
    return [{ topic: p.topic, expr: exprs[0]!, input: '(all rows)', trino: t.ok ? `${t.types[0]} ok` : t.error, local: l.ok ? `${l.types[0]} ok` : l.error }];
  }
  const diffs: Difference[] = [];
  exprs.forEach((expr, i) => {
    const tt = t.types[i]!;
    const lt = l.types[i]!;
    if (!sameFamily(tt, lt)) {
      diffs.push({ topic: p.topic, expr, input: '(type)', trino: tt, local: lt });
      return;
    }
    p.rows.forEach((row, r) => {
      const a = t.rows[r]![i];
      const b = l.rows[r]![i];
      if (!sameValue(tt, expr, a, b)) diffs.push({ topic: p.topic, expr, input: row.join(', '), trino: canonical(tt, a), local: canonical(tt, b) });
    });
  });
  return diffs;
}

describe('the Trino-compatibility library agrees with Trino 476', () => {
  it('probes every macro of the library', () => {
    // DuckDB parses `x AT TIME ZONE z` as timezone(z, x), so that operator is the timezone macro's probe.
    const text = [...PROBES.flatMap((p) => p.exprs), ...REJECTED].join('\n').replace(/ AT TIME ZONE /gi, ' timezone(');
    const unprobed = TRINO_COMPAT_MACROS.filter((m) => !new RegExp(`\\b${m.name}\\s*\\(`, 'i').test(text)).map((m) => m.name);
    expect(unprobed).toEqual([]);
  });

  it.each(PROBES.map((p) => [p.topic, p] as const))('%s', async (_topic, probe) => {
    const diffs = await compare(probe, probe.exprs);
    found.push(...diffs);
    const known = new Set(KNOWN_GAPS.filter((g) => g.topic === probe.topic).map((g) => g.expr));
    const unexpected = diffs.filter((d) => !known.has(d.expr));
    const fixed = [...known].filter((expr) => !diffs.some((d) => d.expr === expr));
    expect(unexpected, 'differences from Trino (fix them at their source)').toEqual([]);
    expect(fixed, 'known gaps that now agree with Trino: remove them from KNOWN_GAPS').toEqual([]);
  });

  it('rejects what Trino rejects', async () => {
    const accepted: string[] = [];
    for (const expr of REJECTED) {
      const sql = `SELECT 0 AS id, ${expr}`;
      const [t, l] = await Promise.all([onTrino(sql, 1), onLocal(sql, 1)]);
      expect(t.ok, `Trino accepts ${expr}`).toBe(false);
      if (l.ok) {
        accepted.push(`${expr} -> ${JSON.stringify(l.rows[0]?.[0])}`);
        found.push({ topic: 'errors', expr, input: '', trino: t.ok ? '' : t.error, local: `${l.types[0]} ${JSON.stringify(l.rows[0]?.[0])}` });
      }
    }
    const known = KNOWN_GAPS.filter((g) => g.topic === 'errors').map((g) => g.expr);
    expect(accepted.filter((a) => !known.some((k) => a.startsWith(`${k} -> `)))).toEqual([]);
  });
});
