/**
 * What other code (the ingest handler, the local runtime, tests, dashboards) may rely on about the
 * files the live producer writes into `incoming/`: their keys, their transaction ids, their datetimes.
 *
 * Ids: `LV-<producerId>-<seq>`, e.g. `LV-K7Q2MZ4A-0000000042`.
 * - `LV-` can never begin a history id (`TX` + 9 digits, history-contract.ts), so live and history
 *   ids never collide.
 * - `producerId` is random per run (40 bits), so two producers running at once (two ECS tasks, a
 *   laptop and a task) do not collide either. An injected producer id must be unique per run: the
 *   sequence restarts at 1 with every run.
 * - `seq` counts this run's transactions from 1, zero-padded to at least 10 digits so ids sort in
 *   production order.
 *
 * Keys (under the incoming prefix, `incoming/` by default):
 * - single mode: `incoming/<store_id>/<YYYY-MM-DD>/<HHMMSS>-<producerId>-<seq>.json` — one JSON object
 *   (plus `\n`); date and time are the transaction's own, `seq` is the one in its id.
 * - batch mode:  `incoming/<store_id>/<YYYY-MM-DD>/<HHMMSSmmm>-<producerId>-<windowSeq>.jsonl` — JSON
 *   Lines, the store's transactions of one window; date and time are the window's start (UTC),
 *   `windowSeq` counts this run's windows from 1.
 * Keys use only `[A-Za-z0-9/._-]`, so an S3 event's URL-encoded key equals the key itself.
 */

/** Every live transaction id starts with this; no history id does (history ids are `TX…`). */
const LIVE_TRANSACTION_ID_PREFIX = 'LV-';
/** Minimum digits of the per-run sequence in ids and single-mode keys. */
const LIVE_SEQUENCE_DIGITS = 10;
/** Producer ids: 1–16 upper-case letters or digits (no `-`, which separates key and id fields). */
export const PRODUCER_ID_PATTERN = /^[A-Z0-9]{1,16}$/;
/** Matches live transaction ids only. */
export const LIVE_TRANSACTION_ID_PATTERN = /^LV-[A-Z0-9]{1,16}-\d{10,}$/;
/** A single-mode key, relative to the incoming prefix. Groups: store, date, time, producer, seq. */
export const LIVE_SINGLE_KEY_PATTERN = /^(STORE\d{4})\/(\d{4}-\d{2}-\d{2})\/(\d{6})-([A-Z0-9]{1,16})-(\d{10,})\.json$/;
/** A batch-mode key, relative to the incoming prefix. Groups: store, date, time with ms, producer, window. */
export const LIVE_BATCH_KEY_PATTERN = /^(STORE\d{4})\/(\d{4}-\d{2}-\d{2})\/(\d{9})-([A-Z0-9]{1,16})-(\d{10,})\.jsonl$/;

/** How the producer writes: one file per transaction (the original design) or micro-batches. */
export type ProducerMode = 'single' | 'batch';
export const PRODUCER_MODES: readonly ProducerMode[] = ['single', 'batch'];

/** RFC 4648 base32: upper-case letters and 2–7, nothing S3 would URL-encode. */
const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A random 8-character base32 producer id (40 bits) from 5 random bytes, e.g. from `crypto.randomBytes(5)`. */
export function producerIdFromBytes(bytes: Uint8Array): string {
  if (bytes.length < 5) throw new RangeError('a producer id needs 5 random bytes');
  let bits = 0n;
  for (let i = 0; i < 5; i++) bits = (bits << 8n) | BigInt(bytes[i] as number);
  let id = '';
  for (let i = 7; i >= 0; i--) id += BASE32_ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  return id;
}

export function liveTransactionId(producerId: string, seq: number): string {
  return `${LIVE_TRANSACTION_ID_PREFIX}${producerId}-${padSequence(seq)}`;
}

/** `incoming/STORE0003/2024-04-10/192228-K7Q2MZ4A-0000000042.json` */
export function singleTransactionKey(incomingPrefix: string, storeId: string, at: Date, producerId: string, seq: number): string {
  const iso = at.toISOString();
  return `${incomingPrefix}${storeId}/${iso.slice(0, 10)}/${compactTime(iso, false)}-${producerId}-${padSequence(seq)}.json`;
}

/** `incoming/STORE0003/2024-04-10/192228000-K7Q2MZ4A-0000000007.jsonl` */
export function batchWindowKey(incomingPrefix: string, storeId: string, windowStart: Date, producerId: string, windowSeq: number): string {
  const iso = windowStart.toISOString();
  return `${incomingPrefix}${storeId}/${iso.slice(0, 10)}/${compactTime(iso, true)}-${producerId}-${padSequence(windowSeq)}.jsonl`;
}

/** `2024-04-10 19:22:28` (UTC, whole seconds): the raw POS `transaction_datetime` format. */
export function formatTransactionDatetime(at: Date): string {
  const iso = at.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

function padSequence(seq: number): string {
  return String(seq).padStart(LIVE_SEQUENCE_DIGITS, '0');
}

/** `HHMMSS` or `HHMMSSmmm` from an ISO string `YYYY-MM-DDTHH:MM:SS.mmmZ`. */
function compactTime(iso: string, withMillis: boolean): string {
  const time = iso.slice(11, 13) + iso.slice(14, 16) + iso.slice(17, 19);
  return withMillis ? time + iso.slice(20, 23) : time;
}
