import { describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/compile-project.js';
import type { TableEntry } from '../../src/manifest/manifest.js';
import { CastError, evaluateMapping, type MappedValue } from '../../src/streaming/evaluate-mapping.js';
import { failsCheck, isRowLevel } from '../../src/streaming/record-checks.js';
import { createRecordPlan, slotValue } from '../../src/streaming/record-plan.js';
import { projectConfig, projectModels } from '../support/project-files.js';

const manifest = compileProject(await projectModels(), projectConfig()).manifest!;
const tables = manifest.models.filter((m): m is TableEntry => m.kind === 'table' && m.mapping.source === 'pos.transactions');

/** The general path: every table's rows, or undefined when a cast fails or a row-level test does. */
function general(record: Record<string, unknown>): Map<TableEntry, Record<string, MappedValue>[]> | undefined {
  const out = new Map<TableEntry, Record<string, MappedValue>[]>();
  for (const t of tables) {
    let rows;
    try {
      rows = evaluateMapping(t.mapping, record);
    } catch (e) {
      if (e instanceof CastError) return undefined;
      throw e;
    }
    if (rows.some((row) => t.tests.filter(isRowLevel).some((c) => failsCheck(c, row) !== undefined))) return undefined;
    out.set(t, rows);
  }
  return out;
}

const tx = (over: Record<string, unknown>) => ({
  transaction_id: 'TX1',
  store_id: 'STORE0001',
  transaction_datetime: '2024-04-10 10:00:00',
  items: [
    { sku_id: 'SKU1', quantity: 2 },
    { sku_id: 'SKU2', quantity: 1 },
  ],
  ...over,
});

const records: [string, Record<string, unknown>][] = [
  ['a clean record', tx({})],
  ['fractional seconds', tx({ transaction_datetime: '2024-04-10 10:00:00.123456' })],
  ['a quantity as text', tx({ items: [{ sku_id: 'S', quantity: '3' }] })],
  [
    'a quantity below the accepted range',
    tx({
      items: [
        { sku_id: 'S', quantity: 1 },
        { sku_id: 'S', quantity: 0 },
      ],
    }),
  ],
  ['a quantity that is not an integer', tx({ items: [{ sku_id: 'S', quantity: 1.5 }] })],
  ['a missing id (not null)', tx({ transaction_id: undefined })],
  ['an invalid datetime', tx({ transaction_datetime: '2024-02-30 10:00:00' })],
  ['no items (the items table has no row; the others do)', tx({ items: [] })],
  ['no items and a bad datetime', tx({ items: [], transaction_datetime: 'soon' })],
  ['a numeric id', tx({ transaction_id: 42 })],
];

describe('the record plan maps a record as the tables’ mappings do, or leaves it to them', () => {
  const plan = createRecordPlan(tables)!;

  it.each(records)('%s', (_, record) => {
    const values = plan.newValues();
    const ok = plan.evaluate(record, values);
    const rows = general(record);
    // The plan may decline a record the general path maps (it then takes that path), never the reverse.
    if (rows === undefined) expect(ok).toBe(false);
    if (!ok) return;
    for (const p of plan.tables) {
      const expected = rows!.get(p.table)!;
      expect(p.perElement ? values.elementCount : 1).toBe(expected.length);
      expected.forEach((row, e) => {
        expect(p.columns.map((s) => slotValue(values, plan.elementWidth, s, e))).toEqual(p.table.columns.map((c) => row[c.name]));
        expect(p.partitions.map((s) => slotValue(values, plan.elementWidth, s, e))).toEqual(p.table.partitionedBy.map((c) => row[c.name]));
      });
    }
  });

  it('shares an expression between tables: the items repeat the transaction’s id, store and datetime from the same slots', () => {
    const [items, transactions] = ['transaction_items', 'transactions'].map((n) => plan.tables.find((p) => p.table.name === n)!);
    for (const column of ['transaction_id', 'store_id', 'transaction_datetime']) expect(items!.slots.get(column)).toBe(transactions!.slots.get(column));
    expect(items!.slots.get('sku_id')).toBeLessThan(0); // per element
  });
});
