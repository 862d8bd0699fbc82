import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildDocsSite } from '../../docs-site/build-docs-site.js';
import { serveDocsSite } from '../../docs-site/serve-docs-site.js';
import type { CliIo } from '../cli-io.js';
import { loadProject, UsageError } from '../project.js';
import { waitForSignal } from '../wait-for-signal.js';

const DEFAULT_PORT = 8080;

const HELP = `Usage: npm run docs -- [--out DIR] [--serve] [--port N]

Writes a static docs site of the models: every source, table, view and mart with its description,
columns and types, data tests, tags and freshness rule; the SQL each dialect runs (athena, trino,
duckdb, spark, from the project's renderers); a model-level lineage graph, and column-level lineage
where a table's mapping gives it (table column ← source field). Searchable by name, description,
column and tag:x. One self-contained index.html (no network assets) plus docs.json.

  --out DIR   where to write it (default target/docs)
  --serve     then serve it on http://127.0.0.1:PORT/ until Ctrl-C (loopback only)
  --port N    the port for --serve (default ${DEFAULT_PORT}; 0 picks a free one)`;

export interface DocsCommandDeps {
  /** Resolves when --serve should stop (tests); by default Ctrl-C or SIGTERM. */
  readonly waitForStop?: (url: string) => Promise<void>;
}

export async function docsCommand(argv: readonly string[], io: CliIo, deps: DocsCommandDeps = {}): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: { out: { type: 'string' }, serve: { type: 'boolean' }, port: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (values.port !== undefined && !values.serve) throw new UsageError('--port goes with --serve');
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!/^\d{1,5}$/.test(values.port ?? '0') || port > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535, not "${values.port}"`);
  const { root, config, manifest } = await loadProject();
  const outDir = path.resolve(root, values.out ?? path.join(config.targetDir, 'docs'));
  const files = await buildDocsSite(manifest, config, outDir);
  io.stdout(`Docs for ${manifest.models.length} models written to ${path.relative(root, outDir) || '.'}/ (${files.join(', ')})`);
  if (!values.serve) return 0;
  let server;
  try {
    server = await serveDocsSite(outDir, files, port);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new UsageError(`port ${port} is already in use: pass --port N to pick another`);
    throw e;
  }
  io.stdout(`Serving on ${server.url}  (Ctrl-C to stop)`);
  try {
    await (deps.waitForStop ?? waitForSignal)(server.url);
  } finally {
    await server.close();
  }
  return 0;
}
