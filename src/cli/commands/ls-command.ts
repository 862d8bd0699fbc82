import { parseArgs } from 'node:util';
import { SELECTION_HELP, SELECTION_OPTIONS, selectionFromArgs } from '../../selection/selection-options.js';
import type { CliIo } from '../cli-io.js';
import { loadProject } from '../project.js';

const HELP = `Usage: npm run ls -- [--select SEL] [--exclude SEL] [--state DIR] [--format table|json]

Prints what a selection resolves to — name, kind, path — in dependency order (a model after
everything it reads), as build:models, migrate, test:data and backfill would act on it.

${SELECTION_HELP}
  --format             table (default) or json

Examples:
  npm run ls -- --select +daily_store_sales          the mart and everything upstream of it
  npm run ls -- --select transactions+ --exclude tag:finance
  npm run ls -- --select state:modified+ --state prod-state/`;

const KIND_LABEL: Record<string, string> = { source: 'source', table: 'table', view: 'view', ctas: 'mart' };

export async function lsCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: { ...SELECTION_OPTIONS, format: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const { root, manifest } = await loadProject();
  const { models } = await selectionFromArgs(values, manifest, root);
  if (values.format === 'json') {
    io.stdout(
      JSON.stringify(
        models.map((m) => ({ name: m.name, kind: KIND_LABEL[m.kind], path: m.path, tags: m.tags ?? [], dependsOn: m.dependsOn })),
        null,
        2,
      ),
    );
    return 0;
  }
  if (models.length === 0) {
    io.stdout('The selection is empty.');
    return 0;
  }
  const width = Math.max(...models.map((m) => m.name.length));
  for (const m of models) io.stdout(`${m.name.padEnd(width)}  ${KIND_LABEL[m.kind]!.padEnd(6)}  ${m.path}${m.tags ? `  [${m.tags.join(', ')}]` : ''}`);
  io.stdout(`\n${models.length} model(s).`);
  return 0;
}
