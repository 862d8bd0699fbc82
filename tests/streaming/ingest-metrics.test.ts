import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IngestDelayWindow, METRICS_FILE, type IngestMetrics } from '../../src/streaming/ingest-metrics.js';

describe('IngestDelayWindow: the delay figures the dashboard reads', () => {
  it('writes nothing before the first landing, then the last 500 delays summarised, with no temp file left', async () => {
    const lake = await mkdtemp(path.join(tmpdir(), 'metrics-'));
    const window = new IngestDelayWindow(lake, () => new Date('2024-04-10T12:00:00Z'));
    await window.write();
    expect(await readdir(lake)).toEqual([]);
    for (let i = 1; i <= 600; i++) window.push(i < 100 ? 1_000_000 : i); // the first 99 fall out of the window
    await Promise.all([window.write(), window.write()]);
    const metrics = JSON.parse(await readFile(path.join(lake, METRICS_FILE), 'utf8')) as IngestMetrics;
    expect(metrics).toEqual({ updatedAt: '2024-04-10T12:00:00.000Z', count: 500, p50Ms: 351, p95Ms: 576, lastMs: 600 });
    expect(await readdir(path.dirname(path.join(lake, METRICS_FILE)))).toEqual(['ingest.json']);
  });
});
