import { createHash } from 'node:crypto';
import { hiddenLocation } from '../../compiler/table-objects.js';
import type { MartEntry, TableEntry } from '../../manifest/manifest.js';

/**
 * The parameters Glue keeps for each table (what `ALTER TABLE … SET TBLPROPERTIES` sets and migrate
 * diffs), as data. `url` turns a lake prefix into the location the engine reads (`s3://<bucket>/…`
 * on Athena, `local:///…` on Trino over the lake folder).
 */
export type LakeUrl = (prefix: string) => string;

/** How a view's comment carries the hash of its query (read back by the Trino and Athena catalog readers). */
export const VIEW_HASH_PREFIX = 'model.sql_sha256=';

/** Table parameter holding a hash of a mart's query, so migrate can tell when its definition changed. */
export const MART_HASH_PROPERTY = 'model.sql_sha256';

/** The hash migrate compares for views and marts. */
export function sqlHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The raw JSON sources' SerDe parameters: a malformed line reads as NULLs instead of failing the query. */
export const SOURCE_SERDE_PROPERTIES: Readonly<Record<string, string>> = { 'ignore.malformed.json': 'true' };

/** Table parameters of a raw JSON source, as Glue holds them. */
export const SOURCE_TABLE_PROPERTIES: Readonly<Record<string, string>> = { classification: 'json' };

/** Partition projection properties for a `dt`-style partition under `location`. */
function projectionProperties(t: TableEntry, location: string, url: LakeUrl): [string, string][] {
  const p = t.projection;
  if (!p) return [];
  return [
    ['projection.enabled', 'true'],
    [`projection.${p.column}.type`, p.type],
    [`projection.${p.column}.format`, p.format],
    [`projection.${p.column}.range`, `${p.rangeStart},${p.rangeEnd}`],
    [`projection.${p.column}.interval`, String(p.interval)],
    [`projection.${p.column}.interval.unit`, p.unit],
    ['storage.location.template', `${url(location)}${t.partitionedBy.map((c) => `${c.name}=\${${c.name}}`).join('/')}/`],
  ];
}

/** A table's parameters: its compression and partition projection. */
export function tableProperties(t: TableEntry, url: LakeUrl): Record<string, string> {
  return Object.fromEntries([['parquet.compression', t.compression.toUpperCase()], ...projectionProperties(t, t.location, url)]);
}

/** Table parameters of a hidden list: JSON, projected like its table. */
export function hiddenListProperties(t: TableEntry, tablesPrefix: string, url: LakeUrl): Record<string, string> {
  return Object.fromEntries([['classification', 'json'], ...projectionProperties(t, hiddenLocation(t, tablesPrefix), url)]);
}

/** A mart's table parameters: its compression and the hash of its query (migrate rebuilds it when that changes). */
export function martProperties(c: MartEntry): Record<string, string> {
  return { 'parquet.compression': c.compression.toUpperCase(), [MART_HASH_PROPERTY]: sqlHash(c.sql.trino) };
}
