/**
 * Integer cents as a decimal string (`349` → `"3.49"`): prices stay exact from generator to the
 * DECIMAL column, never passing through a binary float.
 */
export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new RangeError(`cents must be a non-negative integer, got ${cents}`);
  const whole = Math.floor(cents / 100);
  const rest = cents % 100;
  return `${whole}.${rest < 10 ? '0' : ''}${rest}`;
}
