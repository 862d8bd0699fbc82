import { defineConfig } from '../config/define-config.js';
import type { DatetimeWindowConfig, Manifest, MappingExpr, RawMapping } from '../manifest/manifest.js';

/** The accepted datetimes, as epoch milliseconds (UTC wall clock), both ends inclusive. */
export interface DatetimeWindow {
  readonly minMs: number;
  readonly maxMs: number;
  /** For messages: the declared bounds, not the instant the window was computed. */
  readonly notBefore: string;
  readonly maxFutureSkewMinutes: number;
}

/** The manifest's window, or the config defaults when the manifest predates it (one source of defaults). */
export function windowConfigOf(manifest: Pick<Manifest, 'datetimeWindow'>): DatetimeWindowConfig {
  if (manifest.datetimeWindow) return manifest.datetimeWindow;
  const d = defineConfig();
  return { notBefore: d.projection.dtRangeStart, maxFutureSkewMinutes: d.ingest.maxFutureSkewMinutes };
}

/**
 * The window at `now`: not before the projection's first day (Athena's partition projection
 * would not even list an earlier `dt`), not later than now plus the allowed clock skew.
 */
export function datetimeWindowAt(config: DatetimeWindowConfig, now: Date): DatetimeWindow {
  return {
    minMs: Date.parse(`${config.notBefore}T00:00:00Z`),
    maxMs: now.getTime() + config.maxFutureSkewMinutes * 60_000,
    notBefore: config.notBefore,
    maxFutureSkewMinutes: config.maxFutureSkewMinutes,
  };
}

/**
 * The quarantine reason for a datetime outside the window, or undefined inside it. Stream and
 * batch both call this with the epoch milliseconds of the cast value, so their reasons are the
 * same text for the same record.
 */
export function outsideWindowReason(column: string, ms: number, w: DatetimeWindow): string | undefined {
  if (ms >= w.minMs && ms <= w.maxMs) return undefined;
  const side = ms < w.minMs ? `before the first accepted day ${w.notBefore}` : `more than ${w.maxFutureSkewMinutes} minutes in the future`;
  return `${column}: ${formatUtc(ms)} is outside the accepted window (${side})`;
}

/** `YYYY-MM-DD HH:MM:SS.mmm`, with the year padded to 4 digits (or signed 6 beyond), as ISO does. */
function formatUtc(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

/**
 * The source fields the window applies to: every field of the source record that some table
 * casts to timestamp (`transaction_datetime`). Checked on the record, not per table, so a record
 * outside the window lands in no table at all — in the stream and in the batch alike.
 */
export function windowedFields(mappings: readonly RawMapping[]): string[] {
  const out = new Set<string>();
  const visit = (e: MappingExpr, m: RawMapping, underTimestampCast: boolean): void => {
    if (e.kind === 'cast') visit(e.expr, m, e.type.kind === 'timestamp');
    else if (underTimestampCast && e.alias === m.sourceAlias && !(m.unnest && e.alias === m.unnest.alias)) out.add(e.field);
  };
  for (const m of mappings) for (const c of m.columns) visit(c.expr, m, false);
  return [...out].sort();
}
