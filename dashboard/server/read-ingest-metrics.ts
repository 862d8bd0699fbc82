import { readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Ingest delay as the local ingest runtime measures it (S3 event time → rows visible), written to
 * `<lake>/_metrics/ingest.json` with exactly this shape.
 */
export interface IngestMetrics {
  /** Median delay over the runtime's recent window, in milliseconds. */
  readonly p50Ms: number;
  readonly p95Ms: number;
  /** Transactions the figures are computed over. */
  readonly count: number;
  /** When the runtime last wrote the file (ISO 8601). */
  readonly updatedAt: string;
}

/** Where the local ingest runtime writes its metrics, relative to the lake. */
export const INGEST_METRICS_KEY = '_metrics/ingest.json';

/**
 * Reads the ingest metrics of a local lake; `undefined` when the file is absent (no ingest runtime
 * has run yet) or not of the expected shape (a half-written file from an older runtime must not
 * break the dashboard).
 */
export async function readIngestMetrics(lakeDir: string): Promise<IngestMetrics | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(lakeDir, INGEST_METRICS_KEY), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isIngestMetrics(parsed)) return undefined;
  return { p50Ms: parsed.p50Ms, p95Ms: parsed.p95Ms, count: parsed.count, updatedAt: parsed.updatedAt };
}

function isIngestMetrics(v: unknown): v is IngestMetrics {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.p50Ms === 'number' && typeof o.p95Ms === 'number' && typeof o.count === 'number' && typeof o.updatedAt === 'string';
}
