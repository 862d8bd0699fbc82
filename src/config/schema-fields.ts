import { z } from 'zod';

/**
 * Field builders shared by the config schemas. Their messages are written to follow the key path
 * and the offending value (`infra.glue.numberOfWorkers 1 must be an integer >= 2`), so a schema
 * error reads as a sentence that says what to change.
 */
export function integer(min: number, max?: number, maxNote = ''): z.ZodNumber {
  let s = z
    .number({ error: 'must be a number' })
    .int({ error: `must be an integer >= ${min}` })
    .min(min, { error: `must be an integer >= ${min}` });
  if (max !== undefined) s = s.max(max, { error: `must be <= ${max}${maxNote}` });
  return s;
}

/** A finite number >= 0 (minutes, for instance). */
export function nonNegative(): z.ZodNumber {
  return z.number({ error: 'must be a number >= 0' }).min(0, { error: 'must be a number >= 0' });
}

/** A string matching `pattern`; `what` completes "must be …". */
export function matching(pattern: RegExp, what: string): z.ZodString {
  return z.string({ error: `must be ${what}` }).regex(pattern, { error: `must be ${what}` });
}

/** One of `values`, listed in the message. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T): z.ZodEnum<{ [K in T[number]]: K }> {
  return z.enum(values, { error: `must be one of ${values.join(', ')}` });
}

/** Deep readonly view of a parsed config: nothing downstream mutates it. */
export type DeepReadonly<T> = T extends (infer U)[] ? readonly DeepReadonly<U>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

/**
 * Every problem of a failed parse, one per line: the key path, the value found and what it must
 * be. `file` names the file the value came from, `hint` says where to fix it.
 */
export function formatSchemaError(file: string, error: z.ZodError, input: unknown, hint: string): string {
  const lines = error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((k) => (path ? `${path}.${k}` : k));
      return `${keys.join(', ')}: not a known key (check the spelling; the keys are listed in docs/model-reference.md)`;
    }
    const value = valueAt(input, issue.path);
    if (value === undefined && issue.code === 'invalid_type') return `${path || '(root)'} is required: ${issue.message}`;
    return `${path || '(root)'} ${JSON.stringify(value)} ${issue.message}`;
  });
  return `${file} is invalid:\n${lines.map((l) => `  - ${l}`).join('\n')}\n${hint}`;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}
