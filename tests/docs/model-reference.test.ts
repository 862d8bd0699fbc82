import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { MODEL_REFERENCE_FILE, renderModelReference } from '../../src/docs/render-model-reference.js';

describe('docs/model-reference.md', () => {
  it('is what the schemas and the helper registry say (run `npm run docs:reference` when this fails)', async () => {
    expect(await readFile(MODEL_REFERENCE_FILE, 'utf8')).toBe(renderModelReference());
  });

  it('lists every model kind, its keys with defaults, the helpers and the project-config defaults', () => {
    const text = renderModelReference();
    for (const kind of ['source', 'table', 'view', 'mart']) expect(text).toContain(`### \`materialized="${kind}"\``);
    expect(text).toContain('| `partitioned_by` | string | (required) |');
    expect(text).toContain('{{date_parse "t.raw_time" "%Y-%m-%d %H:%i:%s"}}');
    expect(text).toContain('| `infra.compaction.graceMinutes` | number ≥ 0 | `10` |');
  });
});
