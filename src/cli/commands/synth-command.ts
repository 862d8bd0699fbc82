import { statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildLakehouseApp, MissingSourcesError } from '../../../infra/lakehouse-app.js';

/** Output sinks, so the command is testable and never touches the process. */
export interface SynthIo {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
}

const HELP = `Usage: npm run synth -- [--out DIR] [--no-validation]

Synthesizes the AWS deployment (infra/) into CloudFormation templates, offline: no AWS
credentials, no network, no Docker (the producer image is only built by \`npm run deploy\`).
cdk-nag's AwsSolutions checks run during synthesis; an unacknowledged finding fails it.

Options:
  --out DIR          cloud assembly directory (default: cdk.out)
  --no-validation    skip CDK's built-in CloudFormation schema validation (faster)
  -h, --help         show this help

Needs lambda/ingest-handler.ts, producer/Dockerfile, and what \`npm run build:models\` renders:
glue-jobs/backfill_job.py and target/manifest.json (bundled into the Lambda).
`;

/** `npm run synth`: builds the CDK app in-process and writes its cloud assembly. Returns the exit code. */
export async function synthCommand(argv: readonly string[], io: SynthIo): Promise<number> {
  let values: { out?: string; 'no-validation'?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        out: { type: 'string' },
        'no-validation': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.stderr(`synth: ${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
    return 2;
  }
  if (values.help === true) {
    io.stdout(HELP);
    return 0;
  }

  const outdir = path.resolve(values.out ?? 'cdk.out');
  const started = performance.now();
  try {
    const { app } = buildLakehouseApp({ outdir, validateTemplates: values['no-validation'] !== true });
    const assembly = app.synth();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    for (const stack of assembly.stacks) {
      const templatePath = path.join(assembly.directory, stack.templateFile);
      const resources = Object.keys((stack.template as { Resources?: Record<string, unknown> }).Resources ?? {}).length;
      const kib = (statSync(templatePath).size / 1024).toFixed(1);
      io.stdout(`${stack.stackName}: ${path.relative(process.cwd(), templatePath)} (${resources} resources, ${kib} KiB)\n`);
      for (const message of stack.messages) {
        if (message.level !== 'info') io.stderr(`  ${message.level}: ${message.id}: ${String(message.entry.data)}\n`);
      }
    }
    io.stdout(`synthesized ${assembly.stacks.length} stack(s) into ${path.relative(process.cwd(), assembly.directory) || '.'} in ${seconds}s\n`);
    return 0;
  } catch (error) {
    if (error instanceof MissingSourcesError) {
      io.stderr(`synth: ${error.message}\n`);
      return 1;
    }
    io.stderr(`synth failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
