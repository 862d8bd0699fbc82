import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/cli-io.js';
import { dashboardCommand, startDashboard } from '../../../src/cli/commands/dashboard-command.js';
import { UsageError } from '../../../src/cli/project.js';
import { openDashboardLake, type DashboardLake } from '../../dashboard/dashboard-fixture.js';

function captureIo(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t) };
}

describe('npm run dashboard', () => {
  let lake: DashboardLake;
  beforeAll(async () => {
    lake = await openDashboardLake();
  });
  afterAll(() => lake?.engine.close());

  it('serves the lake named by LAKE_DIR, prints the URL, and returns 0 once stopped', async () => {
    const io = captureIo();
    let stop!: () => void;
    const stopped = new Promise<void>((r) => (stop = r));
    const done = dashboardCommand(['--port', '0'], io, { env: { LAKE_DIR: lake.lakeDir, PORT: '1' }, waitForStop: () => stopped });
    await expect.poll(() => io.out.find((l) => l.startsWith('Dashboard'))).toBeDefined();
    const url = /on (http:\/\/localhost:\d+)$/.exec(io.out[0]!)![1]!;
    const res = await fetch(`${url}/api/kpis?from=2024-04-10&to=2024-04-11`);
    expect(await res.json()).toMatchObject({ revenue: '41.46', transactions: 4 });
    stop();
    expect(await done).toBe(0);
    expect(io.out).toContain('Stopping the dashboard…');
    await expect(fetch(`${url}/api/kpis`)).rejects.toThrow();
  });

  it('--help describes the options', async () => {
    const io = captureIo();
    expect(await dashboardCommand(['--help'], io)).toBe(0);
    expect(io.out.join('\n')).toMatch(/--target local\|trino\|athena.*--port N/);
  });

  it('rejects a bad port from --port or PORT before opening anything', async () => {
    await expect(dashboardCommand(['--port', '70000'], captureIo(), { env: {} })).rejects.toThrow(/--port must be a port number from 0 to 65535, not "70000"/);
    await expect(dashboardCommand([], captureIo(), { env: { PORT: 'http' } })).rejects.toThrow(UsageError);
    await expect(dashboardCommand(['--target', 'bigquery'], captureIo(), { env: {} })).rejects.toThrow(
      /--target must be one of "local", "trino", "athena", not "bigquery"/,
    );
    await expect(dashboardCommand(['--max-streams', '0'], captureIo(), { env: {} })).rejects.toThrow(/--max-streams must be a whole number from 1/);
  });

  it('--max-streams caps the live-update streams (503 beyond it)', async () => {
    const io = captureIo();
    let stop!: () => void;
    const stopped = new Promise<void>((r) => (stop = r));
    const done = dashboardCommand(['--port', '0', '--max-streams', '1'], io, { env: { LAKE_DIR: lake.lakeDir }, waitForStop: () => stopped });
    await expect.poll(() => io.out.find((l) => l.startsWith('Dashboard'))).toBeDefined();
    const url = /on (http:\/\/localhost:\d+)$/.exec(io.out[0]!)![1]!;
    const first = new AbortController();
    expect((await fetch(`${url}/api/events`, { signal: first.signal })).status).toBe(200);
    expect((await fetch(`${url}/api/events`)).status).toBe(503);
    first.abort();
    stop();
    expect(await done).toBe(0);
  });

  it('startDashboard reports a port in use as a usage error', async () => {
    const io = captureIo();
    const first = await startDashboard({ engine: lake.engine, port: 0, io });
    const port = Number(new URL(first.url).port);
    try {
      await expect(startDashboard({ engine: lake.engine, port, io })).rejects.toThrow(`port ${port} is already in use`);
    } finally {
      await first.close();
    }
  });
});
