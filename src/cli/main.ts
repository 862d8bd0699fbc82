import { buildCommand } from './commands/build-command.js';
import { processIo, type CliIo } from './cli-io.js';
import { ModelCompileError } from '../compiler/model-error.js';
import { UsageError } from './project.js';

type Command = (argv: readonly string[], io: CliIo) => Promise<number>;

/** Each command is loaded on demand so that `npm run query` does not pay for the CDK. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  start: {
    summary: 'the whole pipeline locally, with the dashboard (npm start)',
    load: async () => (await import('./commands/start-command.js')).startCommand,
  },
  build: { summary: 'render all artifacts (npm run build:models)', load: async () => buildCommand },
  ls: { summary: 'print what a --select/--exclude selection resolves to (npm run ls)', load: async () => (await import('./commands/ls-command.js')).lsCommand },
  migrate: { summary: 'plan and apply the catalog change on a target', load: async () => (await import('./commands/migrate-command.js')).migrateCommand },
  backfill: {
    summary: 'run the batch job (DuckDB locally, the Glue job on AWS)',
    load: async () => (await import('./commands/backfill-command.js')).backfillCommand,
  },
  ingest: {
    summary: 'local Lambda runtime: watch incoming/ and land transactions',
    load: async () => (await import('./commands/ingest-command.js')).ingestCommand,
  },
  dashboard: { summary: 'serve the live dashboard (npm run dashboard)', load: async () => (await import('./commands/dashboard-command.js')).dashboardCommand },
  produce: {
    summary: 'live producer into incoming/',
    load: async () => {
      const { produceCommand } = await import('./commands/produce-command.js');
      return (argv, io) => produceCommand(argv, io, process.env);
    },
  },
  compact: { summary: 'merge small files in table partitions', load: async () => (await import('./commands/compact-command.js')).compactCommand },
  query: { summary: 'run SQL on a target', load: async () => (await import('./commands/query-command.js')).queryCommand },
  'test-unit': {
    summary: 'run the unit cases of views and marts on given rows (npm run test:unit)',
    load: async () => (await import('./commands/test-unit-command.js')).testUnitCommand,
  },
  docs: { summary: 'write (and --serve) the docs and lineage site of the models', load: async () => (await import('./commands/docs-command.js')).docsCommand },
  freshness: {
    summary: 'how old the newest rows are, against warn_after / error_after',
    load: async () => (await import('./commands/freshness-command.js')).freshnessCommand,
  },
  'test-data': { summary: "run the models' data tests on a target", load: async () => (await import('./commands/test-data-command.js')).testDataCommand },
  generate: {
    summary: 'write dimension data and historical raw logs',
    load: async () => {
      const { generateCommand } = await import('./commands/generate-command.js');
      return (argv, io) => generateCommand(argv, io, process.env);
    },
  },
  engines: {
    summary: 'fetch the pinned real engines (npm run engines:install)',
    load: async () => {
      const { enginesCommand } = await import('./commands/engines-command.js');
      return (argv, io) => enginesCommand(argv, io, process.env);
    },
  },
  trino: {
    summary: "status, start or stop the trino target's local server",
    load: async () => {
      const { trinoCommand } = await import('./commands/trino-command.js');
      return (argv, io) => trinoCommand(argv, io, process.env);
    },
  },
  synth: { summary: 'cdk synth, offline, no credentials needed', load: async () => (await import('./commands/synth-command.js')).synthCommand },
  cost: { summary: 'estimate the monthly AWS cost, ours vs the original design', load: async () => (await import('./commands/cost-command.js')).costCommand },
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
    return await (
      await command.load()
    )(argv, processIo);
  } catch (e) {
    const err = e as Error & { code?: string };
    if (err instanceof UsageError) {
      processIo.stderr(`${err.message}\nRun with --help to see the options.`);
      return 2;
    }
    if (err instanceof ModelCompileError) {
      processIo.stderr(`${err.message}\nFix the models, then run the command again.`);
      return 1;
    }
    if (
      err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ||
      err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' ||
      err.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL'
    ) {
      processIo.stderr(`${err.message}\nRun with --help to see the options.`);
      return 2;
    }
    processIo.stderr(`error: ${err.message}`);
    if (err.code === 'EACCES' || err.code === 'EROFS' || err.code === 'EPERM') {
      processIo.stderr(
        'The lake (or that path) is read-only for this user: queries still work (npm run query, npm run dashboard, npm run test:data); commands that write (ingest, compact, backfill, migrate, generate) need write access.',
      );
    }
    if (process.env.DEBUG) processIo.stderr(err.stack ?? '');
    return 1;
  }
}

process.exitCode = await main();
