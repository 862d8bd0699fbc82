import { describe, expect, it } from 'vitest';
import { recordRules } from '../../src/batch/record-rules.js';
import { pythonLiteral } from '../../src/batch/render-glue-job.js';
import { compileProject } from '../../src/compiler/compile-project.js';
import { projectConfig, projectModels } from '../support/project-files.js';

const manifest = compileProject(await projectModels(), projectConfig()).manifest!;

describe('the record rules both batch engines apply, derived from the manifest', () => {
  const transactions = recordRules(manifest).find((r) => r.source === 'pos_transactions')!;

  it('require every declared field with its JSON type; the unnested array must not be empty', () => {
    expect(transactions.fields.map((f) => [f.name, f.type.kind])).toEqual([
      ['transaction_id', 'string'],
      ['store_id', 'string'],
      ['transaction_datetime', 'string'],
      ['items', 'array'],
    ]);
    expect(transactions.fields.find((f) => f.name === 'items')!.type).toMatchObject({ nonEmpty: true, element: { kind: 'object' } });
  });

  it('check the datetime cast and the {{test "accepted_range"}} on quantity, in the Lambda’s order', () => {
    expect(transactions.checks).toEqual([
      { kind: 'timestamp', column: 'transaction_datetime', field: 'transaction_datetime' },
      { kind: 'timestamp', column: 'dt', field: 'transaction_datetime' },
      { kind: 'not_null', table: 'transaction_items', column: 'transaction_id', field: 'transaction_id' },
      { kind: 'accepted_range', table: 'transaction_items', column: 'quantity', min: 1, field: 'quantity', element: 'items' },
      { kind: 'timestamp', column: 'transaction_datetime', field: 'transaction_datetime' },
      { kind: 'timestamp', column: 'dt', field: 'transaction_datetime' },
      { kind: 'not_null', table: 'transactions', column: 'transaction_id', field: 'transaction_id' },
      { kind: 'not_null', table: 'transactions', column: 'transaction_datetime', field: 'transaction_datetime' },
    ]);
  });

  it('render as a Python literal (True/False/None, strings untouched)', () => {
    expect(pythonLiteral({ a: true, b: false, c: null, d: 'true "null"\\\\', e: [1] })).toBe(
      '{\n    "a": True,\n    "b": False,\n    "c": None,\n    "d": "true \\"null\\"\\\\\\\\",\n    "e": [\n        1\n    ]\n}',
    );
  });
});
