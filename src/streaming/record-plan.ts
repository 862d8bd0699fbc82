import type { DataTest, MappingExpr, RawMapping, TableEntry } from '../manifest/manifest.js';
import { CastError, compileExpr, type Evaluator, type MappedValue } from './evaluate-mapping.js';
import { failsCheckValue, isRowLevel } from './record-checks.js';

type RowCheck = Extract<DataTest, { kind: 'not_null' | 'accepted_range' }>;

/**
 * A value's place in {@link RecordValues}: `>= 0`, a slot of the record's values; `< 0`, slot
 * `~n` of each element's values.
 */
type Slot = number;

/** One table's rows as slots: its Parquet columns, its partition columns, its row-level tests. */
export interface TablePlan {
  readonly table: TableEntry;
  /** One row per element of the unnested array (else one row per record). */
  readonly perElement: boolean;
  /** Per Parquet column (`table.columns`), in order. */
  readonly columns: readonly Slot[];
  /** Per partition column (`table.partitionedBy`), in order. */
  readonly partitions: readonly Slot[];
  /** Every mapped column's slot, by name. */
  readonly slots: ReadonlyMap<string, Slot>;
}

/** A record's mapped values: each distinct expression evaluated once, however many tables and rows use it. */
export interface RecordValues {
  readonly record: MappedValue[];
  /** Element after element, `elementWidth` values each. */
  readonly elements: MappedValue[];
  elementCount: number;
}

/**
 * The mapping of all of a source's tables at once, in slots: the mapping of each table is the same
 * few expressions — `transactions` and `transaction_items` both cast `t.transaction_id`,
 * `t.store_id` and `t.transaction_datetime`, and the items repeat them on every row — so each
 * distinct expression of the record is evaluated once per record, each one of an element once per
 * element, and a row is a list of slots instead of an object built per row. It only says whether a
 * record maps cleanly: any cast error or failing row-level test returns false, and the caller
 * takes the general path ({@link evaluateMapping} per table, then the tests in their order), which
 * words the rejection exactly as before. Undefined when the mappings do not fit (arrays unnested
 * from different fields, a tested or written column the mapping does not produce).
 */
export interface RecordPlan {
  readonly tables: readonly TablePlan[];
  readonly elementWidth: number;
  /** Fills `into` from the record; false when the record does not map cleanly (see above). */
  evaluate(record: Readonly<Record<string, unknown>>, into: RecordValues): boolean;
  newValues(): RecordValues;
  /** The slots of a table's key and partition column (read from its first row), and whether its rows are per element. */
  keySlots(table: TableEntry, column: string, partition: string): [id: Slot, partition: Slot, perElement: boolean] | undefined;
}

export function createRecordPlan(tables: readonly TableEntry[]): RecordPlan | undefined {
  const unnests = new Set(tables.flatMap((t) => (t.mapping.unnest ? [t.mapping.unnest.field] : [])));
  if (unnests.size > 1) return undefined;
  const unnestField = [...unnests][0];
  const recordExprs: Evaluator[] = [];
  const elementExprs: Evaluator[] = [];
  const slots = new Map<string, Slot>();
  /** The slot of an expression, shared by every table and column that writes the same one. */
  const slotOf = (expr: MappingExpr, m: RawMapping): Slot => {
    const fromElement = usesElement(expr, m);
    const id = `${fromElement ? 'element' : 'record'}:${JSON.stringify(withoutAliases(expr))}`;
    let slot = slots.get(id);
    if (slot === undefined) {
      const evaluate = compileExpr(expr, m);
      if (fromElement) slot = ~(elementExprs.push(evaluate) - 1);
      else slot = recordExprs.push(evaluate) - 1;
      slots.set(id, slot);
    }
    return slot;
  };
  const plans: TablePlan[] = [];
  const checks: { slot: Slot; check: RowCheck }[] = [];
  for (const t of tables) {
    const m = t.mapping;
    const byName = new Map(m.columns.map((c) => [c.name, slotOf(c.expr, m)] as const));
    const slot = (name: string): Slot | undefined => byName.get(name);
    const columns = t.columns.map((c) => slot(c.name));
    const partitions = t.partitionedBy.map((c) => slot(c.name));
    const tested = t.tests.filter(isRowLevel).map((check) => ({ slot: slot(check.column), check }));
    if ([...columns, ...partitions, ...tested.map((c) => c.slot)].some((s) => s === undefined)) return undefined;
    checks.push(...(tested as { slot: Slot; check: RowCheck }[]));
    plans.push({ table: t, perElement: m.unnest !== undefined, columns: columns as Slot[], partitions: partitions as Slot[], slots: byName });
  }
  const recordChecks = checks.filter((c) => c.slot >= 0);
  const elementChecks = checks.filter((c) => c.slot < 0);
  const elementWidth = elementExprs.length;
  const anyPerElement = plans.some((p) => p.perElement);

  return {
    tables: plans,
    elementWidth,
    keySlots(table, column, partition) {
      const p = plans.find((x) => x.table === table);
      const id = p?.slots.get(column);
      const value = p?.slots.get(partition);
      return p && id !== undefined && value !== undefined ? [id, value, p.perElement] : undefined;
    },
    newValues: () => ({ record: new Array<MappedValue>(recordExprs.length).fill(null), elements: [], elementCount: 0 }),
    evaluate(record, into) {
      const values = into.record;
      const elements = anyPerElement ? ((record[unnestField!] as Readonly<Record<string, unknown>>[] | undefined) ?? []) : [];
      try {
        for (let i = 0; i < recordExprs.length; i++) values[i] = recordExprs[i]!(record, undefined);
        const out = into.elements;
        let k = 0;
        for (let e = 0; e < elements.length; e++) {
          const element = elements[e];
          for (let i = 0; i < elementWidth; i++) out[k++] = elementExprs[i]!(record, element);
        }
      } catch (e) {
        if (e instanceof CastError) return false;
        throw e;
      }
      into.elementCount = elements.length;
      for (const { slot, check } of recordChecks) if (failsCheckValue(check, values[slot]) !== undefined) return false;
      for (const { slot, check } of elementChecks)
        for (let e = 0; e < elements.length; e++) if (failsCheckValue(check, into.elements[e * elementWidth + ~slot]) !== undefined) return false;
      return true;
    },
  };
}

/** True when the expression reads the unnested element (its alias), not the record. */
function usesElement(e: MappingExpr, m: RawMapping): boolean {
  if (e.kind === 'cast') return usesElement(e.expr, m);
  return m.unnest !== undefined && e.alias === m.unnest.alias;
}

/** The expression without its aliases (which differ from model to model for the same field). */
function withoutAliases(e: MappingExpr): unknown {
  return e.kind === 'cast' ? { cast: e.type, of: withoutAliases(e.expr) } : { field: e.field };
}

/** A slot's value for row `element` (ignored for record slots). */
export function slotValue(values: RecordValues, elementWidth: number, slot: Slot, element: number): MappedValue {
  return slot >= 0 ? values.record[slot]! : values.elements[element * elementWidth + ~slot]!;
}
