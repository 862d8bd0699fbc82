import { captureIo } from '../support/capture-io.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testUnitCommand } from '../../src/cli/commands/test-unit-command.js';
import { compileProject } from '../../src/compiler/compile-project.js';
import type { ModelError } from '../../src/compiler/model-error.js';
import { inferViewColumns } from '../../src/engines/local/infer-view-columns.js';
import { diffRows } from '../../src/unit-tests/diff-rows.js';
import { formatUnitRun } from '../../src/unit-tests/format-unit-run.js';
import { openMemoryDuckdb, type CaseEngine } from '../../src/unit-tests/memory-duckdb.js';
import { duckdbRenderer } from '../../src/dialects/duckdb/duckdb-renderer.js';
import { runUnitCases, type UnitProject } from '../../src/unit-tests/run-unit-cases.js';
import { parseUnitCaseFile } from '../../src/unit-tests/unit-case-file.js';
import { projectConfig, projectModels, ROOT } from '../support/project-files.js';

const PATH = 'models/views/sales_by_store.unit.json';

/** One case over sales_by_store; `expect` is the JSON text of the expected rows. */
function caseText(expect: string, extra = ''): string {
  return `{
  "cases": [
    {
      "name": "revenue per store",
      "given": {
        "transaction_items": [
          {"transaction_id": "T1", "sku_id": "A", "quantity": 2, "store_id": "S1", "dt": "2024-04-10"},
          {"transaction_id": "T2", "sku_id": "A", "quantity": 1, "store_id": "S2", "dt": "2024-04-10"}
        ],
        "skus": [{"sku_id": "A", "price": "1.50"}],
        "supermarkets": [{"store_id": "S1", "store_name": "North"}]${extra}
      },
      "expect": ${expect}
    }
  ]
}`;
}

describe('unit cases on DuckDB in memory', () => {
  let project: UnitProject;
  let engine: CaseEngine;

  beforeAll(async () => {
    const modelFiles = await projectModels();
    const { manifest } = compileProject(modelFiles, projectConfig());
    project = { manifest: await inferViewColumns(manifest!, projectConfig()), modelFiles };
    engine = await openMemoryDuckdb();
  });
  afterAll(async () => engine?.close());

  it("npm run test:unit passes the project's own cases for its views and marts", async () => {
    const io = captureIo();
    expect(await testUnitCommand([], io, ROOT), io.out.join('\n')).toBe(0);
    const text = io.out.join('\n');
    for (const model of ['sales_by_store', 'hourly_sales', 'top_skus', 'transaction_totals', 'store_freshness', 'daily_store_sales']) {
      expect(text).toMatch(new RegExp(`^ok {4}models/(views|marts)/${model}\\.unit\\.json:\\d+ `, 'm'));
    }
    expect(text).toMatch(/^8 passed, 0 failed, 0 errored, 0 case-file error\(s\) \(DuckDB in memory\)$/m);
  });

  it('a passing case compares only the expected columns, numbers by value', async () => {
    const run = await runUnitCases(
      [{ path: PATH, text: caseText('[{"store_id": "S1", "store_name": "North", "revenue": 3}, {"store_id": "S2", "store_name": null, "revenue": "1.500"}]') }],
      project,
      engine,
      duckdbRenderer(projectConfig()),
    );
    expect(run.errors).toEqual([]);
    expect(
      run.results.map((r) => r.status),
      JSON.stringify(run.results),
    ).toEqual(['pass']);
  });

  it('a failing case reports the missing and unexpected rows with the file:line of each expected row', async () => {
    const text = caseText(`[
        {"store_id": "S1", "revenue": "3.00"},
        {"store_id": "S2", "revenue": "9.99"}
      ]`);
    const run = await runUnitCases([{ path: PATH, text }], project, engine, duckdbRenderer(projectConfig()));
    expect(run.results).toHaveLength(1);
    const r = run.results[0]!;
    expect(r.status).toBe('fail');
    if (r.status !== 'fail') return;
    expect(r.diff.missing.map((m) => m.values)).toEqual([{ store_id: 'S2', revenue: '9.99' }]);
    expect(r.diff.unexpected).toEqual([{ store_id: 'S2', revenue: '1.50' }]);
    const lines = formatUnitRun(run, 'DuckDB in memory');
    expect(lines[0]).toBe(`FAIL  ${PATH}:4 revenue per store`);
    expect(lines).toContain(`        - ${PATH}:15 {"store_id":"S2","revenue":"9.99"}`);
    expect(lines).toContain('        + {"store_id":"S2","revenue":"1.50"}');
    expect(lines.at(-1)).toBe('0 passed, 1 failed, 0 errored, 0 case-file error(s) (DuckDB in memory)');
  });

  it('an ordered case fails when the same rows come back in another order; an unordered one passes', () => {
    const expectRows = [
      { line: 3, values: { hour: '2024-04-10 19:00:00', n: '1' } },
      { line: 4, values: { hour: '2024-04-10 20:00:00', n: '2' } },
    ];
    // Trino prints the fraction, DuckDB does not; bigint comes back as a number or a string.
    const actual = {
      columns: [
        { name: 'hour', type: 'timestamp(3)' },
        { name: 'n', type: 'bigint' },
      ],
      rows: [
        { hour: '2024-04-10 20:00:00.000', n: 2 },
        { hour: '2024-04-10 19:00:00.000', n: '1' },
      ],
    };
    expect(diffRows(expectRows, actual, ['hour', 'n'], false)).toEqual({ missing: [], unexpected: [], outOfOrder: false });
    expect(diffRows(expectRows, actual, ['hour', 'n'], true)).toEqual({ missing: [], unexpected: [], outOfOrder: true });
    expect(diffRows([expectRows[0]!, expectRows[0]!], actual, ['hour', 'n'], false)).toEqual({
      missing: [expectRows[0]],
      unexpected: [{ hour: '2024-04-10 20:00:00.000', n: '2' }],
      outOfOrder: false,
    });
  });

  it('mistakes in a case file are reported with file:line and the case does not run', async () => {
    const errors: ModelError[] = [];
    expect(parseUnitCaseFile(PATH, '{\n  "cases": [\n    {"name": "x", "given": {}, "expect": [}\n  ]\n}', errors)).toBeUndefined();
    expect(errors).toEqual([{ path: PATH, line: 3, message: 'invalid JSON: expected a value, found "}"' }]);

    const bad = caseText('[{"store_id": "S1", "no_such_column": 1}]', ',\n        "transactions": []').replace('"quantity": 2', '"qty": 2');
    const run = await runUnitCases([{ path: PATH, text: bad }], project, engine, duckdbRenderer(projectConfig()));
    expect(run.results).toEqual([]);
    expect(run.errors.map((e) => `${e.path}:${e.line}: ${e.message}`)).toEqual([
      `${PATH}:7: case "revenue per store": "transaction_items" has no column "qty" (columns: transaction_id, sku_id, quantity, store_id, transaction_datetime, dt)`,
      `${PATH}:12: case "revenue per store": "transactions" is not an input of the model (inputs: transaction_items, skus, supermarkets)`,
    ]);

    const missing = caseText('[]').replace(',\n        "supermarkets": [{"store_id": "S1", "store_name": "North"}]', '');
    const run2 = await runUnitCases([{ path: PATH, text: missing }], project, engine, duckdbRenderer(projectConfig()));
    expect(run2.errors.map((e) => `${e.line}: ${e.message}`)).toEqual([
      '4: case "revenue per store": give rows for every input; missing "supermarkets" (use [] for none)',
    ]);

    const wrongModel = await runUnitCases([{ path: 'models/tables/skus.unit.json', text: caseText('[]') }], project, engine, duckdbRenderer(projectConfig()));
    expect(wrongModel.errors[0]!.message).toMatch(/^"skus" is a table: unit cases test views and marts/);
    const uneven = await runUnitCases(
      [{ path: PATH, text: caseText('[{"store_id": "S1"},\n {"revenue": 1}]') }],
      project,
      engine,
      duckdbRenderer(projectConfig()),
    );
    expect(uneven.errors.map((e) => `${e.line}: ${e.message}`)).toEqual([
      '14: every "expect" row names the same columns (the first names store_id; this one revenue)',
    ]);
    const unknownExpect = await runUnitCases([{ path: PATH, text: caseText('[{"store": "S1"}]') }], project, engine, duckdbRenderer(projectConfig()));
    expect(unknownExpect.errors.map((e) => e.line)).toEqual([13]);
    expect(unknownExpect.errors[0]!.message).toMatch(/^"expect": sales_by_store has no column "store" \(columns: store_id, store_name, dt/);
  });
});
