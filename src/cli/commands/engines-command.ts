import { parseArgs } from 'node:util';
import { enginesCacheDir } from '../../engines/install/engine-installer.js';
import { ENGINE_INSTALLERS } from '../../engines/install/engine-installers.js';
import type { CliIo } from '../cli-io.js';
import { UsageError } from '../project.js';

const HELP = `Usage: npm run engines:install -- [--check] [ENGINE…]

Fetches the pinned real engines the trino target and the conformance tests run on, into
LAKEHOUSE_ENGINES_DIR (default ~/.cache/lakehouse-engines, outside the repository). Downloads are
verified against Maven Central's SHA-1 and kept, so a second run is offline and instant.

Engines: ${ENGINE_INSTALLERS.map((e) => `${e.name} ${e.pinned}`).join(', ')} (all when none is named)
  trino  server core + Hive plugin (~450 MB); runs on a Java 24+ JDK: /usr/lib/jvm/temurin-25-jdk-amd64,
         or set LAKEHOUSE_JAVA25_HOME (or JAVA_HOME) to one

  --check  only report what is installed; exit 1 if something is missing

The Trino server itself starts on first use by a --target trino command and stays up for the next
ones; \`npm run trino -- status|start|stop\` manages it.`;

export async function enginesCommand(argv: readonly string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: { check: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const unknown = positionals.filter((p) => !ENGINE_INSTALLERS.some((e) => e.name === p));
  if (unknown.length > 0) throw new UsageError(`unknown engine(s) ${unknown.join(', ')}; known: ${ENGINE_INSTALLERS.map((e) => e.name).join(', ')}`);
  const chosen = positionals.length > 0 ? ENGINE_INSTALLERS.filter((e) => positionals.includes(e.name)) : ENGINE_INSTALLERS;
  const cacheDir = enginesCacheDir(env);
  let missing = 0;
  for (const engine of chosen) {
    if (await engine.isInstalled(cacheDir)) {
      io.stdout(`${engine.name} ${engine.pinned}: installed in ${cacheDir}`);
      continue;
    }
    if (values.check) {
      io.stdout(`${engine.name} ${engine.pinned}: missing (run \`npm run engines:install\`)`);
      missing++;
      continue;
    }
    const started = performance.now();
    io.stdout(`${engine.name} ${engine.pinned}: installing into ${cacheDir}`);
    await engine.install(cacheDir, (m) => io.stdout(`  ${m}`));
    io.stdout(`${engine.name} ${engine.pinned}: installed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return missing > 0 ? 1 : 0;
}
