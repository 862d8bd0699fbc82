import type { EngineStatement, KeyRule } from '../../compiler/statement.js';
import type { SourceEntry } from '../../manifest/manifest.js';
import type { RenderContext } from '../lake-renderer.js';
import { sqlString } from '../sql-literals.js';
import { jsonColumns } from './duckdb-columns.js';

/** What the local engine, the build's view-column inference and the local backfill send besides the models' statements. */
export function duckdbEngineStatement(s: EngineStatement, ctx: RenderContext): string | undefined {
  switch (s.kind) {
    case 'set_variable':
      return `SET VARIABLE ${s.name} = ${sqlString(s.value)}`;
    case 'describe_object':
      return `DESCRIBE SELECT * FROM ${ctx.qualify(s.object)}`;
    case 'create_stand_in':
      return `CREATE OR REPLACE VIEW ${ctx.qualify(s.object)} AS ${s.query}`;
    case 'batch_transform': {
      if (s.keyRule) return ctx.transformSelect(s.table, s.source, { from: keyRuleAccepted(s.source, s.keyRule, s.screenedDir, ctx) });
      const select = ctx.transformSelect(s.table, s.source);
      return s.screenedDir === undefined ? select : `WITH ${screenedSourceCte(s.source, s.screenedDir)} ${select}`;
    }
    case 'key_rule_dropped': {
      const { column: k, partition: p } = s.keyRule;
      return `WITH ${keyRuleCtes(s.source, s.keyRule, s.screenedDir, ctx)},
      __numbered AS (SELECT r.*, row_number() OVER (PARTITION BY r.__row) AS __copy FROM __raw AS r),
      __keys AS (SELECT DISTINCT __row, ${k} AS k, ${p} AS p FROM __keyed)
      SELECT x.k AS k, l.file AS file, CAST(to_json(n) AS VARCHAR) AS original
      FROM __numbered AS n JOIN __keys AS x ON x.__row = n.__row LEFT JOIN __landed AS l ON l.k = x.k AND l.p = x.p
      WHERE n.__row NOT IN (SELECT __row FROM __winners) OR n.__copy > 1
      ORDER BY k, original`;
    }
    case 'batch_keys': {
      const { column: k, partition: p, table } = s.keyRule;
      return `SELECT ${p} AS p, list(DISTINCT ${k} ORDER BY ${k}) AS ids FROM ${table.name}__files WHERE file LIKE '%/batch-%' GROUP BY 1 ORDER BY 1`;
    }
    default:
      return undefined;
  }
}

/** The CTE `<source> AS (<screened records>)`: later queries read the accepted records under the source's own name. */
function screenedSourceCte(source: SourceEntry, dir: string): string {
  return `${source.name} AS (SELECT * FROM read_json(${sqlString(`${dir}/*.jsonl`)}, format = 'newline_delimited', ${jsonColumns(source.columns)}))`;
}

/**
 * `__raw` (each record with `__row`, the hash of its content), `__keyed` (its key and partition),
 * `__landed` (keys already in the table's stream or compacted files) and `__winners` (one new
 * record per key: the earliest datetime, ties by content hash, since the input has no landing order).
 */
function keyRuleCtes(source: SourceEntry, rule: KeyRule, screenedDir: string | undefined, ctx: RenderContext): string {
  const { column: k, partition: p, table } = rule;
  const alias = table.mapping.sourceAlias;
  const keyedSelect = ctx.transformSelect(table, source, { from: '__raw', leadingColumns: [`${alias}.__row AS __row`] });
  const screened = screenedDir === undefined ? '' : `${screenedSourceCte(source, screenedDir)}, `;
  const rawCte = `${screened}__raw AS (SELECT r.*, md5(CAST(to_json(r) AS VARCHAR)) AS __row FROM ${ctx.qualify(source.name)} AS r), __keyed AS (${keyedSelect})`;
  const landed = `SELECT DISTINCT ${k} AS k, ${p} AS p, first(file) AS file FROM ${table.name}__files WHERE file NOT LIKE '%/batch-%' GROUP BY ALL`;
  const winnersCte = `__landed AS (${landed}), __winners AS (SELECT __row FROM __keyed AS x WHERE NOT EXISTS (SELECT 1 FROM __landed AS l WHERE l.k = x.${k} AND l.p = x.${p}) QUALIFY row_number() OVER (PARTITION BY x.${k}, x.${p} ORDER BY x.__row) = 1)`;
  return `${rawCte}, ${winnersCte}`;
}

/** The source's records the key rule keeps, as a relation the table transforms read. */
function keyRuleAccepted(source: SourceEntry, rule: KeyRule, screenedDir: string | undefined, ctx: RenderContext): string {
  return `(WITH ${keyRuleCtes(source, rule, screenedDir, ctx)} SELECT * EXCLUDE (__row) FROM __raw WHERE __row IN (SELECT __row FROM __winners) QUALIFY row_number() OVER (PARTITION BY __row) = 1)`;
}
