import { defineConfig } from './src/config/define-config.js';

/** The one source of truth for names shared by the compiler, the CLI, the Lambda, the Glue job and the CDK app. */
export default defineConfig({
  project: 'supermarket',
  athena: {
    database: 'supermarket',
    workgroup: 'supermarket',
    region: 'us-east-1',
  },
  lake: {
    bucket: 'supermarket-lake',
    prefixes: { raw: 'raw/', incoming: 'incoming/', tables: 'tables/', rejected: 'rejected/' },
  },
  local: { lakeDir: '.lake' },
  projection: { dtRangeStart: '2024-01-01' },
});
