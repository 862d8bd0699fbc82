import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatRows } from '../../src/cli/format-rows.js';
import type { Engine, QueryResult } from '../../src/engines/engine.js';
import { AggregateReader, type AggregatePanel, type AggregateReaderOptions } from './aggregate-reader.js';
import type { Manifest } from '../../src/manifest/manifest.js';
import { ChangeFeed } from './change-feed.js';
import { addDays, BadRequestError, DEFAULT_RANGE_DAYS, formatDay, type Filters } from './parse-filters.js';
import type { PanelContext } from './panel-handlers.js';
import { panelListing, panelRoutes, PANELS, type PanelDefinition } from './panels.js';
import { fingerprintQuery, type PanelQuery } from './panel-queries.js';
import type { IngestMetrics } from './read-ingest-metrics.js';
import { ResultCache } from './result-cache.js';
import { defineConfig } from '../../src/config/define-config.js';
import { TARGETS } from '../../src/targets/targets.js';
import type { QueryRenderer } from '../../src/dialects/query-sql.js';
import { readStaticFile } from './static-files.js';

export interface DashboardServerOptions {
  readonly engine: Engine;
  /** "Now" for default ranges and freshness; injected so tests are deterministic. @default () => new Date() */
  readonly clock?: () => Date;
  /** The measured ingest delay, when an ingest runtime reports one (see read-ingest-metrics.ts). */
  readonly freshness?: () => Promise<IngestMetrics | undefined>;
  /** The compiled models, whose freshness rules /api/freshness-state judges (loaded on first use); without it, none. */
  readonly manifest?: () => Promise<Manifest | undefined>;
  /**
   * How often the one shared poller checks whether the data changed. Each poll is one query: 1 s is
   * free on DuckDB; on Athena every query is billed and takes ~1 s, so 30 s is the sensible setting.
   * @default 1000
   */
  readonly pollMs?: number;
  /** @default 15000 */
  readonly heartbeatMs?: number;
  /** Concurrent live-update (SSE) streams; beyond it 503 with Retry-After. @default 100 */
  readonly maxEventClients?: number;
  /**
   * `Host` header values (`name:port`) answered when listening on a non-loopback interface. On
   * loopback the server always answers exactly `localhost`, `127.0.0.1` and `[::1]` with its port.
   * @default none: on a non-loopback interface any Host is answered (the machine's names are unknown here)
   */
  readonly allowedHosts?: readonly string[];
  /** The panels served (routes, page, 404 list). @default PANELS (dashboard/server/panels.ts) */
  readonly panels?: readonly PanelDefinition[];
  /**
   * The lake's objects, to answer the panels from the aggregates (src/aggregates/) for ranges in
   * the last `windowDays` days, and the engine for any other range. Absent: every panel scans.
   */
  readonly aggregates?: Omit<AggregateReaderOptions, 'engine' | 'clock' | 'renderer'>;
  /**
   * Renders the panels' typed queries in the engine's dialect.
   * @default the engine's target's renderer with the default project config (targets/targets.ts)
   */
  readonly renderer?: QueryRenderer;
  /** Where a failure of the aggregates is reported (the panel is then answered by the engine). @default nothing */
  readonly warn?: (message: string) => void;
  /**
   * With aggregates: while no page watches (no event stream, so no change poll), refresh the recent
   * days every this many ms anyway, so that the first viewer does not wait for the files landed
   * meanwhile (6 s after a minute of a 1,000 files/s stream). Each refresh lists the recent
   * partitions — billed LIST requests on S3 — so it suits a local lake. @default off
   */
  readonly keepWarmMs?: number;
}

/**
 * Sent with every response. Scripts and styles come only from this server (ECharts is served from
 * node_modules under /vendor/, the page has no inline script or style); ECharts styles its tooltip
 * through the CSSOM, which CSP does not restrict. No framing (clickjacking), no MIME sniffing, no
 * referrer leaking the filter URL.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
};

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export interface DashboardServer {
  /** Starts listening (port 0 picks a free one); resolves with the base URL, e.g. `http://127.0.0.1:3000`. */
  listen(port: number, host?: string): Promise<{ url: string }>;
  /** Ends every event stream and open connection, then stops listening. Does not close the engine. */
  close(): Promise<void>;
}

/** How far back the change fingerprint looks, in days ending today. */
const FINGERPRINT_DAYS = 2;

/**
 * The dashboard's HTTP server (node:http): the page and its static files, one JSON endpoint per
 * panel (each also as CSV with `?format=csv`), and `/api/events`, a server-sent event stream that
 * tells open pages when the data changed.
 */
export function createDashboardServer(options: DashboardServerOptions): DashboardServer {
  const { engine } = options;
  const renderer = options.renderer ?? TARGETS[engine.target].renderer(defineConfig());
  const clock = options.clock ?? (() => new Date());
  const cache = new ResultCache<QueryResult>();
  const routes = panelRoutes(options.panels ?? PANELS);
  const pollMs = options.pollMs ?? 1000;
  const warn = options.warn ?? (() => {});
  const reader = options.aggregates && new AggregateReader({ ...options.aggregates, engine, renderer, clock });
  /** The change poll's days: live data lands in today's (and, around midnight, yesterday's) partition. */
  const recentDays = (): string[] => {
    const today = formatDay(clock().getTime());
    return Array.from({ length: FINGERPRINT_DAYS }, (_, i) => addDays(today, i - (FINGERPRINT_DAYS - 1)));
  };
  const listing = panelListing([...routes.values()]);
  const knownPaths = [...routes.keys(), '/api/panels', '/api/events'].join(', ');
  const feed = new ChangeFeed({
    pollMs,
    heartbeatMs: options.heartbeatMs ?? 15_000,
    fingerprint: async () => {
      // With aggregates the poll is their refresh of the recent days: no engine query (Athena bills
      // each), and the panels read the days this refresh left (see `aggregate` below).
      if (reader) {
        try {
          return `aggregates:${await reader.fingerprint(recentDays())}`;
        } catch (e) {
          warn(`dashboard aggregates: the change poll falls back to the engine: ${(e as Error).message}`);
        }
      }
      const q = renderer.renderQuery(fingerprintQuery(recentDays()[0]!));
      return `scan:${JSON.stringify((await engine.query(q.sql, q.params)).rows)}`;
    },
    onGeneration: () => cache.clear(),
    maxClients: options.maxEventClients ?? 100,
  });
  /**
   * Host names answered; undefined = any. A page on another origin can rebind its own DNS name to
   * 127.0.0.1 and then read a loopback server as same-origin, but its requests still carry its own
   * name in Host — so while bound to loopback, only the loopback names (with our port) are answered.
   */
  let allowedHosts: ReadonlySet<string> | undefined;
  const context: PanelContext = {
    // Cached only while the feed watches the data; otherwise nothing would tell us a result is stale.
    run: (statement: PanelQuery) => {
      const q = renderer.renderQuery(statement);
      return cache.get(JSON.stringify([q.sql, q.params]), feed.live ? feed.generation : undefined, () => engine.query(q.sql, q.params));
    },
    clock,
    ingestMetrics: options.freshness ?? (async () => undefined),
    ...(reader && {
      /**
       * While the poller watches the data it refreshes the recent days every `pollMs`, so a panel may
       * take a day refreshed that recently — the scan's results are cached as long (one generation).
       * Without a poller every request refreshes: the files visible now, as an uncached scan reads.
       */
      aggregate: async (panel: AggregatePanel, f: Filters, limit?: number) => {
        try {
          return await reader.rows(panel, f, { ...(limit !== undefined ? { limit } : {}), maxAgeMs: feed.live ? pollMs : 0 });
        } catch (e) {
          warn(`dashboard aggregates: ${panel} falls back to the engine: ${(e as Error).message}`);
          return undefined;
        }
      },
    }),
    ...(options.manifest ? { manifest: options.manifest } : {}),
  };

  let warming = false;
  const warmTimer =
    reader && options.keepWarmMs !== undefined
      ? setInterval(() => {
          if (feed.live || warming) return; // the change poll refreshes them while a page watches
          warming = true;
          reader
            .fingerprint(recentDays())
            .catch((e: unknown) => warn(`dashboard aggregates: keeping warm failed: ${(e as Error).message}`))
            .finally(() => (warming = false));
        }, options.keepWarmMs)
      : undefined;
  warmTimer?.unref();

  if (reader) {
    // Counts the page's default range now, so the first viewer does not wait for every file of the
    // week to be read (seconds on a large lake when no aggregate objects exist yet).
    const today = formatDay(clock().getTime());
    reader
      .rows('kpis', { from: addDays(today, -(DEFAULT_RANGE_DAYS - 1)), to: today })
      .catch((e: unknown) => warn(`dashboard aggregates: warming up failed: ${(e as Error).message}`));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: `internal error: ${(e as Error).message}` });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    const host = (req.headers.host ?? '').toLowerCase();
    if (allowedHosts !== undefined && !allowedHosts.has(host)) {
      // 421 Misdirected Request: this server is not the one the name belongs to.
      return sendJson(res, 421, { error: `Host ${JSON.stringify(host.slice(0, 100))} is not this dashboard; it answers ${[...allowedHosts].join(', ')}` });
    }
    const url = new URL(req.url ?? '/', 'http://dashboard.invalid');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendJson(res, 405, { error: `${req.method} is not supported; use GET` });
    }
    if (url.pathname === '/api/events') return feed.addClient(res);
    if (url.pathname === '/api/panels') return sendJson(res, 200, listing);
    const handler = routes.get(url.pathname)?.handler;
    if (handler) {
      const format = url.searchParams.get('format') ?? 'json';
      if (format !== 'json' && format !== 'csv') return sendJson(res, 400, { error: `format must be json or csv, not ${JSON.stringify(format.slice(0, 20))}` });
      let panel;
      try {
        panel = await handler(url.searchParams, context);
      } catch (e) {
        if (e instanceof BadRequestError) return sendJson(res, 400, { error: e.message });
        const err = e as Error & { reason?: string };
        // The engine's own words: they name the missing view, the throttling, the expired credentials.
        return sendJson(res, 502, { error: `the query engine failed: ${err.reason ?? err.message}` });
      }
      if (format === 'json') return sendJson(res, 200, panel.json);
      const columns = panel.table.columns.map((name) => ({ name, type: 'VARCHAR' }));
      const csv = formatRows({ columns, rows: panel.table.rows }, 'csv') + '\n';
      res.writeHead(200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${panel.filename}.csv"`,
        'Cache-Control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : csv);
      return;
    }
    if (url.pathname.startsWith('/api/')) return sendJson(res, 404, { error: `no endpoint ${url.pathname}; see ${knownPaths}` });
    const file = await readStaticFile(url.pathname);
    if (!file) return sendJson(res, 404, { error: `not found: ${url.pathname}` });
    res.writeHead(200, { 'Content-Type': file.contentType, 'Content-Length': file.body.byteLength, 'Cache-Control': 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  return {
    listen(port, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          if (isLoopback(host)) allowedHosts = new Set(LOOPBACK_NAMES.map((name) => `${name}:${address.port}`));
          else if (options.allowedHosts !== undefined) allowedHosts = new Set(options.allowedHosts.map((h) => h.toLowerCase()));
          const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolve({ url: `http://${host === '0.0.0.0' || host === '::' ? 'localhost' : shownHost}:${address.port}` });
        });
      });
    },
    close() {
      clearInterval(warmTimer);
      feed.close();
      return new Promise((resolve, reject) => {
        if (!server.listening) return resolve();
        server.close((e) => (e ? reject(e) : resolve()));
        // Keep-alive sockets would otherwise hold close() open until they time out.
        server.closeAllConnections();
      });
    },
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
