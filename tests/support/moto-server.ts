import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { pythonToolPython } from './python-tools.js';

/** A running moto server (S3, Glue Data Catalog, SQS… on one endpoint) on loopback. */
export interface MotoServer {
  readonly endpoint: string;
  /** Milliseconds from spawn to the first successful request. */
  readonly startMs: number;
  /** Client settings for any AWS SDK v3 client pointed at it. */
  readonly clientConfig: {
    readonly region: string;
    readonly endpoint: string;
    readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  };
  stop(): Promise<void>;
}

/** A port the OS says is free now; moto is started on it right away (a clash is retried). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitUntilUp(child: ChildProcess, endpoint: string, output: () => string): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto server exited with ${child.exitCode}:\n${output()}`);
    try {
      const res = await fetch(`${endpoint}/moto-api/data.json`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Starts the pinned moto server (installed by the test setup) on 127.0.0.1 and a random free port.
 * Credentials are dummies: moto accepts any, and nothing here may reach a real account.
 */
export async function startMotoServer(region = 'us-east-1'): Promise<MotoServer> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const started = performance.now();
    const child = spawn(pythonToolPython('moto'), ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' },
    });
    let log = '';
    child.stdout?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
    child.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
    const endpoint = `http://127.0.0.1:${port}`;
    try {
      await waitUntilUp(child, endpoint, () => log);
    } catch (e) {
      child.kill();
      if (attempt < 3 && /Address already in use/.test(log)) continue;
      throw e;
    }
    const startMs = performance.now() - started;
    return {
      endpoint,
      startMs,
      clientConfig: { region, endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } },
      stop: () =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    };
  }
}
