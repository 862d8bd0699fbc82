import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshnessCommand } from '../../src/cli/commands/freshness-command.js';
import { compileProject } from '../../src/compiler/compile-project.js';
import { formatModelError } from '../../src/compiler/model-error.js';
import { duckdbRenderer } from '../../src/dialects/duckdb/duckdb-renderer.js';
import { LocalEngine } from '../../src/engines/local/local-engine.js';
import { checkFreshness, formatAge } from '../../src/freshness/check-freshness.js';
import { projectConfig, projectModels, withModel } from '../support/project-files.js';
import { captureIo } from '../support/capture-io.js';
import { freshnessLake } from './freshness-lake.js';

const SOURCE = 'models/sources/pos_transactions.sql';
const TABLE = 'models/tables/transactions.sql';

async function compileWith(path: string, firstLine: string) {
  const files = await projectModels();
  const text = files.find((f) => f.path === path)!.text.split('\n');
  return compileProject(withModel(files, path, [firstLine, ...text.slice(1)].join('\n')), projectConfig());
}

describe('freshness rules in {{config}}', () => {
  it('compile into the manifest of sources and tables', async () => {
    const { manifest } = compileProject(await projectModels(), projectConfig());
    const t = manifest!.models.find((m) => m.name === 'transactions');
    expect(t?.kind === 'table' && t.freshness).toEqual({ column: 'transaction_datetime', groupBy: 'store_id', warnAfterMinutes: 30, errorAfterMinutes: 120 });
  });

  it('mistakes name the model file and the config line', async () => {
    const cases: [string, string, string][] = [
      [
        TABLE,
        '{{config materialized="table" partitioned_by="dt" loaded_at_field="transaction_datetime" warn_after="30 mins"}}',
        'config warn_after="30 mins" is not valid',
      ],
      [
        TABLE,
        '{{config materialized="table" partitioned_by="dt" warn_after="30 minutes"}}',
        'freshness needs loaded_at_field="<timestamp column>" next to warn_after / error_after',
      ],
      [
        TABLE,
        '{{config materialized="table" partitioned_by="dt" loaded_at_field="store_id" error_after="1 hour"}}',
        'loaded_at_field="store_id" must be a timestamp column, it is varchar',
      ],
      [
        TABLE,
        '{{config materialized="table" partitioned_by="dt" loaded_at_field="transaction_datetime"}}',
        'loaded_at_field="transaction_datetime" needs warn_after="30 minutes" and/or error_after="2 hours"',
      ],
      [
        TABLE,
        '{{config materialized="table" partitioned_by="dt" loaded_at_field="when" error_after="1 hour"}}',
        'loaded_at_field="when" is not a column (columns: transaction_id, store_id, transaction_datetime, dt)',
      ],
      [
        TABLE,
        '{{config materialized="table" partitioned_by="dt" loaded_at_field="transaction_datetime" freshness_by="shop" error_after="1 hour"}}',
        'freshness_by="shop" is not a column',
      ],
      [
        TABLE,
        '{{config materialized="table" partitioned_by="dt" loaded_at_field="transaction_datetime" warn_after="2 hours" error_after="120 minutes"}}',
        'warn_after="2 hours" must be shorter than error_after="120 minutes"',
      ],
    ];
    for (const [path, line, message] of cases) {
      const { errors } = await compileWith(path, line);
      expect(errors.map(formatModelError).join('\n')).toContain(`${path}:1: ${message}`);
    }
  });

  it('format ages for people', () => {
    expect([formatAge(null), formatAge(45), formatAge(723), formatAge(18_120), formatAge(273_600)]).toEqual(['no rows', '45s', '12m 03s', '5h 02m', '3d 4h']);
  });
});

describe('npm run freshness on the local target', () => {
  const saved = process.env.LAKE_DIR;
  let lake: string;
  beforeAll(async () => {
    lake = await freshnessLake(['local']);
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.LAKE_DIR;
    else process.env.LAKE_DIR = saved;
    await rm(lake, { recursive: true, force: true });
  });

  it('judges each store against the injected clock and exits 1 on an error', async () => {
    const io = captureIo();
    // S1's newest is 12:00 on the 11th (1 h old: warn), S2's 18:05 on the 10th (about 19 h: error).
    expect(await freshnessCommand([], io, () => new Date('2024-04-11T13:00:00Z'))).toBe(1);
    expect(io.out.join('\n')).toBe(
      [
        'model        | group       | newest              | age     | warn_after | error_after | state',
        '-------------+-------------+---------------------+---------+------------+-------------+------',
        'transactions | store_id=S1 | 2024-04-11 12:00:00 | 1h 00m  | 30m        | 2h          | warn ',
        'transactions | store_id=S2 | 2024-04-10 18:05:00 | 18h 55m | 30m        | 2h          | error',
        '(2 rows)',
        '0 ok, 1 warn, 1 error (at 2024-04-11T13:00:00.000Z)',
      ].join('\n'),
    );
  });

  it('exits 0 when nothing is past error_after (warnings included), with --now and JSON', async () => {
    const io = captureIo();
    expect(await freshnessCommand(['--now', '2024-04-10T19:00:00Z', '--format', 'json'], io)).toBe(0);
    const body = JSON.parse(io.out.join('\n')) as { verdicts: { group: string; state: string; ageSeconds: number }[] };
    // S1's newest row is later than that clock (fresh, age 0); S2's is 55 min old (warn).
    expect(body.verdicts.map((v) => [v.group, v.state, v.ageSeconds])).toEqual([
      ['S1', 'ok', 0],
      ['S2', 'warn', 3300],
    ]);
  });

  it('checks a source on its raw text column, and a declared model with no rows has its worst state', async () => {
    const files = withModel(
      withModel(
        await projectModels(),
        SOURCE,
        (await projectModels())
          .find((f) => f.path === SOURCE)!
          .text.replace('materialized="source"', 'materialized="source" loaded_at_field="transaction_datetime" warn_after="1 day"'),
      ),
      'models/tables/transaction_items.sql',
      (await projectModels())
        .find((f) => f.path === 'models/tables/transaction_items.sql')!
        .text.replace('{{config materialized="table"', '{{config materialized="table" loaded_at_field="transaction_datetime" error_after="1 day"'),
    );
    const { manifest, errors } = compileProject(files, projectConfig());
    expect(errors).toEqual([]);
    const engine = await LocalEngine.open({ lakeDir: lake });
    try {
      const verdicts = await checkFreshness(
        manifest!,
        (q) =>
          engine.query(
            duckdbRenderer(projectConfig())
              .renderQuery(q)
              .sql.replace(/FROM transaction_items$/, 'FROM (SELECT * FROM transaction_items WHERE false) AS t'),
          ),
        () => new Date('2024-04-12T12:00:00Z'),
      );
      expect(verdicts.filter((v) => v.model !== 'transactions')).toEqual([
        { model: 'pos_transactions', newest: '2024-04-11 12:00:00', ageSeconds: 86_400, warnAfterMinutes: 1440, state: 'ok' },
        { model: 'transaction_items', newest: null, ageSeconds: null, errorAfterMinutes: 1440, state: 'error' },
      ]);
    } finally {
      await engine.close();
    }
  });

  it('has --help', async () => {
    const io = captureIo();
    expect(await freshnessCommand(['--help'], io)).toBe(0);
    expect(io.out.join('\n')).toMatch(/warn_after="30 minutes" error_after="2 hours"/);
  });
});
