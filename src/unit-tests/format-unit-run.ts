import { formatModelError } from '../compiler/model-error.js';
import type { CaseResult, UnitRun } from './run-unit-cases.js';

/** At most this many rows per side of a diff: a failure shows the difference, not the whole table. */
const MAX_DIFF_ROWS = 20;

/** The report, one block per case: `ok`, or `FAIL file:line name` followed by the row diff. */
export function formatUnitRun(run: UnitRun, label: string): string[] {
  const lines: string[] = [];
  for (const r of run.results) lines.push(...formatResult(r, label));
  for (const e of run.errors) lines.push(`ERROR ${formatModelError(e)}`);
  const count = (s: CaseResult['status']) => run.results.filter((r) => r.status === s).length;
  lines.push('', `${count('pass')} passed, ${count('fail')} failed, ${count('error')} errored, ${run.errors.length} case-file error(s) (${label})`);
  return lines;
}

function formatResult(r: CaseResult, label: string): string[] {
  const where = `${r.path}:${r.case.line}`;
  switch (r.status) {
    case 'pass':
      return [`ok    ${where} ${r.case.name}`];
    case 'error':
      return [`ERROR ${where} ${r.case.name}: ${label} refused the query: ${r.message.split('\n')[0]}`, ...indent(r.sql.split('\n'))];
    case 'fail': {
      const d = r.diff;
      const out = [`FAIL  ${where} ${r.case.name}`];
      if (d.outOfOrder) out.push('      the rows are right but in another order (the case is "ordered": true)');
      if (d.missing.length > 0) {
        out.push(`      missing (expected, not returned): ${d.missing.length}`);
        for (const m of d.missing.slice(0, MAX_DIFF_ROWS)) out.push(`        - ${r.path}:${m.line} ${JSON.stringify(m.values)}`);
      }
      if (d.unexpected.length > 0) {
        out.push(`      unexpected (returned, not expected): ${d.unexpected.length}`);
        for (const u of d.unexpected.slice(0, MAX_DIFF_ROWS)) out.push(`        + ${JSON.stringify(u)}`);
      }
      return out;
    }
  }
}

function indent(lines: readonly string[]): string[] {
  return lines.map((l) => `        ${l}`);
}
