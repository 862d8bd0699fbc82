/** Calendar days in UTC, as `YYYY-MM-DD`, for the history generator. */

/** Parses `YYYY-MM-DD` as a UTC midnight; throws `RangeError` for anything else (2024-02-30 too). */
export function parseDate(text: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
  if (date === undefined || formatDate(date) !== text) throw new RangeError(`"${text}" is not a date of the form YYYY-MM-DD`);
  return date;
}

export function formatDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

/** The default end date: the last complete UTC day before `now`. */
export function yesterdayUtc(now: Date): string {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return formatDate(new Date(midnight - 86_400_000));
}
