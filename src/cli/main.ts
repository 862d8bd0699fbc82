import { buildCommand } from './commands/build-command.js';
import { processIo, type CliIo } from './cli-io.js';

type Command = (argv: readonly string[], io: CliIo) => Promise<number>;

/** Each command is loaded on demand so that `npm run query` does not pay for the CDK. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  build: { summary: 'render all artifacts (npm run build:models)', load: async () => buildCommand },
};

function usage(): string {
  return `Usage: tsx src/cli/main.ts <command> [options]   (normally through npm run …)\n\nCommands:\n${Object.entries(COMMANDS)
    .map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`)
    .join('\n')}\n\nEach command has --help.`;
}

async function main(): Promise<number> {
  const [name, ...argv] = process.argv.slice(2);
  if (!name || name === '--help' || name === '-h') {
    processIo.stdout(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    processIo.stderr(`unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    return await (await command.load())(argv, processIo);
  } catch (e) {
    const err = e as Error & { code?: string };
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' || err.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      processIo.stderr(`${err.message}\nRun with --help to see the options.`);
      return 2;
    }
    processIo.stderr(`error: ${err.message}`);
    if (process.env.DEBUG) processIo.stderr(err.stack ?? '');
    return 1;
  }
}

process.exitCode = await main();
