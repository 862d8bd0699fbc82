import type { CliIo } from './cli-io.js';

/**
 * Parses a command's flags: the values, or `undefined` once the error (exit 2) or the help (exit 0)
 * has been written; `exitCode` then says which.
 */
export function parseCommandFlags<V extends { help?: boolean | undefined }>(
  parse: () => { values: V },
  io: CliIo,
  help: string,
  script: string,
): { values: V; exitCode?: undefined } | { values?: undefined; exitCode: 0 | 2 } {
  let values: V;
  try {
    values = parse().values;
  } catch (error) {
    io.stderr(`${(error as Error).message}\nRun \`npm run ${script} -- --help\` to see the options.`);
    return { exitCode: 2 };
  }
  if (values.help) {
    io.stdout(help);
    return { exitCode: 0 };
  }
  return { values };
}

/**
 * Reads numeric flags, collecting every bad one in `usageErrors` so a command reports them all at
 * once: `whole` numbers (`12`) or `positive` decimals (`0.5`); an absent flag is `undefined`.
 */
export function numberFlagReader(usageErrors: string[]): (flag: string, text: string | undefined, kind?: 'whole' | 'positive') => number | undefined {
  return (flag, text, kind = 'whole') => {
    if (text === undefined) return undefined;
    if (!(kind === 'whole' ? /^\d+$/ : /^(\d+\.?\d*|\.\d+)$/).test(text)) {
      usageErrors.push(`--${flag} must be a ${kind} number, got "${text}"`);
      return undefined;
    }
    return Number(text);
  };
}
