import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The page's own files: a flat folder, no build step. */
export const PUBLIC_DIR = fileURLToPath(new URL('../public/', import.meta.url));

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** A file to send: its bytes and content type. */
export interface StaticFile {
  readonly body: Buffer;
  readonly contentType: string;
}

/**
 * Maps a URL path to a file, or `undefined` (→ 404). Only a single path segment of letters, digits,
 * `-` and `.` with a known extension is looked up in the public folder, so no `..`, encoded slash or
 * absolute path can ever reach another file. The charting library comes from node_modules, by name.
 */
export function resolveStaticPath(urlPath: string): string | undefined {
  if (urlPath === '/') return path.join(PUBLIC_DIR, 'index.html');
  if (urlPath === '/vendor/echarts.min.js') return echartsPath();
  const m = /^\/([a-z0-9][a-z0-9-]*\.(?:html|js|css|svg))$/.exec(urlPath);
  return m ? path.join(PUBLIC_DIR, m[1]!) : undefined;
}

/** Reads a static file; `undefined` when it does not exist. */
export async function readStaticFile(urlPath: string): Promise<StaticFile | undefined> {
  const file = resolveStaticPath(urlPath);
  if (file === undefined) return undefined;
  try {
    return { body: await readFile(file), contentType: CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream' };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

let echarts: string | undefined;
function echartsPath(): string {
  echarts ??= createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js');
  return echarts;
}
