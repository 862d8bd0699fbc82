import { readFile, writeFile } from 'node:fs/promises';
import { MODEL_REFERENCE_FILE, renderModelReference } from './render-model-reference.js';

/**
 * `npm run docs:reference` writes docs/model-reference.md; `-- --check` exits 1 when the committed
 * file differs from what the schemas say (as the golden test does).
 */
const HELP = `Usage: npm run docs:reference -- [--check]

Renders ${MODEL_REFERENCE_FILE} from the {{config}} and project-config zod schemas and the helper registry.
  --check   write nothing; exit 1 if the file is stale`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(HELP);
} else {
  const text = renderModelReference();
  if (args.includes('--check')) {
    const current = await readFile(MODEL_REFERENCE_FILE, 'utf8').catch(() => '');
    if (current !== text) {
      console.error(`${MODEL_REFERENCE_FILE} is stale: run npm run docs:reference and commit it`);
      process.exitCode = 1;
    }
  } else {
    await writeFile(MODEL_REFERENCE_FILE, text);
    console.log(`wrote ${MODEL_REFERENCE_FILE}`);
  }
}
