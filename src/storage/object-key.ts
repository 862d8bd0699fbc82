/**
 * Object keys arrive from outside (S3 event records, CLI flags), and the local store turns them into
 * file paths, so a key like `../../etc/passwd` must never reach the file system. S3 itself accepts
 * almost anything; these rules are the subset that maps one-to-one onto a folder.
 */

/** File names starting with this are in-flight writes of {@link LocalObjectStore}; never keys. */
export const TEMP_FILE_PREFIX = '.tmp-';

export class InvalidObjectKeyError extends Error {
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`invalid object key ${JSON.stringify(key)}: ${reason}`);
    this.name = 'InvalidObjectKeyError';
  }
}

/**
 * Throws {@link InvalidObjectKeyError} unless `key` is a relative, `/`-separated path with no empty,
 * `.` or `..` segments, no backslashes, no NUL, and no segment starting with {@link TEMP_FILE_PREFIX}.
 */
export function assertValidObjectKey(key: string): void {
  if (key.length === 0) throw new InvalidObjectKeyError(key, 'a key cannot be empty');
  assertSafeSegments(key, key.split('/'));
}

/**
 * Like {@link assertValidObjectKey} for a `list` prefix: the empty prefix is allowed, and so are a
 * trailing `/` and a partial last segment (`raw/tra`).
 */
export function assertValidObjectPrefix(prefix: string): void {
  if (prefix.length === 0) return;
  const segments = prefix.split('/');
  // "raw/" ends in an empty segment, which only means "everything under raw/".
  if (segments[segments.length - 1] === '') segments.pop();
  // A partial last segment may legitimately be "." (prefix of ".hidden"), but never "..".
  const last = segments[segments.length - 1];
  if (last === '.') segments.pop();
  assertSafeSegments(prefix, segments);
}

function assertSafeSegments(key: string, segments: readonly string[]): void {
  if (key.startsWith('/')) throw new InvalidObjectKeyError(key, 'keys are relative; remove the leading "/"');
  if (key.includes('\\')) throw new InvalidObjectKeyError(key, 'backslashes are not allowed; use "/"');
  if (key.includes('\0')) throw new InvalidObjectKeyError(key, 'NUL characters are not allowed');
  for (const segment of segments) {
    if (segment === '') throw new InvalidObjectKeyError(key, 'empty path segment ("//" or trailing "/")');
    if (segment === '.' || segment === '..') {
      throw new InvalidObjectKeyError(key, `"${segment}" path segments are not allowed`);
    }
    if (segment.startsWith(TEMP_FILE_PREFIX)) {
      throw new InvalidObjectKeyError(key, `segments starting with "${TEMP_FILE_PREFIX}" are reserved for in-flight writes`);
    }
  }
}
