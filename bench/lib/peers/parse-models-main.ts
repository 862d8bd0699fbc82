/**
 * `node --import tsx bench/lib/peers/parse-models-main.ts <root>`: our parse as a fresh process — the
 * models under `<root>/models` read, compiled and rendered (unformatted) — so that it compares with
 * a peer's CLI, which pays for its interpreter and imports on every run.
 */
import { loadConfig } from '../../../src/config/load-config.js';
import { ourParse } from './our-pipeline.js';

const root = process.argv[2];
if (!root) throw new Error('usage: parse-models-main.ts <project root with models/>');
const manifest = await ourParse(root, loadConfig());
process.stdout.write(`${manifest.models.length} models\n`);
