import { describe, expect, it } from 'vitest';
import { parseModelConfig } from '../../src/compiler/model-config.js';

describe('parseModelConfig', () => {
  it('fills the defaults of a kind', () => {
    expect(parseModelConfig({ materialized: 'table', partitioned_by: 'dt' })).toEqual({
      config: { materialized: 'table', description: '', partitioned_by: 'dt', compression: 'snappy' },
    });
  });

  it('reads the documented alias ctas as a mart', () => {
    expect(parseModelConfig({ materialized: 'ctas', partitioned_by: 'dt' })).toEqual({
      config: { materialized: 'mart', description: '', partitioned_by: 'dt', compression: 'snappy' },
    });
  });

  it('says which key is missing, misspelt or malformed, and what to write', () => {
    expect(parseModelConfig({ materialized: 'mart' })).toEqual({ errors: ['a mart needs config partitioned_by="…"'] });
    expect(parseModelConfig({ materialized: 'source', location: 'raw/x', descripton: 'x' })).toEqual({
      errors: [
        'config location="raw/x" is not valid (expected a key prefix of the lake ending with "/", e.g. raw/transactions/)',
        'unknown config key "descripton" for a source (allowed: materialized, description, tags, format, location, loaded_at_field, warn_after, error_after, freshness_by)',
      ],
    });
    expect(parseModelConfig({ materialized: 'table', partitioned_by: 'Day' })).toEqual({
      errors: ['config partitioned_by="Day" is not valid (expected a lowercase identifier, /^[a-z_][a-z0-9_]*$/)'],
    });
    expect(parseModelConfig({ materialized: 'view', description: 3 })).toEqual({ errors: ['config description=3 must be a string, e.g. description="…"'] });
  });
});
