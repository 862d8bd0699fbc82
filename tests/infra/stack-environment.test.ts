import { Token } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { buildFixtureApp } from './fixture-app.js';

// The CLI, the Glue runner, the Athena engine and the producer all talk to `config.athena.region`; a
// stack without a region would deploy wherever the deployer's profile points, and they would miss it.
describe('LakehouseStack environment', () => {
  it("is pinned to the configuration's region", () => {
    const { stack } = buildFixtureApp({ config: { project: 'supermarket', lake: { bucket: 'supermarket-lake' }, athena: { region: 'eu-west-1' } } });
    expect(Token.isUnresolved(stack.region)).toBe(false);
    expect(stack.region).toBe('eu-west-1');
  });

  it('takes the account from the CDK default environment when given, and stays account-agnostic otherwise', () => {
    const config = { project: 'supermarket', lake: { bucket: 'supermarket-lake' } };
    expect(buildFixtureApp({ config, account: '123456789012' }).stack.account).toBe('123456789012');
    expect(Token.isUnresolved(buildFixtureApp({ config, account: undefined }).stack.account)).toBe(true);
  });
});
