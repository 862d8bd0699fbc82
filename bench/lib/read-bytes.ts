import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Manifest, TableEntry } from '../../src/manifest/manifest.js';
import type { QueryParams, Row } from '../../src/engines/engine.js';

/** What one query read from the file system, by DuckDB's own account. */
export interface ReadBytes {
  /** Σ bytes of every READ operation: footers, column chunks, JSON text — what Athena would scan. */
  readonly bytesRead: number;
  readonly reads: number;
  /** Distinct files opened or read. */
  readonly fileCount: number;
  /** Those files, when asked for (`listFiles`). */
  readonly files?: readonly string[];
}

/** The parts of an engine {@link measureReadBytes} needs; both the LocalEngine and `PlainDuckDb` fit. */
export interface SqlRunner {
  query(sql: string, params?: QueryParams): Promise<readonly Row[] | { readonly rows: readonly Row[] }>;
}

const rowsOf = (r: readonly Row[] | { readonly rows: readonly Row[] }): readonly Row[] => ('rows' in r ? r.rows : r);

// DuckDB logs each file-system operation as JSON text, e.g.
// {"fs":"LocalFileSystem","path":"/x.parquet","op":"READ","bytes":"349","pos":"1233057"}.
// Aggregated in SQL: a million-file JSON scan logs millions of operations.
const FS_LOG = `(SELECT json_extract_string(message, '$.op') AS op, json_extract_string(message, '$.path') AS path,
  TRY_CAST(json_extract_string(message, '$.bytes') AS BIGINT) AS bytes FROM duckdb_logs WHERE type = 'FileSystem') AS fs`;

/**
 * Runs one query with DuckDB's `FileSystem` logging on and returns the bytes it read, by DuckDB's
 * own account (EXPLAIN ANALYZE's `total_bytes_read` counts only database-file I/O, 0 for Parquet).
 * DuckDB's external file cache is switched off meanwhile, or a repeated query would read nothing
 * and look free. The runner must be the only user of its DuckDB instance meanwhile (logs are global).
 */
export async function measureReadBytes(db: SqlRunner, sql: string, params?: QueryParams, options: { readonly listFiles?: boolean } = {}): Promise<ReadBytes> {
  await db.query('SET GLOBAL enable_external_file_cache = false');
  await db.query("CALL enable_logging('FileSystem')");
  try {
    await db.query('CALL truncate_duckdb_logs()');
    await db.query(sql, params);
    await db.query('CALL disable_logging()');
    const totals = rowsOf(
      await db.query(
        `SELECT coalesce(sum(bytes) FILTER (WHERE op = 'READ'), 0) AS bytes, count(*) FILTER (WHERE op = 'READ') AS reads, ` +
          `count(DISTINCT path) FILTER (WHERE op IN ('READ', 'OPEN')) AS files FROM ${FS_LOG}`,
      ),
    )[0];
    const files = options.listFiles
      ? rowsOf(await db.query(`SELECT DISTINCT path FROM ${FS_LOG} WHERE op IN ('READ', 'OPEN') ORDER BY path`)).map((r) => String(r.path))
      : undefined;
    return { bytesRead: Number(totals?.bytes ?? 0), reads: Number(totals?.reads ?? 0), fileCount: Number(totals?.files ?? 0), ...(files ? { files } : {}) };
  } finally {
    await db.query('CALL disable_logging()');
    await db.query('CALL truncate_duckdb_logs()');
    await db.query('RESET GLOBAL enable_external_file_cache');
  }
}

/** Σ sizes of whole files: what a reader that cannot skip inside a file must read. */
export async function sumFileSizes(files: Iterable<string>): Promise<number> {
  let total = 0;
  for (const f of files) total += (await stat(f)).size;
  return total;
}

/**
 * The files a query of `view` for one day must open after partition pruning: every file of the
 * tables it reads that are unpartitioned, and the day's `dt=` folder of the partitioned ones.
 */
export async function prunedFiles(lakeDir: string, manifest: Manifest, view: string, day: string): Promise<string[]> {
  const model = manifest.models.find((m) => m.name === view);
  if (model === undefined) throw new Error(`no model ${view} in the manifest`);
  const tables = manifest.models.filter((m): m is TableEntry => m.kind === 'table' && model.dependsOn.includes(m.name));
  const files: string[] = [];
  for (const t of tables) {
    const dir = path.join(lakeDir, t.location, t.partitionedBy.length > 0 ? `dt=${day}` : '');
    const names = await readdir(dir).catch(() => [] as string[]);
    files.push(...names.filter((f) => f.endsWith('.parquet')).map((f) => path.join(dir, f)));
  }
  return files.sort();
}
