/**
 * CDK app entry for the CDK CLI: `cdk deploy --app "npx tsx infra/app.ts"`. `npm run synth` does not
 * come through here; it synthesizes in-process (src/cli/commands/synth-command.ts).
 */
import { buildLakehouseApp } from './lakehouse-app.js';

const { app } = buildLakehouseApp();
app.synth();
