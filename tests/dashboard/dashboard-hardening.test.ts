import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardServer, type DashboardServer } from '../../dashboard/server/create-dashboard-server.js';
import { fixtureClock, openDashboardLake, type DashboardLake } from './dashboard-fixture.js';
import { SseClient } from './sse-client.js';

/** A real HTTP GET with a chosen Host header (fetch does not let a caller set Host). */
function getWithHost(url: string, host: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname: u.hostname, port: u.port, path: u.pathname + u.search, headers: { Host: host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('dashboard hardening (real HTTP)', () => {
  let lake: DashboardLake;
  let server: DashboardServer;
  let base: string;
  let port: string;

  beforeAll(async () => {
    lake = await openDashboardLake();
    server = createDashboardServer({ engine: lake.engine, clock: fixtureClock, pollMs: 100, heartbeatMs: 50, maxEventClients: 2 });
    base = (await server.listen(0)).url;
    port = new URL(base).port;
  });
  afterAll(async () => {
    await server?.close();
    await lake?.engine.close();
  });

  it('sends the security headers on the page, static files, API answers, errors and the event stream', async () => {
    const csp =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    for (const p of ['/', '/app.js', '/vendor/echarts.min.js', '/styles.css', '/api/kpis?from=2024-04-10&to=2024-04-11', '/api/nope', '/api/kpis?from=bad']) {
      const res = await fetch(base + p);
      await res.arrayBuffer();
      expect({ path: p, csp: res.headers.get('content-security-policy') }).toEqual({ path: p, csp });
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
    const events = new SseClient(`${base}/api/events`);
    const res = await events.connect();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    await events.close();
  });

  it('answers only Host names of this loopback server (DNS rebinding): localhost, 127.0.0.1, [::1] with its port', async () => {
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
      expect({ host, status: (await getWithHost(`${base}/api/stores?from=2024-04-10&to=2024-04-11`, host)).status }).toEqual({ host, status: 200 });
    }
    for (const host of [`attacker.example:${port}`, 'attacker.example', `localhost:${Number(port) + 1}`, `127.0.0.1.attacker.example:${port}`, 'localhost']) {
      const res = await getWithHost(`${base}/api/kpis?from=2024-04-10&to=2024-04-11`, host);
      expect({ host, status: res.status }).toEqual({ host, status: 421 });
      expect(JSON.parse(res.body)).toEqual({ error: expect.stringMatching(/Host .* is not this dashboard/) });
    }
    // The event stream too: a rebinding page must not hold streams open either.
    expect((await getWithHost(`${base}/api/events`, `attacker.example:${port}`)).status).toBe(421);
  });

  it('caps concurrent event streams: beyond the limit 503 with Retry-After, and a freed slot is reusable', async () => {
    const a = new SseClient(`${base}/api/events`);
    const b = new SseClient(`${base}/api/events`);
    expect((await a.connect()).status).toBe(200);
    expect((await b.connect()).status).toBe(200);
    const refused = await fetch(`${base}/api/events`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await refused.json()).toEqual({ error: expect.stringMatching(/2 live-update streams are open/) });
    await a.next('ready');
    await a.close();
    await expect
      .poll(async () => {
        const c = new SseClient(`${base}/api/events`);
        const status = (await c.connect()).status;
        await c.close();
        return status;
      })
      .toBe(200);
    // Panels still answer while the streams are full: the cap is on streams only.
    expect((await fetch(`${base}/api/kpis?from=2024-04-10&to=2024-04-11`)).status).toBe(200);
    await b.close();
  });
});
