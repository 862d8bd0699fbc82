import type { z } from 'zod';
import type { SqlType } from '../compiler/sql-type.js';
import type { DeepReadonly } from '../config/schema-fields.js';
import { formatSchemaError } from '../config/schema-fields.js';
import {
  martEntrySchema,
  manifestSchema,
  sourceEntrySchema,
  tableEntrySchema,
  viewEntrySchema,
  type modelEntrySchema,
  upgradeManifestJson,
} from './manifest-schema.js';

/**
 * The compiled project: what the CLI, the engines, the streaming Lambda, the Glue job renderer and
 * the CDK app read. Versioned so a reader can refuse a manifest it does not understand. The types
 * are inferred from the zod schemas of ./manifest-schema.ts (field comments there).
 */
export { MANIFEST_VERSION } from './manifest-schema.js';

type Out<S extends z.ZodType> = DeepReadonly<z.output<S>>;

export type Manifest = Out<typeof manifestSchema>;
export type DatetimeWindowConfig = NonNullable<Manifest['datetimeWindow']>;
export type ModelEntry = Out<typeof modelEntrySchema>;
/** Raw input as it lands in the lake (JSON Lines), declared so that every engine reads it the same way. */
export type SourceEntry = Out<typeof sourceEntrySchema>;
/** A Parquet table in the lake, filled from a source by the declared mapping. */
export type TableEntry = Out<typeof tableEntrySchema>;
/** An analyst view, written in Athena (Trino) SQL. */
export type ViewEntry = Out<typeof viewEntrySchema>;
/** A mart (`materialized="mart"`, models/marts/): CREATE TABLE AS SELECT, refreshed incrementally by partition. */
export type MartEntry = Out<typeof martEntrySchema>;
export type DataTest = ModelEntry['tests'][number];
/**
 * How old the newest row may get (`loaded_at_field`, `warn_after`, `error_after`, `freshness_by`
 * in `{{config}}`), checked by `npm run freshness` and the dashboard.
 */
export type FreshnessRule = NonNullable<SourceEntry['freshness']>;
/**
 * The raw→table mapping: `SELECT CAST(<field> AS <type>) AS <column> … FROM <source> [CROSS JOIN
 * UNNEST(<array>)]`, parsed from the model so that the Glue job, the local batch and the Lambda
 * all derive from the one declaration.
 */
export type RawMapping = TableEntry['mapping'];
export type MappedColumn = RawMapping['columns'][number];

export interface Column {
  readonly name: string;
  readonly type: SqlType;
}

/** Recursive, so written by hand; `mappingExprSchema` is checked against it. */
export type MappingExpr =
  { readonly kind: 'field'; readonly alias: string; readonly field: string } | { readonly kind: 'cast'; readonly expr: MappingExpr; readonly type: SqlType };

/**
 * Parses a manifest read from a file (or bundled into a Lambda): the manifest, or an error naming
 * `file`, each key path at fault, and how to rebuild it.
 */
export function parseManifest(json: unknown, file: string): Manifest {
  const upgraded = upgradeManifestJson(json);
  const parsed = manifestSchema.safeParse(upgraded);
  if (!parsed.success) {
    throw new Error(
      formatSchemaError(file, parsed.error, upgraded, 'Rebuild it from the models with `npm run build:models` (and redeploy a Lambda that bundles it).'),
    );
  }
  return parsed.data as Manifest;
}

/** {@link parseManifest} of a file's text: text that is not JSON is an error naming the file too. */
export function parseManifestText(text: string, file: string): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file} is not JSON (${(e as Error).message}). Rebuild it from the models with \`npm run build:models\`.`);
  }
  return parseManifest(json, file);
}
