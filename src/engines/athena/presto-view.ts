/**
 * Athena stores a view in the Glue Data Catalog as a table of type VIRTUAL_VIEW whose
 * ViewOriginalText is `/* Presto View: <base64 JSON> *\/`; the JSON carries the view's SQL as
 * written (`originalSql`), its catalog, schema and output columns.
 */

/** The JSON inside a Presto view's ViewOriginalText (fields Athena writes; others are kept). */
export interface PrestoViewDefinition {
  readonly originalSql: string;
  readonly catalog?: string;
  readonly schema?: string;
  readonly columns?: readonly { readonly name: string; readonly type: string }[];
  readonly owner?: string;
  readonly runAsInvoker?: boolean;
}

const PRESTO_VIEW = /^\s*\/\*\s*Presto View:\s*([A-Za-z0-9+/=\s]+?)\s*\*\/\s*$/;

/** Decodes ViewOriginalText; undefined when it is not a Presto view (a Spark or Hive view, say). */
export function decodePrestoView(viewOriginalText: string): PrestoViewDefinition | undefined {
  const match = PRESTO_VIEW.exec(viewOriginalText);
  if (!match?.[1]) return undefined;
  try {
    const json: unknown = JSON.parse(Buffer.from(match[1], 'base64').toString('utf8'));
    if (typeof json !== 'object' || json === null) return undefined;
    const originalSql = (json as { originalSql?: unknown }).originalSql;
    if (typeof originalSql !== 'string') return undefined;
    return json as PrestoViewDefinition;
  } catch {
    return undefined;
  }
}

/** The inverse of {@link decodePrestoView}: what Athena writes for a view. */
export function encodePrestoView(definition: PrestoViewDefinition): string {
  return `/* Presto View: ${Buffer.from(JSON.stringify(definition), 'utf8').toString('base64')} */`;
}
