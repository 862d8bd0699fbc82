/**
 * What `{{config …}}` accepts, per materialization. Data: the parser checks against it and the
 * error message lists the allowed keys and values.
 */
export const MATERIALIZATIONS = ['source', 'table', 'view', 'ctas'] as const;
export type Materialization = (typeof MATERIALIZATIONS)[number];

interface KeySpec {
  readonly values?: readonly string[];
  /** A value must look like this (identifier, key prefix…). */
  readonly pattern?: RegExp;
  readonly required?: boolean;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;
/** `tags="daily,finance"`: what `--select tag:x` matches. */
const TAGS: KeySpec = { pattern: /^[a-z0-9_-]+(,[a-z0-9_-]+)*$/ };

export const CONFIG_KEYS: Readonly<Record<Materialization, Readonly<Record<string, KeySpec>>>> = {
  source: {
    description: {},
    tags: TAGS,
    format: { values: ['jsonl'] },
    location: { pattern: /^[a-z0-9_\-/]+\/$/, required: true },
  },
  table: {
    description: {},
    tags: TAGS,
    partitioned_by: { pattern: IDENT },
    compression: { values: ['snappy', 'zstd', 'gzip'] },
  },
  view: {
    description: {},
    tags: TAGS,
  },
  ctas: {
    description: {},
    tags: TAGS,
    partitioned_by: { pattern: IDENT, required: true },
    incremental_key: { pattern: IDENT },
    compression: { values: ['snappy', 'zstd', 'gzip'] },
  },
};

export type ConfigValue = string | number | boolean;
export type ModelConfig = Readonly<Record<string, ConfigValue>> & { readonly materialized: Materialization };

/** Checks a `{{config}}` hash; returns error messages (empty when valid). */
export function checkConfig(hash: Readonly<Record<string, ConfigValue>>): string[] {
  const errors: string[] = [];
  const m = hash.materialized;
  if (typeof m !== 'string' || !(MATERIALIZATIONS as readonly string[]).includes(m)) {
    errors.push(`config materialized=${JSON.stringify(m)} is not one of ${MATERIALIZATIONS.map((x) => `"${x}"`).join(', ')}`);
    return errors;
  }
  const keys = CONFIG_KEYS[m as Materialization];
  for (const [key, value] of Object.entries(hash)) {
    if (key === 'materialized') continue;
    const spec = keys[key];
    if (!spec) {
      const allowed = Object.keys(keys).join(', ');
      errors.push(`unknown config key "${key}" for a ${m} (allowed: materialized, ${allowed})`);
      continue;
    }
    if (spec.values && !spec.values.includes(String(value))) {
      errors.push(`config ${key}=${JSON.stringify(value)} is not one of ${spec.values.map((v) => `"${v}"`).join(', ')}`);
    }
    if (spec.pattern && !spec.pattern.test(String(value))) {
      errors.push(`config ${key}=${JSON.stringify(value)} is not valid (expected ${spec.pattern})`);
    }
  }
  for (const [key, spec] of Object.entries(keys)) {
    if (spec.required && hash[key] === undefined) errors.push(`a ${m} needs config ${key}="…"`);
  }
  return errors;
}
