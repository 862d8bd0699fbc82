import { describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/compile-project.js';
import type { SourceEntry, TableEntry } from '../../src/manifest/manifest.js';
import { sourceRecordPrecheck, sourceRecordSchema, unnestedFields } from '../../src/streaming/source-schema.js';
import { projectConfig, projectModels } from '../support/project-files.js';

const manifest = compileProject(await projectModels(), projectConfig()).manifest!;
const source = manifest.models.find((m): m is SourceEntry => m.kind === 'source' && m.sourceTable === 'transactions')!;
const tables = manifest.models.filter((m): m is TableEntry => m.kind === 'table' && m.mapping.source === 'pos.transactions');
const unnested = unnestedFields(tables.map((t) => t.mapping));
const schema = sourceRecordSchema(source, unnested);
const precheck = sourceRecordPrecheck(source, unnested);

const good = { transaction_id: 'T1', store_id: 'STORE0001', transaction_datetime: '2024-04-10 12:00:00', items: [{ sku_id: 'SKU00001', quantity: 2 }] };

describe('sourceRecordPrecheck', () => {
  it('vouches for a well-formed record, with extra fields, as zod does', () => {
    for (const v of [good, { ...good, note: 'extra' }]) {
      expect(precheck(v)).toBe(true);
      expect(schema.safeParse(v).success).toBe(true);
    }
  });

  it('never vouches for a record zod rejects (zod stays the judge and writes the reason)', () => {
    const bad: unknown[] = [
      null,
      [],
      'text',
      42,
      {},
      { ...good, transaction_id: '' },
      { ...good, transaction_id: 7 },
      { ...good, store_id: undefined },
      { ...good, transaction_datetime: 20240410 },
      { ...good, items: [] },
      { ...good, items: {} },
      { ...good, items: [{ sku_id: 'SKU1', quantity: 1.5 }] },
      { ...good, items: [{ sku_id: 'SKU1', quantity: '2' }] },
      { ...good, items: [{ sku_id: 'SKU1', quantity: 2 ** 31 }] },
      { ...good, items: [{ sku_id: '', quantity: 1 }] },
      { ...good, items: [{ quantity: 1 }] },
      { ...good, items: [null] },
    ];
    for (const v of bad) {
      expect(schema.safeParse(v).success, JSON.stringify(v)).toBe(false);
      expect(precheck(v), JSON.stringify(v)).toBe(false);
    }
  });
});
