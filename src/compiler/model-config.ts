import { z } from 'zod';

/**
 * What `{{config …}}` accepts, one zod schema per model kind: the one place that says each key's
 * type, default and meaning. The parser checks a model against it (errors name the key and what
 * to write instead) and `npm run docs:reference` lists it in docs/model-reference.md.
 */
export const MATERIALIZATIONS = ['source', 'table', 'view', 'mart'] as const;
export type Materialization = (typeof MATERIALIZATIONS)[number];

/**
 * Older spellings a model may still use, and the kind each stands for. `ctas` (CREATE TABLE AS
 * SELECT) was the first name of the mart; it keeps working so existing models need not change.
 */
export const MATERIALIZATION_ALIASES: Readonly<Record<string, Materialization>> = { ctas: 'mart' };

const IDENT = /^[a-z_][a-z0-9_]*$/;
const identifier = (what: string) =>
  z
    .string()
    .regex(IDENT, { error: `is not valid (expected a lowercase identifier, ${IDENT})` })
    .describe(what);
const description = z.string().default('').describe('What the model holds; shown in the Glue catalog, the docs and `--help` listings.');
const compression = z.enum(['snappy', 'zstd', 'gzip']).default('snappy').describe('Parquet compression codec of the files written.');
const tags = z
  .string()
  .regex(/^[a-z0-9_-]+(,[a-z0-9_-]+)*$/, { error: 'is not valid (expected comma-separated lowercase tags, e.g. tags="daily,finance")' })
  .describe('Comma-separated tags, e.g. `daily,finance`: what `--select tag:daily` matches.')
  .optional();

/** A freshness threshold: `30 minutes`, `2 hours`, `1 day` (src/freshness/freshness-rule.ts reads it). */
const DURATION = /^[1-9][0-9]* (minute|hour|day)s?$/;
const duration = (what: string) =>
  z.string().regex(DURATION, { error: 'is not valid (expected a duration such as "30 minutes", "2 hours" or "1 day")' }).describe(what).optional();
/** Freshness thresholds on a timestamp column, for sources and tables (`npm run freshness`, the dashboard). */
const freshness = {
  loaded_at_field: identifier(
    'Timestamp column whose newest value says how fresh the model is (on a source, a string column holding one). Needs `warn_after` and/or `error_after`.',
  ).optional(),
  warn_after: duration('`npm run freshness` warns when the newest `loaded_at_field` is older than this, e.g. `30 minutes`.'),
  error_after: duration('`npm run freshness` fails (exit 1) when the newest `loaded_at_field` is older than this, e.g. `2 hours`; longer than `warn_after`.'),
  freshness_by: identifier('Column to judge freshness per value of (e.g. `store_id`: one verdict per store) instead of once for the whole model.').optional(),
};

export const MODEL_CONFIG_SCHEMAS = {
  source: z.strictObject({
    materialized: z.literal('source'),
    description,
    tags,
    format: z.enum(['jsonl']).default('jsonl').describe('File format of the raw input (JSON Lines).'),
    location: z
      .string()
      .regex(/^[a-z0-9_\-/]+\/$/, { error: 'is not valid (expected a key prefix of the lake ending with "/", e.g. raw/transactions/)' })
      .describe('Key prefix of the raw files in the lake, e.g. `raw/transactions/`.'),
    ...freshness,
  }),
  table: z.strictObject({
    materialized: z.literal('table'),
    description,
    tags,
    partitioned_by: identifier('Partition column (Hive-style `dt=…` folders); must be the last column of the SELECT, a varchar `yyyy-MM-dd`.').optional(),
    compression,
    ...freshness,
  }),
  view: z.strictObject({
    materialized: z.literal('view'),
    description,
    tags,
  }),
  mart: z.strictObject({
    materialized: z.literal('mart'),
    description,
    tags,
    partitioned_by: identifier('Partition column of the materialized table; the refresh rewrites whole partitions.'),
    incremental_key: identifier('The partition column the incremental refresh windows on. Default: `partitioned_by`.').optional(),
    compression,
  }),
} as const satisfies Record<Materialization, z.ZodType>;

/** One sentence per kind, for the reference docs. */
export const MATERIALIZATION_DOCS: Readonly<Record<Materialization, string>> = {
  source: 'Raw input as it lands in the lake (JSON Lines), declared once so every engine reads it the same way. Folder `models/sources/`.',
  table:
    'A Parquet table in the lake, filled from one source by the declared `SELECT CAST(…)` mapping (batch job, Lambda and renderers share it). Folder `models/tables/`.',
  view: 'An analyst view, written in Athena (Trino) SQL over other models with `{{ref}}`. Folder `models/views/`.',
  mart: 'A table materialized by CREATE TABLE AS SELECT over other models, refreshed incrementally by partition. Folder `models/marts/`.',
};

export type ModelConfig = { [K in Materialization]: Readonly<z.output<(typeof MODEL_CONFIG_SCHEMAS)[K]>> }[Materialization];
export type ConfigValue = string | number | boolean;

/**
 * Checks a `{{config}}` hash against its kind's schema and fills the defaults. Returns the typed
 * config, or the problems (one sentence each, saying what to write instead).
 */
export function parseModelConfig(hash: Readonly<Record<string, ConfigValue>>): { config: ModelConfig } | { errors: string[] } {
  const given = hash.materialized;
  const m = typeof given === 'string' ? (MATERIALIZATION_ALIASES[given] ?? given) : given;
  if (typeof m !== 'string' || !(MATERIALIZATIONS as readonly string[]).includes(m)) {
    const aliases = Object.entries(MATERIALIZATION_ALIASES).map(([a, k]) => `"${a}" for "${k}"`);
    return {
      errors: [`config materialized=${JSON.stringify(given)} is not one of ${MATERIALIZATIONS.map((x) => `"${x}"`).join(', ')} (alias: ${aliases.join(', ')})`],
    };
  }
  const kind = m as Materialization;
  const schema = MODEL_CONFIG_SCHEMAS[kind];
  const parsed = schema.safeParse({ ...hash, materialized: kind });
  if (parsed.success) return { config: parsed.data as ModelConfig };
  const allowed = Object.keys(schema.shape).join(', ');
  return {
    errors: parsed.error.issues.flatMap((issue): string[] => {
      const key = String(issue.path[0] ?? '');
      const value = JSON.stringify(hash[key]);
      switch (issue.code) {
        case 'unrecognized_keys':
          return issue.keys.map((k) => `unknown config key "${k}" for a ${kind} (allowed: ${allowed})`);
        case 'invalid_value':
          return [`config ${key}=${value} is not one of ${issue.values.map((v) => `"${String(v)}"`).join(', ')}`];
        case 'invalid_type':
          return [hash[key] === undefined ? `a ${kind} needs config ${key}="…"` : `config ${key}=${value} must be a ${issue.expected}, e.g. ${key}="…"`];
        default:
          return [`config ${key}=${value} ${issue.message}`];
      }
    }),
  };
}
