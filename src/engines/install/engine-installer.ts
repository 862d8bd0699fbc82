import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * One real engine the project can fetch for its tests and for the `trino`/Spark paths
 * (`npm run engines:install`). Installers are listed in `engine-installers.ts`; adding an engine is
 * one entry there.
 */
export interface EngineInstaller {
  /** Short name shown in progress and errors, e.g. `trino`. */
  readonly name: string;
  /** The pinned version, e.g. `476`. */
  readonly pinned: string;
  /** True when the pinned version is ready to run from `cacheDir`, with no network needed. */
  isInstalled(cacheDir: string): Promise<boolean>;
  /** Fetches (or reuses downloads in `cacheDir/downloads/`) and unpacks the pinned version. */
  install(cacheDir: string, onProgress: (message: string) => void): Promise<void>;
}

/**
 * The engines cache lives outside the repository (hundreds of MB, shared by every work tree):
 * `LAKEHOUSE_ENGINES_DIR`, else `~/.cache/lakehouse-engines`.
 */
export function enginesCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.LAKEHOUSE_ENGINES_DIR;
  return path.resolve(dir && dir.length > 0 ? dir : path.join(os.homedir(), '.cache', 'lakehouse-engines'));
}

/** A file from a Maven-style repository that publishes a `.sha1` next to each artifact. */
export interface VerifiedDownload {
  readonly url: string;
  /** File name under `downloads/`. */
  readonly file: string;
}

/**
 * Returns the path of `downloads/<file>`, downloading it (with progress) when absent or when its
 * SHA-1 does not match the published one. A file already verified is recorded in `<file>.sha1` so
 * a second run needs no network at all.
 */
export async function verifiedDownload(cacheDir: string, d: VerifiedDownload, onProgress: (message: string) => void): Promise<string> {
  const dir = path.join(cacheDir, 'downloads');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, d.file);
  const recorded = path.join(dir, `${d.file}.sha1`);
  const expected = (await readText(recorded)) ?? (await fetchText(`${d.url}.sha1`)).trim().split(/\s+/)[0]!;
  if (await exists(file)) {
    onProgress(`${d.file}: checking SHA-1 of the cached download`);
    if ((await sha1(file)) === expected) {
      await writeText(recorded, expected);
      return file;
    }
    onProgress(`${d.file}: cached file is damaged (SHA-1 differs), downloading again`);
  }
  await download(d.url, file, onProgress);
  const actual = await sha1(file);
  if (actual !== expected) {
    await rm(file, { force: true });
    throw new Error(`${d.url}: SHA-1 ${actual} differs from the published ${expected}; the download was removed, run the command again`);
  }
  await writeText(recorded, expected);
  return file;
}

async function download(url: string, file: string, onProgress: (message: string) => void): Promise<void> {
  const res = await fetch(url).catch((e: unknown) => {
    throw new Error(`cannot download ${url} (${(e as Error).message}); check the network or place the file in ${path.dirname(file)}`);
  });
  if (!res.ok || !res.body) throw new Error(`cannot download ${url}: HTTP ${res.status}`);
  const total = Number(res.headers.get('content-length') ?? 0);
  let done = 0;
  let lastShown = -1;
  const name = path.basename(file);
  const body = Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>);
  body.on('data', (chunk: Buffer) => {
    done += chunk.length;
    const pct = total > 0 ? Math.floor((done / total) * 10) * 10 : -1;
    if (pct !== lastShown) {
      lastShown = pct;
      onProgress(`${name}: ${mb(done)}${total > 0 ? ` of ${mb(total)} (${pct} %)` : ''}`);
    }
  });
  const partial = `${file}.partial`;
  await pipeline(body, createWriteStream(partial));
  await rename(partial, file);
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(0)} MB`;
}

async function sha1(file: string): Promise<string> {
  const hash = createHash('sha1');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

async function fetchText(url: string): Promise<string> {
  const res = await fetch(url).catch((e: unknown) => {
    throw new Error(`cannot reach ${url} (${(e as Error).message}); the first install needs Maven Central`);
  });
  if (!res.ok) throw new Error(`cannot download ${url}: HTTP ${res.status}`);
  return res.text();
}

export async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

async function readText(file: string): Promise<string | undefined> {
  return readFile(file, 'utf8').then(
    (t) => t.trim(),
    () => undefined,
  );
}

async function writeText(file: string, text: string): Promise<void> {
  const { writeFile } = await import('node:fs/promises');
  await writeFile(file, `${text}\n`);
}
