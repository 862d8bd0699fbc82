// "Did you mean …?" for a name nobody declared: unknown refs, unknown selectors.

/** ` (did you mean "x" or "y"?)`, or '' when no known name is within two edits. */
export function suggest(name: string, known: readonly string[]): string {
  const close = known.filter((k) => levenshtein(k, name) <= 2);
  return close.length > 0 ? ` (did you mean ${close.map((c) => `"${c}"`).join(' or ')}?)` : '';
}

export function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length]!;
}
