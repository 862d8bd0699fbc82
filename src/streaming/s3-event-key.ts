/**
 * S3 event keys are URL-encoded with `+` for a space (AWS docs, "Event message structure");
 * decodeURIComponent alone would keep the `+`. Throws URIError on a malformed escape; use
 * {@link checkS3EventKey} on keys that come from outside.
 */
export function decodeS3EventKey(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}

/** The inverse, as S3 writes keys into event records. */
export function encodeS3EventKey(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');
}

/**
 * Decodes an event key, or says why it cannot be an object key: a malformed `%` escape, escapes
 * that are not UTF-8, an empty key, or more than `maxBytes` UTF-8 bytes (S3's limit is 1,024).
 * Never throws: a Lambda that throws on an event is retried on it forever.
 */
export function checkS3EventKey(raw: string, maxBytes: number): { readonly key: string } | { readonly reason: string } {
  let key: string;
  try {
    key = decodeS3EventKey(raw);
  } catch {
    return { reason: `the event key is not a valid URL-encoded UTF-8 key (malformed % escape): ${preview(raw)}` };
  }
  if (key.length === 0) return { reason: 'the event key is empty' };
  const bytes = Buffer.byteLength(key, 'utf8');
  if (bytes > maxBytes) return { reason: `the event key is ${bytes} bytes long, more than the ${maxBytes} bytes S3 allows: ${preview(key)}` };
  return { key };
}

/** Enough of a key to recognise it in a reason, not the whole (possibly huge) thing. */
function preview(text: string): string {
  return JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}…` : text);
}
