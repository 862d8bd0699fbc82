/** What every data endpoint is filtered by. Dates are partition values (`dt`), `YYYY-MM-DD`, inclusive. */
export interface Filters {
  readonly from: string;
  readonly to: string;
  /** One store, or all stores when absent. */
  readonly store?: string;
}

/** A request the client can fix: answered with 400 and this message. */
export class BadRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadRequestError';
  }
}

/** Longest range a data endpoint accepts, in days (inclusive of both ends): a year, leap years included. */
export const MAX_RANGE_DAYS = 366;
/** Days covered when `from`/`to` are absent: the last week ending today by the clock. */
export const DEFAULT_RANGE_DAYS = 7;
export const STORE_ID_PATTERN = /^[A-Z0-9_-]{1,32}$/;
export const TOP_SKUS_DEFAULT_LIMIT = 10;
export const TOP_SKUS_MAX_LIMIT = 100;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/**
 * Reads `from`, `to` and `store` from a query string. Both dates absent → the last
 * {@link DEFAULT_RANGE_DAYS} days ending today (UTC) by the clock, so a bare `curl …/api/kpis` works;
 * one of them alone is a mistake, not a half-open range.
 */
export function parseFilters(query: URLSearchParams, clock: () => Date): Filters {
  const rawFrom = query.get('from');
  const rawTo = query.get('to');
  let from: string;
  let to: string;
  if (rawFrom === null && rawTo === null) {
    to = formatDay(clock().getTime());
    from = formatDay(clock().getTime() - (DEFAULT_RANGE_DAYS - 1) * DAY_MS);
  } else {
    if (rawFrom === null || rawTo === null) throw new BadRequestError('give both from and to (YYYY-MM-DD), or neither for the last 7 days');
    from = parseDay('from', rawFrom);
    to = parseDay('to', rawTo);
  }
  if (from > to) throw new BadRequestError(`from (${from}) is after to (${to}): swap them`);
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;
  if (days > MAX_RANGE_DAYS) throw new BadRequestError(`the range ${from}..${to} covers ${days} days; choose at most ${MAX_RANGE_DAYS}`);
  const store = parseStore(query.get('store'));
  return store === undefined ? { from, to } : { from, to, store };
}

/** `store` absent or empty means all stores. */
export function parseStore(raw: string | null): string | undefined {
  if (raw === null || raw === '') return undefined;
  if (!STORE_ID_PATTERN.test(raw))
    throw new BadRequestError(`store must be a store id like STORE0001 (A-Z, 0-9, _ or -, at most 32 characters), not ${JSON.stringify(raw.slice(0, 40))}`);
  return raw;
}

/** `limit` for top SKUs: an integer 1..100, default 10. */
export function parseLimit(raw: string | null): number {
  if (raw === null || raw === '') return TOP_SKUS_DEFAULT_LIMIT;
  if (!/^\d{1,3}$/.test(raw) || Number(raw) < 1 || Number(raw) > TOP_SKUS_MAX_LIMIT) {
    throw new BadRequestError(`limit must be a whole number from 1 to ${TOP_SKUS_MAX_LIMIT}, not ${JSON.stringify(raw.slice(0, 20))}`);
  }
  return Number(raw);
}

function parseDay(name: string, raw: string): string {
  const m = DATE.exec(raw);
  // Round-tripping through Date rejects 2024-02-30 and friends, which the pattern alone lets through.
  if (!m || formatDay(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) !== raw) {
    throw new BadRequestError(`${name} must be a calendar date written YYYY-MM-DD, not ${JSON.stringify(raw.slice(0, 40))}`);
  }
  return raw;
}

/** Epoch milliseconds → the UTC day, `YYYY-MM-DD`. */
export function formatDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Adds whole days to a `YYYY-MM-DD` day. */
export function addDays(day: string, days: number): string {
  return formatDay(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS);
}
