import type { ProjectConfig } from '../config/define-config.js';
import { duckdbRenderer } from '../dialects/duckdb/duckdb-renderer.js';
import type { LakeRenderer } from '../dialects/lake-renderer.js';
import type { LocalEngine } from '../engines/local/local-engine.js';
import type { Manifest, SourceEntry, TableEntry } from '../manifest/manifest.js';
import type { ObjectStore } from '../storage/object-store.js';
import { keyedTable, keyFileKey, type KeyedTable } from '../streaming/transaction-keys.js';

/** The identity the batch's key files carry in the key index (`<landed at>-batch.json`). */
const BATCH_KEY_IDENTITY = 'batch';

/**
 * The key rule (first landed wins; docs/reliability.md) in the local backfill. Of the source's
 * records, only those whose key is new reach the tables: a record whose key already landed through
 * the stream or compaction in the same partition is dropped, and of several records of the input
 * with one key a single one is kept (the earliest datetime; ties by content hash — the input has no
 * landing order). Every table of the source reads the same filtered records, so `transactions` and
 * `transaction_items` agree. The dropped records are returned for quarantine.
 */
export class BatchKeyFilter {
  private constructor(
    private readonly keyed: KeyedTable,
    private readonly source: SourceEntry,
    private readonly renderer: LakeRenderer,
    private readonly rawCte: string,
    private readonly winnersCte: string,
  ) {}

  /**
   * `sourceCte` (`<source> AS (…)`) replaces the source with the records the batch's rules accepted
   * (src/batch/screen-raw-records.ts), so a rejected record is never cast here.
   */
  static create(manifest: Manifest, config: ProjectConfig, source: SourceEntry, sourceCte?: string): BatchKeyFilter | undefined {
    const tables = manifest.models.filter((m): m is TableEntry => m.kind === 'table' && m.mapping.source === `${source.sourceName}.${source.sourceTable}`);
    const keyed = keyedTable(tables);
    if (!keyed || keyed.table.mapping.unnest) return undefined;
    const renderer = duckdbRenderer(config);
    const sourceSql = renderer.qualify(source.name);
    const alias = keyed.table.mapping.sourceAlias;
    const keyedSelect = renderer.transformSelect(keyed.table, source, { from: '__raw', leadingColumns: [`${alias}.__row AS __row`] });
    const k = keyed.column;
    const p = keyed.partition;
    const rawCte = `${sourceCte ? `${sourceCte}, ` : ''}__raw AS (SELECT r.*, md5(CAST(to_json(r) AS VARCHAR)) AS __row FROM ${sourceSql} AS r), __keyed AS (${keyedSelect})`;
    const landed = `SELECT DISTINCT ${k} AS k, ${p} AS p, first(file) AS file FROM ${keyed.table.name}__files WHERE file NOT LIKE '%/batch-%' GROUP BY ALL`;
    const winnersCte = `__landed AS (${landed}), __winners AS (SELECT __row FROM __keyed AS x WHERE NOT EXISTS (SELECT 1 FROM __landed AS l WHERE l.k = x.${k} AND l.p = x.${p}) QUALIFY row_number() OVER (PARTITION BY x.${k}, x.${p} ORDER BY x.__row) = 1)`;
    return new BatchKeyFilter(keyed, source, renderer, rawCte, winnersCte);
  }

  /** A table's transform, reading only the records whose key is new. */
  transformSelect(t: TableEntry): string {
    const filtered = `(WITH ${this.rawCte}, ${this.winnersCte} SELECT * EXCLUDE (__row) FROM __raw WHERE __row IN (SELECT __row FROM __winners) QUALIFY row_number() OVER (PARTITION BY __row) = 1)`;
    return this.renderer.transformSelect(t, this.source, { from: filtered });
  }

  /** The records kept out, each with its reason, in a stable order. */
  async dropped(engine: LocalEngine): Promise<{ reason: string; original: string }[]> {
    const k = this.keyed.column;
    const p = this.keyed.partition;
    const sql = `WITH ${this.rawCte}, ${this.winnersCte},
      __numbered AS (SELECT r.*, row_number() OVER (PARTITION BY r.__row) AS __copy FROM __raw AS r),
      __keys AS (SELECT DISTINCT __row, ${k} AS k, ${p} AS p FROM __keyed)
      SELECT x.k AS k, l.file AS file, CAST(to_json(n) AS VARCHAR) AS original
      FROM __numbered AS n JOIN __keys AS x ON x.__row = n.__row LEFT JOIN __landed AS l ON l.k = x.k AND l.p = x.p
      WHERE n.__row NOT IN (SELECT __row FROM __winners) OR n.__copy > 1
      ORDER BY k, original`;
    const rows = (await engine.query(sql)).rows as unknown as { k: string; file: string | null; original: string }[];
    return rows.map((r) => ({
      reason: r.file ? `duplicate transaction_id ${r.k}: first landed in ${r.file}` : `duplicate transaction_id ${r.k}: an earlier record of this backfill's input was kept`,
      original: JSON.stringify(JSON.parse(r.original, (key, v: unknown) => (key === '__row' || key === '__copy' ? undefined : v))),
    }));
  }

  /** After the swap: the batch's keys per partition go into the key index, so the stream finds them. */
  async recordKeys(engine: LocalEngine, store: ObjectStore, tablesPrefix: string, now: Date): Promise<number> {
    const k = this.keyed.column;
    const p = this.keyed.partition;
    const rows = (await engine.query(`SELECT ${p} AS p, list(DISTINCT ${k} ORDER BY ${k}) AS ids FROM ${this.keyed.table.name}__files WHERE file LIKE '%/batch-%' GROUP BY 1 ORDER BY 1`)).rows as unknown as { p: string; ids: string[] }[];
    for (const r of rows) {
      await store.put(keyFileKey(tablesPrefix, this.keyed, r.p, BATCH_KEY_IDENTITY, now.getTime()), JSON.stringify({ source: 'the backfill (batch files)', ids: r.ids }), { contentType: 'application/json' });
    }
    return rows.length;
  }
}
