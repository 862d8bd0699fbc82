/**
 * The selector grammar of `--select` / `--exclude`, dbt's habits: `name`, `+name` (with everything
 * it reads), `name+` (with everything that reads it), `tag:x`, `path:models/views/…`,
 * `state:modified`. Several selectors separated by spaces (or given as several flags) are a union;
 * selectors joined by commas (`tag:daily,path:models/marts`) are an intersection.
 */
export type SelectorMethod =
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'tag'; readonly tag: string }
  | { readonly kind: 'path'; readonly path: string }
  | { readonly kind: 'state'; readonly state: 'modified' | 'new' };

export interface Selector {
  /** The selector as written, for error messages. */
  readonly text: string;
  readonly method: SelectorMethod;
  readonly upstream: boolean;
  readonly downstream: boolean;
}

/** One comma-joined group: a model is in it when every selector of the group matches it. */
export type Intersection = readonly Selector[];

/** A selection expression: the union of its groups. */
export type SelectionExpr = readonly Intersection[];

export class SelectionError extends Error {
  constructor(message: string) {
    super(message);
    // The CLI reports it as a usage error (exit 2): the command was called with a bad selector.
    this.name = 'UsageError';
  }
}

const STATES = ['modified', 'new'] as const;

/** Parses every `--select` (or `--exclude`) value; each value may hold several space-separated selectors. */
export function parseSelection(values: readonly string[]): SelectionExpr {
  const groups: Intersection[] = [];
  for (const value of values) {
    for (const word of value.split(/\s+/).filter(Boolean)) {
      groups.push(word.split(',').map((part) => parseSelector(part, word)));
    }
  }
  return groups;
}

function parseSelector(text: string, whole: string): Selector {
  if (text === '') throw new SelectionError(`empty selector in "${whole}" (selectors joined by a comma must both be there)`);
  const upstream = text.startsWith('+');
  const downstream = text.endsWith('+') && text.length > 1;
  const body = text.slice(upstream ? 1 : 0, downstream ? -1 : undefined);
  if (body === '' || body.includes('+'))
    throw new SelectionError(`"${text}" is not a selector: write name, +name, name+, tag:x, path:models/… or state:modified`);
  const colon = body.indexOf(':');
  if (colon < 0) return { text, upstream, downstream, method: { kind: 'name', name: body } };
  const method = body.slice(0, colon);
  const arg = body.slice(colon + 1);
  if (arg === '') throw new SelectionError(`"${text}" names no value after "${method}:"`);
  switch (method) {
    case 'tag':
      return { text, upstream, downstream, method: { kind: 'tag', tag: arg } };
    case 'path':
      return { text, upstream, downstream, method: { kind: 'path', path: arg.replace(/^\.\//, '') } };
    case 'state':
      if (!(STATES as readonly string[]).includes(arg)) throw new SelectionError(`"${text}": state selects ${STATES.map((s) => `state:${s}`).join(' or ')}`);
      return { text, upstream, downstream, method: { kind: 'state', state: arg as (typeof STATES)[number] } };
    default:
      throw new SelectionError(`"${text}": unknown selector method "${method}:" (known: tag:, path:, state:)`);
  }
}
