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
    /** The rule, for the `batch_transform` statements of the source's tables. */
    readonly keyRule: KeyedTable,
    private readonly source: SourceEntry,
    private readonly renderer: LakeRenderer,
    private readonly screenedDir: string | undefined,
  ) {}

  /**
   * `screenedDir` holds the records the batch's rules accepted (src/batch/screen-raw-records.ts),
   * read instead of the source, so a rejected record is never cast here.
   */
  static create(manifest: Manifest, config: ProjectConfig, source: SourceEntry, screenedDir?: string): BatchKeyFilter | undefined {
    const tables = manifest.models.filter((m): m is TableEntry => m.kind === 'table' && m.mapping.source === `${source.sourceName}.${source.sourceTable}`);
    const keyed = keyedTable(tables);
    if (!keyed || keyed.table.mapping.unnest) return undefined;
    return new BatchKeyFilter(keyed, source, duckdbRenderer(config), screenedDir);
  }

  /** The records kept out, each with its reason, in a stable order. */
  async dropped(engine: LocalEngine): Promise<{ reason: string; original: string }[]> {
    const sql = this.renderer.sql({
      kind: 'key_rule_dropped',
      source: this.source,
      keyRule: this.keyRule,
      ...(this.screenedDir === undefined ? {} : { screenedDir: this.screenedDir }),
    });
    const rows = (await engine.query(sql)).rows as unknown as { k: string; file: string | null; original: string }[];
    return rows.map((r) => ({
      reason: r.file
        ? `duplicate transaction_id ${r.k}: first landed in ${r.file}`
        : `duplicate transaction_id ${r.k}: an earlier record of this backfill's input was kept`,
      original: JSON.stringify(JSON.parse(r.original, (key, v: unknown) => (key === '__row' || key === '__copy' ? undefined : v))),
    }));
  }

  /** After the swap: the batch's keys per partition go into the key index, so the stream finds them. */
  async recordKeys(engine: LocalEngine, store: ObjectStore, tablesPrefix: string, now: Date): Promise<number> {
    const rows = (await engine.query(this.renderer.sql({ kind: 'batch_keys', keyRule: this.keyRule }))).rows as unknown as { p: string; ids: string[] }[];
    for (const r of rows) {
      await store.put(
        keyFileKey(tablesPrefix, this.keyRule, r.p, BATCH_KEY_IDENTITY, now.getTime()),
        JSON.stringify({ source: 'the backfill (batch files)', ids: r.ids }),
        { contentType: 'application/json' },
      );
    }
    return rows.length;
  }
}
