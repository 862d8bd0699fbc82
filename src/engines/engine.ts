import type { Column } from '../manifest/manifest.js';

export type TargetName = 'local' | 'trino' | 'athena';

/** A scalar as engines return it: numbers stay exact as strings when they could lose precision (DECIMAL, BIGINT). */
export type Cell = string | number | boolean | null;
export type Row = Readonly<Record<string, Cell>>;

export interface QueryResult {
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly rows: readonly Row[];
}

/** Positional parameters: `?` on Athena (ExecutionParameters), `$1…` on DuckDB. */
export type QueryParams = readonly (string | number)[];

/**
 * A query engine over the lake plus its catalog. `local` is DuckDB over a folder; `athena` is
 * Athena over S3 with the Glue Data Catalog.
 */
export interface Engine {
  readonly target: TargetName;
  /** Runs one statement and returns all of its rows. */
  query(sql: string, params?: QueryParams): Promise<QueryResult>;
  /** Runs one statement and yields its rows as they arrive (pages on Athena, chunks on DuckDB). */
  stream(sql: string, params?: QueryParams): AsyncIterable<Row>;
  /** What exists now, in the terms migrate diffs against. */
  readCatalog(): Promise<CatalogSnapshot>;
  close(): Promise<void>;
}

/** The catalog, dialect-neutral: one entry per table or view in the project's database. */
export interface CatalogSnapshot {
  /** False when the database itself does not exist yet (migrate then creates it first). */
  readonly databaseExists: boolean;
  readonly objects: ReadonlyMap<string, CatalogObject>;
}

export type CatalogObject = CatalogTable | CatalogView;

export interface CatalogTable {
  readonly kind: 'table';
  readonly name: string;
  readonly columns: readonly Column[];
  readonly partitionKeys: readonly Column[];
  /** Key prefix in the lake (`tables/transactions/`), without the bucket. */
  readonly location: string;
  /** Table properties (TBLPROPERTIES), as the catalog stores them. */
  readonly properties: Readonly<Record<string, string>>;
  /**
   * Set when a column type could not be read (a type no Athena table has, e.g. Hive `uniontype`):
   * why, naming the column. Such a table is still listed — one odd table in the database must not
   * stop migrate — and the planner recreates it only when it is one of ours.
   */
  readonly unreadable?: string;
}

export interface CatalogView {
  readonly kind: 'view';
  readonly name: string;
  /** The view's query text as stored. */
  readonly sql: string;
  /**
   * Hash of the SQL the view was created from, where the catalog keeps one (in the view's comment
   * on Trino and Athena, which store the text re-formatted): compared instead of the text.
   */
  readonly sqlHash?: string;
}

/** A statement failed on the engine; `reason` is the engine's own words (Athena's StateChangeReason, DuckDB's message). */
export class QueryFailedError extends Error {
  constructor(
    readonly reason: string,
    readonly sql: string,
    readonly state: 'FAILED' | 'CANCELLED' = 'FAILED',
    readonly queryId?: string,
  ) {
    super(`query ${state.toLowerCase()}${queryId ? ` (${queryId})` : ''}: ${reason}`);
    this.name = 'QueryFailedError';
  }
}
