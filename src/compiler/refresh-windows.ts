/** An inclusive range of partition days, `yyyy-MM-dd`. */
export interface DayWindow {
  readonly from: string;
  readonly to: string;
}

const DAY_MS = 86_400_000;

/**
 * Splits the days from `from` to `to` (inclusive) into consecutive windows of at most
 * `maxPartitions` days, so that no INSERT writes more partitions than the engine allows
 * (Athena: 100 per statement, HIVE_TOO_MANY_OPEN_PARTITIONS).
 */
export function refreshWindows(from: string, to: string, maxPartitions: number): DayWindow[] {
  const start = parseDay(from);
  const end = parseDay(to);
  if (end < start) throw new RangeError(`the window ends (${to}) before it starts (${from})`);
  if (!Number.isInteger(maxPartitions) || maxPartitions < 1) throw new RangeError(`maxPartitions must be a positive whole number, not ${maxPartitions}`);
  const windows: DayWindow[] = [];
  for (let d = start; d <= end; d += maxPartitions * DAY_MS) {
    windows.push({ from: formatDay(d), to: formatDay(Math.min(end, d + (maxPartitions - 1) * DAY_MS)) });
  }
  return windows;
}

/** Every day of a window, in order. */
export function daysOf(w: DayWindow): string[] {
  const out: string[] = [];
  for (let d = parseDay(w.from); d <= parseDay(w.to); d += DAY_MS) out.push(formatDay(d));
  return out;
}

function parseDay(day: string): number {
  const ms = Date.parse(`${day}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(ms) || formatDay(ms) !== day) throw new RangeError(`"${day}" is not a yyyy-MM-dd day`);
  return ms;
}

function formatDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
