import { z } from 'zod';
import type { SqlType } from '../compiler/sql-type.js';
import type { MappingExpr } from './manifest.js';

/**
 * The manifest as zod schemas: the types of src/manifest/manifest.ts are inferred from these, and
 * every reader of a manifest file (the Lambdas' bundled copy, tests, tools) parses it instead of
 * casting, so a stale or hand-edited manifest fails with the key path at fault.
 */
export const MANIFEST_VERSION = 2 as const;

const SCALARS = ['varchar', 'tinyint', 'smallint', 'integer', 'bigint', 'real', 'double', 'boolean', 'varbinary', 'date', 'timestamp'] as const;

// Recursive types keep their hand-written TS form (src/compiler/sql-type.ts); the annotation makes
// the compiler check that the schema accepts exactly that shape.
export const sqlTypeSchema: z.ZodType<SqlType> = z.lazy(() =>
  z.union([
    z.strictObject({ kind: z.enum(SCALARS) }),
    z.strictObject({ kind: z.literal('decimal'), precision: z.number().int(), scale: z.number().int() }),
    z.strictObject({ kind: z.literal('char'), length: z.number().int() }),
    z.strictObject({ kind: z.literal('array'), element: sqlTypeSchema }),
    z.strictObject({ kind: z.literal('map'), key: sqlTypeSchema, value: sqlTypeSchema }),
    z.strictObject({ kind: z.literal('struct'), fields: z.array(z.strictObject({ name: z.string(), type: sqlTypeSchema })) }),
  ]),
);

const mappingExprSchema: z.ZodType<MappingExpr> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('field'), alias: z.string(), field: z.string() }),
    z.strictObject({ kind: z.literal('cast'), expr: mappingExprSchema, type: sqlTypeSchema }),
  ]),
);

const columnSchema = z.strictObject({ name: z.string(), type: sqlTypeSchema });
const compressionSchema = z.enum(['snappy', 'zstd', 'gzip']);
/** A SELECT body as each SQL engine runs it. */
const dialectSqlSchema = z.strictObject({ trino: z.string(), duckdb: z.string() });

const dataTestSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('not_null'), column: z.string() }),
  z.strictObject({ kind: z.literal('unique'), column: z.string() }),
  z.strictObject({ kind: z.literal('relationship'), column: z.string(), toModel: z.string(), toColumn: z.string() }),
  z.strictObject({ kind: z.literal('accepted_range'), column: z.string(), min: z.number().optional(), max: z.number().optional() }),
]);

/** See FreshnessRule in ./manifest.ts. */
const freshnessRuleSchema = z.strictObject({
  /** A timestamp column (on a source, a string column holding one). */
  column: z.string(),
  /** One verdict per value of this column (e.g. per store) instead of one for the whole model. */
  groupBy: z.string().optional(),
  warnAfterMinutes: z.number().optional(),
  errorAfterMinutes: z.number().optional(),
});

const baseEntry = {
  /** The model's name: the table or view name in every engine (sources: `pos_transactions`). */
  name: z.string(),
  /** Project-relative path of the model file. */
  path: z.string(),
  description: z.string(),
  /** Names of the models this one reads. */
  dependsOn: z.array(z.string()),
  tests: z.array(dataTestSchema),
  /** `{{config tags="a,b"}}`, what `--select tag:a` matches; absent when the model has none. */
  tags: z.array(z.string()).optional(),
};

const rawMappingSchema = z.strictObject({
  source: z.string(),
  /** Alias of the source row in the model SQL, e.g. `t`. */
  sourceAlias: z.string(),
  /** Present when one table row is made per element of an array field of the source row. */
  unnest: z
    .strictObject({
      field: z.string(),
      alias: z.string(),
      /** Names the model gives to the struct's fields, positionally. */
      columns: z.array(z.string()),
      /** The struct fields they stand for, in the source declaration. */
      structFields: z.array(z.string()),
    })
    .optional(),
  /** One per output column, partition columns included, in SELECT order. */
  columns: z.array(z.strictObject({ name: z.string(), type: sqlTypeSchema, expr: mappingExprSchema })),
});

export const sourceEntrySchema = z.strictObject({
  ...baseEntry,
  kind: z.literal('source'),
  /** `pos.transactions` */
  sourceName: z.string(),
  sourceTable: z.string(),
  format: z.literal('jsonl'),
  /** Key prefix in the lake, e.g. `raw/transactions/`. */
  location: z.string(),
  columns: z.array(columnSchema),
  freshness: freshnessRuleSchema.optional(),
});

export const partitionProjectionSchema = z.strictObject({
  column: z.string(),
  type: z.literal('date'),
  format: z.literal('yyyy-MM-dd'),
  rangeStart: z.string(),
  rangeEnd: z.literal('NOW'),
  interval: z.literal(1),
  unit: z.literal('DAYS'),
});

export const tableEntrySchema = z.strictObject({
  ...baseEntry,
  kind: z.literal('table'),
  /** Key prefix in the lake: `tables/<name>/`. */
  location: z.string(),
  format: z.literal('parquet'),
  compression: compressionSchema,
  /** Data columns, in order (partition columns excluded). */
  columns: z.array(columnSchema),
  /** Partition columns (Hive style `dt=…` folders), in order; empty when unpartitioned. */
  partitionedBy: z.array(columnSchema),
  projection: partitionProjectionSchema.optional(),
  /** How rows are made from the source: read by the batch job, the Lambda and the renderers. */
  mapping: rawMappingSchema,
  freshness: freshnessRuleSchema.optional(),
});

export const viewEntrySchema = z.strictObject({
  ...baseEntry,
  kind: z.literal('view'),
  /** The view body with refs resolved, per dialect (Athena/Trino as written; DuckDB with its helpers), unformatted. */
  sql: dialectSqlSchema,
  /**
   * The view's output columns, as Athena types. Set by the build step (`npm run build:models`,
   * src/engines/local/infer-view-columns.ts); absent in a manifest straight from `compileProject`.
   */
  columns: z.array(columnSchema).optional(),
});

/** A mart (`materialized="mart"`, models/marts/): one name in the config, the manifest and the statements (`create_mart`). */
export const martEntrySchema = z.strictObject({
  ...baseEntry,
  kind: z.literal('mart'),
  location: z.string(),
  format: z.literal('parquet'),
  compression: compressionSchema,
  partitionedBy: z.array(z.string()),
  /** The partition column the incremental refresh windows on. */
  incrementalKey: z.string(),
  sql: dialectSqlSchema,
});

export const modelEntrySchema = z.discriminatedUnion('kind', [sourceEntrySchema, tableEntrySchema, viewEntrySchema, martEntrySchema]);

/**
 * Manifest version 1 named a mart's kind `ctas`; version 2 names it `mart`, as the config does.
 * That is the only difference, so a version-1 file (a Lambda bundle deployed before) is read as
 * version 2 with its marts renamed, rather than refused.
 */
export function upgradeManifestJson(json: unknown): unknown {
  if (typeof json !== 'object' || json === null || (json as { manifestVersion?: unknown }).manifestVersion !== 1) return json;
  const v1 = json as { models?: unknown };
  const models = Array.isArray(v1.models)
    ? v1.models.map((m: unknown) => (typeof m === 'object' && m !== null && (m as { kind?: unknown }).kind === 'ctas' ? { ...m, kind: 'mart' } : m))
    : v1.models;
  return { ...json, manifestVersion: MANIFEST_VERSION, models };
}

export const manifestSchema = z.strictObject({
  manifestVersion: z.literal(MANIFEST_VERSION, { error: `must be ${MANIFEST_VERSION}: rebuild it with \`npm run build:models\`` }),
  project: z.string(),
  database: z.string(),
  /** Lake prefixes, copied from the config so the Lambda needs nothing else. */
  prefixes: z.strictObject({ raw: z.string(), incoming: z.string(), tables: z.string(), rejected: z.string() }),
  /**
   * The accepted datetime window, copied from the config so the Lambda needs nothing else; absent
   * in manifests built before it existed, which then get the config defaults.
   */
  datetimeWindow: z
    .strictObject({
      /** First accepted day, `yyyy-MM-dd` (UTC). */
      notBefore: z.string(),
      /** Datetimes later than now plus this many minutes are rejected. */
      maxFutureSkewMinutes: z.number(),
    })
    .optional(),
  /** Every model in dependency order (a model comes after everything it reads). */
  models: z.array(modelEntrySchema),
});
