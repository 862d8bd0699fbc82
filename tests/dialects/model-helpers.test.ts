import { describe, expect, it } from 'vitest';
import { QUERY_DIALECTS } from '../../src/dialects/dialects.js';
import { helperUsage, MODEL_HELPERS } from '../../src/dialects/model-helpers.js';

describe('model helpers registry', () => {
  const entries = Object.entries(MODEL_HELPERS);

  it.each(entries)('{{%s}} renders its documented example in every dialect', (_name, h) => {
    expect(h.example.args).toHaveLength(h.params.length);
    for (const d of QUERY_DIALECTS) expect(h.render[d](...h.example.args)).toBe(h.example.renders[d]);
  });

  it.each(entries)('{{%s}} has a one-line doc, a vendor link and a usage line', (name, h) => {
    expect(h.doc).not.toContain('\n');
    expect(h.vendorDoc).toMatch(/^https:\/\//);
    expect(helperUsage(name, h)).toMatch(new RegExp(`^\\{\\{${name} "`));
  });
});
