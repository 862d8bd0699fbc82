import type { ServerResponse } from 'node:http';

export interface ChangeFeedOptions {
  /** Returns a fingerprint of the data; any difference from the last one means "changed". */
  readonly fingerprint: () => Promise<string>;
  /** Pause between the end of one poll and the start of the next. */
  readonly pollMs: number;
  /** Comment lines keep proxies and browsers from closing an idle stream. */
  readonly heartbeatMs: number;
  /** Called whenever the data generation moves (baseline taken, or a change seen). */
  readonly onGeneration?: (generation: number) => void;
  /**
   * Streams open at once; one more is answered 503 with Retry-After. Each stream holds a socket (a
   * file descriptor) for as long as the page is open, so without a cap a flood of them reaches the
   * process's fd limit and takes the panels and the lake's files down with it.
   * @default 100
   */
  readonly maxClients?: number;
}

/** Seconds a refused event-stream client is asked to wait (browsers' EventSource retries by itself). */
export const EVENT_STREAM_RETRY_AFTER_SECONDS = 10;

/**
 * Server-sent events for every open page, fed by ONE poller: however many viewers are connected,
 * the engine sees one fingerprint query per `pollMs` (on Athena each query is billed, with a 10 MB
 * minimum, so this is what keeps a wall of dashboards cheap). The poller runs only while at least one
 * client is connected.
 *
 * Events: `ready` once the baseline fingerprint is known (a page should load, or reload, its panels
 * then: nothing after that point can be missed), `changed` when the fingerprint moves.
 */
export class ChangeFeed {
  private readonly clients = new Set<ServerResponse>();
  private baseline: string | undefined;
  private generationValue = 0;
  private pollTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private polling = false;
  private closed = false;

  constructor(private readonly options: ChangeFeedOptions) {}

  /** Bumped on every change; results computed under an older generation are stale. */
  get generation(): number {
    return this.generationValue;
  }

  /** True while the poller watches the data, i.e. a cached result is known to be current. */
  get live(): boolean {
    return !this.closed && this.clients.size > 0 && this.baseline !== undefined;
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /** Takes over an HTTP response as an event stream until the client goes away or the feed closes. */
  addClient(res: ServerResponse): void {
    if (this.closed) {
      res.writeHead(503, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'the dashboard is shutting down' }));
      return;
    }
    const max = this.options.maxClients ?? 100;
    if (this.clients.size >= max) {
      res
        .writeHead(503, {
          'Content-Type': 'application/json; charset=utf-8',
          'Cache-Control': 'no-store',
          'Retry-After': String(EVENT_STREAM_RETRY_AFTER_SECONDS),
        })
        .end(JSON.stringify({ error: `${max} live-update streams are open, the most this dashboard serves; retry in ${EVENT_STREAM_RETRY_AFTER_SECONDS} s` }));
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      // Reverse proxies (nginx) buffer responses by default, which would hold events back.
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 2000\n\n');
    this.clients.add(res);
    res.on('close', () => this.removeClient(res));
    if (this.baseline !== undefined) send(res, 'ready', { generation: this.generationValue });
    if (this.clients.size === 1) this.start();
  }

  /** Ends every stream and stops polling. */
  close(): void {
    this.closed = true;
    this.stop();
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  private removeClient(res: ServerResponse): void {
    this.clients.delete(res);
    if (this.clients.size === 0) this.stop();
  }

  private start(): void {
    this.heartbeatTimer = setInterval(() => {
      for (const res of this.clients) res.write(': heartbeat\n\n');
    }, this.options.heartbeatMs);
    this.heartbeatTimer.unref();
    void this.poll();
  }

  private stop(): void {
    clearTimeout(this.pollTimer);
    clearInterval(this.heartbeatTimer);
    this.pollTimer = undefined;
    this.heartbeatTimer = undefined;
    // Nobody watches any more, so the next viewer must take a fresh baseline.
    this.baseline = undefined;
  }

  private async poll(): Promise<void> {
    if (this.polling || this.closed || this.clients.size === 0) return;
    this.polling = true;
    try {
      const fp = await this.options.fingerprint();
      if (this.closed || this.clients.size === 0) return;
      if (this.baseline === undefined) {
        this.baseline = fp;
        this.bump();
        this.broadcast('ready');
      } else if (fp !== this.baseline) {
        this.baseline = fp;
        this.bump();
        this.broadcast('changed');
      }
    } catch (e) {
      // A failed poll (Athena throttling, a file mid-rename) is retried next round; say so in a comment only.
      for (const res of this.clients) res.write(`: poll failed: ${oneLine((e as Error).message)}\n\n`);
    } finally {
      this.polling = false;
      if (!this.closed && this.clients.size > 0) {
        this.pollTimer = setTimeout(() => void this.poll(), this.options.pollMs);
        this.pollTimer.unref();
      }
    }
  }

  private bump(): void {
    this.generationValue++;
    this.options.onGeneration?.(this.generationValue);
  }

  private broadcast(event: string): void {
    for (const res of this.clients) send(res, event, { generation: this.generationValue });
  }
}

function send(res: ServerResponse, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').slice(0, 200);
}
