import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SparkSQL } from 'dt-sql-parser';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/project-files.js';

const SCRIPT = path.join(ROOT, 'glue-jobs/backfill_job.py');

/** Python itself reads the rendered job: its syntax, and the SOURCES/TABLES literals it carries. */
function pythonInspect(): {
  sources: { name: string; location: string; schema: string }[];
  tables: { name: string; location: string; partition_by: string[]; sql: string }[];
  calls: string[];
} {
  const program = `
import ast, json, sys
tree = ast.parse(open(sys.argv[1]).read(), sys.argv[1])
values = {}
for node in tree.body:
    if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name) and node.targets[0].id in ("SOURCES", "TABLES"):
        values[node.targets[0].id] = ast.literal_eval(node.value)
calls = sorted({n.func.attr for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)})
print(json.dumps({"sources": values["SOURCES"], "tables": values["TABLES"], "calls": calls}))
`;
  return JSON.parse(execFileSync('python3', ['-c', program, SCRIPT], { encoding: 'utf8' }));
}

describe('the rendered Glue job', () => {
  const job = pythonInspect();

  it('parses with python3 and declares every source and table of the models', () => {
    expect(job.sources.map((s) => s.name)).toEqual(['pos_skus', 'pos_stores', 'pos_transactions']);
    expect(job.tables.map((t) => [t.name, t.location, t.partition_by])).toEqual([
      ['skus', 'skus/', []],
      ['supermarkets', 'supermarkets/', []],
      ['transaction_items', 'transaction_items/', ['dt']],
      ['transactions', 'transactions/', ['dt']],
    ]);
    expect(job.sources.find((s) => s.name === 'pos_transactions')!.schema).toBe(
      'transaction_id string, store_id string, transaction_datetime string, items array<struct<sku_id: string, quantity: int>>',
    );
  });

  it('writes with partitionBy into a staging folder and moves files in, with millisecond Parquet', () => {
    const text = readFileSync(SCRIPT, 'utf8');
    expect(job.calls).toEqual(expect.arrayContaining(['partitionBy', 'mode', 'parquet', 'sql', 'json', 'createOrReplaceTempView', 'commit', 'rename']));
    expect(text).toContain('spark.conf.set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MILLIS")');
    // Dynamic partition overwrite would delete streamed files in every partition the job touches.
    expect(text).not.toContain('partitionOverwriteMode');
    expect(text).toContain('writer.parquet(staging)');
  });

  it.each(pythonInspect().tables.map((t) => [t.name, t.sql]))('the SQL of %s parses under the Spark grammar', (_name, sql) => {
    expect(new SparkSQL().validate(sql)).toEqual([]);
  });
});
