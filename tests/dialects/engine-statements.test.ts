import { describe, expect, it } from 'vitest';
import { defineConfig } from '../../src/config/define-config.js';
import { athenaRenderer } from '../../src/dialects/athena/athena-renderer.js';
import { duckdbRenderer } from '../../src/dialects/duckdb/duckdb-renderer.js';
import { trinoRenderer } from '../../src/dialects/trino/trino-renderer.js';

const config = defineConfig({ project: 'supermarket', lake: { bucket: 'supermarket-lake' } });

describe('engine statements (catalog reads, session set-up) are rendered by the dialect', () => {
  it("Trino's catalog reader: every literal and identifier quoted", () => {
    const trino = trinoRenderer(config);
    expect(trino.sql({ kind: 'database_exists' })).toBe(`SELECT count(*) AS n FROM information_schema.schemata WHERE schema_name = 'supermarket'`);
    expect(trino.sql({ kind: 'list_object_comments', catalog: 'lake' })).toBe(
      `SELECT table_name, comment FROM system.metadata.table_comments WHERE catalog_name = 'lake' AND schema_name = 'supermarket'`,
    );
    expect(trino.sql({ kind: 'list_columns', object: "o'k" })).toBe(
      `SELECT column_name, data_type, extra_info FROM information_schema.columns WHERE table_schema = 'supermarket' AND table_name = 'o''k' ORDER BY ordinal_position`,
    );
    expect(trino.sql({ kind: 'table_parameters', object: 'a"b' })).toBe(`SELECT * FROM "a""b$properties"`);
    expect(trino.sql({ kind: 'show_create_table', object: 'sales' })).toBe(`SHOW CREATE TABLE "sales"`);
  });

  it('DuckDB session statements', () => {
    const duckdb = duckdbRenderer(config);
    expect(duckdb.sql({ kind: 'set_variable', name: 'lake_dir', value: "/tmp/o'k" })).toBe(`SET VARIABLE lake_dir = '/tmp/o''k'`);
    expect(duckdb.sql({ kind: 'describe_object', object: 'sales' })).toBe('DESCRIBE SELECT * FROM sales');
    expect(duckdb.sql({ kind: 'create_stand_in', object: 'sales', query: 'SELECT 1 AS a WHERE false' })).toBe(
      'CREATE OR REPLACE VIEW sales AS SELECT 1 AS a WHERE false',
    );
  });

  it('a dialect whose engine does not send a statement says so, naming both', () => {
    expect(() => athenaRenderer(config).sql({ kind: 'list_objects' })).toThrow('the athena dialect has no list_objects statement');
    expect(trinoRenderer(config).render({ kind: 'set_variable', name: 'x', value: 'y' })).toBeUndefined();
  });
});
