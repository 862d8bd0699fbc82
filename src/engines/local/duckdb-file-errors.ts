/** DuckDB's words for files that are not where a statement expected them, which the local engine recovers from. */

/**
 * A glob that matched nothing: an object's files may all go again (the ingest's per-batch replace
 * lists exist only while a batch commits), and DuckDB refuses an empty glob where Athena reads 0 rows.
 */
export const NO_FILES = /No files found that match the pattern/;

/** A file listed a moment before was deleted (compaction removes replaced files after their grace period). */
export const VANISHED_FILE = /Cannot open file .*No such file or directory/;
