import { parseArgs } from 'node:util';
import { resolveLakeDir } from '../../config/load-config.js';
import { ensureTrinoServer, runningTrinoServer, serverLog, stopTrinoServer } from '../../engines/trino/trino-server.js';
import type { CliIo } from '../cli-io.js';
import { UsageError } from '../project.js';
import { loadConfig } from '../../config/load-config.js';

const HELP = `Usage: npm run trino -- status|start|stop

Manages the local Trino server of the trino target for LAKE_DIR (default .lake/). Commands with
--target trino start it on first use and leave it running, so the next one is instant; its state
(pid, port) is in LAKE_DIR/_trino/server.json, its log in LAKE_DIR/_trino/server.log.
  status  print whether a server is up for the lake, and its URL
  start   start it (or reuse the running one) and print its URL
  stop    stop it (SIGTERM, then SIGKILL after 30 s)

Sized for a 2-core machine: 2 GB heap, 1 GB query memory, task.concurrency=2, no web UI.
Needs \`npm run engines:install\` once, and a Java 24+ JDK (LAKEHOUSE_JAVA25_HOME).`;

export async function trinoCommand(argv: readonly string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...argv], options: { help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const action = positionals[0] ?? 'status';
  const lakeDir = resolveLakeDir(loadConfig(), env);
  switch (action) {
    case 'status': {
      const s = await runningTrinoServer(lakeDir);
      io.stdout(s ? `Trino ${s.version} is up on ${s.url} (pid ${s.pid}) for ${lakeDir}` : `No Trino server is running for ${lakeDir}.`);
      return 0;
    }
    case 'start': {
      const s = await ensureTrinoServer(lakeDir, { env, onProgress: io.stderr });
      io.stdout(`Trino ${s.version} is up on ${s.url} (pid ${s.pid}); log: ${serverLog(lakeDir)}`);
      return 0;
    }
    case 'stop':
      io.stdout((await stopTrinoServer(lakeDir)) ? `Stopped the Trino server of ${lakeDir}.` : `No Trino server was running for ${lakeDir}.`);
      return 0;
    default:
      throw new UsageError(`unknown action "${action}": use status, start or stop`);
  }
}
