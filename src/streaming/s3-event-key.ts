/**
 * S3 event keys are URL-encoded with `+` for a space (AWS docs, "Event message structure");
 * decodeURIComponent alone would keep the `+`.
 */
export function decodeS3EventKey(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}

/** The inverse, as S3 writes keys into event records. */
export function encodeS3EventKey(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');
}
