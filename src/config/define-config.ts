import type { z } from 'zod';
import { projectConfigSchema } from './project-config-schema.js';
import { formatSchemaError, type DeepReadonly } from './schema-fields.js';

export { INGEST_DEFAULTS } from './project-config-schema.js';
export { COMPACTION_DEFAULTS, INFRA_DEFAULTS, INGEST_MEMORY_MIB_DEFAULT } from './infra-config-schema.js';

/**
 * The project configuration: one typed object, read by the compiler, the CLI, the Lambda
 * bundle, the Glue job renderer and the CDK app, so they never disagree on a name or a prefix.
 * Its keys, types, defaults and descriptions are the zod schema's (src/config/project-config-schema.ts,
 * listed in docs/model-reference.md).
 */
export type ProjectConfig = DeepReadonly<z.output<typeof projectConfigSchema>>;
/** A partial configuration: every field has a default. */
export type ProjectConfigInput = z.input<typeof projectConfigSchema>;

export const CONFIG_FILE = 'dbt-like.config.ts';

/** Fills in the defaults and checks the values; throws with every problem listed by key path. */
export function defineConfig(input: ProjectConfigInput = {}): ProjectConfig {
  const parsed = projectConfigSchema.safeParse(input);
  if (!parsed.success) {
    throw new Error(
      formatSchemaError(CONFIG_FILE, parsed.error, input, `Fix these keys in ${CONFIG_FILE}; every key, its type and default: docs/model-reference.md.`),
    );
  }
  return deepFreeze(parsed.data);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
