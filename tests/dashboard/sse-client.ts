/** One server-sent event as a test sees it. */
export interface SseEvent {
  readonly event: string;
  readonly data: string;
}

/**
 * A minimal EventSource for tests: connects with fetch, parses the stream, and lets a test wait for
 * a named event. `close()` aborts the request, which the server sees as a client disconnect.
 */
export class SseClient {
  readonly events: SseEvent[] = [];
  private readonly abort = new AbortController();
  private waiters: { name: string; after: number; resolve: (e: SseEvent) => void }[] = [];
  private done: Promise<void> | undefined;

  constructor(private readonly url: string) {}

  /** Resolves once the response headers are in. */
  async connect(): Promise<Response> {
    const res = await fetch(this.url, { signal: this.abort.signal });
    if (!res.body) throw new Error('no body');
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    this.done = (async () => {
      let buffer = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            this.dispatch(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
        }
      } catch {
        // aborted
      }
    })();
    return res;
  }

  /** The first event named `name` among those received from index `after` on (waits if none yet). */
  next(name: string, after = 0, timeoutMs = 10_000): Promise<SseEvent> {
    const seen = this.events.slice(after).find((e) => e.event === name);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${name}" event within ${timeoutMs} ms; got ${JSON.stringify(this.events)}`)), timeoutMs);
      this.waiters.push({ name, after, resolve: (e) => (clearTimeout(timer), resolve(e)) });
    });
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.done;
  }

  private dispatch(block: string): void {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    if (data.length === 0) return;
    const e = { event, data: data.join('\n') };
    this.events.push(e);
    const index = this.events.length - 1;
    this.waiters = this.waiters.filter((w) => {
      if (w.name === event && index >= w.after) {
        w.resolve(e);
        return false;
      }
      return true;
    });
  }
}
