import { describe, expect, it } from 'vitest';
import { COMPACTION_DEFAULTS, defineConfig, INFRA_DEFAULTS, INGEST_DEFAULTS } from '../../src/config/define-config.js';

describe('defineConfig', () => {
  it('fills every default, and derives the bucket, workgroup and result location from the project name', () => {
    const c = defineConfig({ project: 'shop' });
    expect(c.lake.bucket).toBe('shop-lake');
    expect(c.athena.workgroup).toBe('shop');
    expect(c.athena.outputLocation).toBe('s3://shop-athena-results/');
    expect(c.athena.database).toBe('supermarket');
    expect(c.lake.prefixes).toEqual({ raw: 'raw/', incoming: 'incoming/', tables: 'tables/', rejected: 'rejected/' });
    expect(c.ingest).toEqual(INGEST_DEFAULTS);
    expect(c.infra).toEqual(INFRA_DEFAULTS);
    expect(COMPACTION_DEFAULTS.graceMinutes).toBe(10);
    expect(Object.isFrozen(c.infra.compaction)).toBe(true);
  });

  it('names the file, each key path and the value, and says where to fix them', () => {
    let message = '';
    try {
      defineConfig({ lake: { prefixes: { raw: '/raw' } }, infra: { glue: { numberOfWorkers: 1, workerType: 'G.3X' as 'G.1X' } } });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^dbt-like\.config\.ts is invalid:/);
    expect(message).toContain('lake.prefixes.raw "/raw" must be a key prefix that ends with "/" and does not start with one');
    expect(message).toContain('infra.glue.numberOfWorkers 1 must be an integer >= 2');
    expect(message).toContain('infra.glue.workerType "G.3X" must be one of G.025X, G.1X, G.2X, G.4X, G.8X');
    expect(message).toMatch(/Fix these keys in dbt-like\.config\.ts/);
  });

  it('refuses a misspelt key instead of silently using the default', () => {
    expect(() => defineConfig({ infra: { compaction: { graceMinute: 5 } } } as never)).toThrow(/infra\.compaction\.graceMinute: not a known key/);
  });

  it('refuses a value of the wrong type', () => {
    expect(() => defineConfig({ ingest: { settleMs: '250' as unknown as number } })).toThrow(/ingest\.settleMs "250" must be a number/);
  });
});
