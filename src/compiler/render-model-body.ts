import type { QueryDialect } from '../dialects/dialects.js';
import { MODEL_HELPERS } from '../dialects/model-helpers.js';
import type { ParsedModel } from './parse-model.js';
import { SOURCE_PLACEHOLDER } from './parse-table-mapping.js';

// The model template rendered for the compiler's parsers and for each dialect. Shared by the
// compiler and the unit-test runner (which renders a model's body over its given rows), so both
// see the same SQL, with the MODEL_HELPERS registry's rendering.

/** Renders for the structural parsers: config/test vanish (their lines stay), the source becomes a marker. */
export function renderForParse(parsed: ParsedModel): string {
  return parsed.template(
    {},
    {
      helpers: {
        config: () => '',
        test: () => '',
        source: () => SOURCE_PLACEHOLDER,
        ref: (name: string) => name,
        ...modelHelpers('trino'),
      },
    },
  );
}

/** A view or CTAS body for one dialect, with refs resolved; the config and test lines are dropped. */
export function renderBody(parsed: ParsedModel, dialect: QueryDialect, ref: (name: string) => string): string {
  const text = parsed.template({}, { helpers: { config: () => '', test: () => '', ref, source: () => '', ...modelHelpers(dialect) } });
  return text.replace(/^\s*\n/gm, '').trim();
}

function modelHelpers(dialect: QueryDialect): Record<string, (...args: unknown[]) => string> {
  return Object.fromEntries(
    Object.entries(MODEL_HELPERS).map(([name, h]) => [name, (...args: unknown[]) => h.render[dialect](...args.slice(0, h.params.length).map(String))]),
  );
}
