import type { Column, TableEntry } from '../manifest/manifest.js';

/**
 * How a partitioned table is laid out in every catalog — the visibility scheme that lets
 * compaction swap many small files for one big file atomically (docs/compaction.md):
 *
 *   <table>__files   every Parquet file under tables/<table>/dt=…/ (the physical table)
 *   <table>__hidden  the files readers must skip, one JSON Lines list per partition,
 *                    under tables/_hidden/<table>/dt=…/
 *   <table>          the view analysts query: __files minus __hidden
 *
 * A single PUT of a partition's hidden list is the commit point that hides the small files and
 * reveals the compacted one together; S3 offers no multi-object rename, but one object is atomic.
 * Unpartitioned tables (dimensions) are never streamed nor compacted and stay a single object.
 */
const FILES_SUFFIX = '__files';
const HIDDEN_SUFFIX = '__hidden';

export function usesVisibilityScheme(t: TableEntry): boolean {
  return t.partitionedBy.length > 0;
}

/** The catalog object holding the table's data files. */
export function filesObject(t: TableEntry): string {
  return usesVisibilityScheme(t) ? `${t.name}${FILES_SUFFIX}` : t.name;
}

export function hiddenObject(t: TableEntry): string {
  return `${t.name}${HIDDEN_SUFFIX}`;
}

/** Key prefix of a table's hidden lists: `tables/_hidden/<table>/`. */
export function hiddenLocation(t: TableEntry, tablesPrefix: string): string {
  return `${tablesPrefix}_hidden/${t.name}/`;
}

/** The key of one partition's hidden list. */
export function hiddenListKey(t: TableEntry, tablesPrefix: string, partitionPath: string): string {
  return `${hiddenLocation(t, tablesPrefix)}${partitionPath}hidden.jsonl`;
}

/** Columns of a hidden list (JSON Lines), besides the partition columns. */
export const HIDDEN_COLUMNS: readonly Column[] = [
  { name: 'file', type: { kind: 'varchar' } },
  { name: 'state', type: { kind: 'varchar' } },
  { name: 'compaction', type: { kind: 'varchar' } },
];
