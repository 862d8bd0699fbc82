import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const TYPES: Readonly<Record<string, string>> = { '.html': 'text/html; charset=utf-8', '.json': 'application/json; charset=utf-8' };

export interface DocsServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves a written docs site on loopback: only the files the site consists of, by name (no path
 * from the request ever reaches the file system), read afresh so a rebuilt site shows on reload.
 */
export async function serveDocsSite(dir: string, files: readonly string[], port: number, host = '127.0.0.1'): Promise<DocsServer> {
  const server = createServer((req, res) => {
    const name = new URL(req.url ?? '/', 'http://docs.invalid').pathname.replace(/^\/$/, '/index.html').slice(1);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (!files.includes(name)) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`not found: /${name.slice(0, 100)}\n`);
      return;
    }
    readFile(path.join(dir, name)).then(
      (body) => {
        res.writeHead(200, {
          'Content-Type': TYPES[path.extname(name)] ?? 'application/octet-stream',
          'Cache-Control': 'no-cache',
          'X-Content-Type-Options': 'nosniff',
          'Referrer-Policy': 'no-referrer',
        });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      (e: Error) => res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`cannot read ${name}: ${e.message}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}/`,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}
