import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The README's "Deploy to AWS" section, up to the next second-level heading. */
async function deploySection(): Promise<string> {
  const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## Deploy to AWS');
  expect(start).toBeGreaterThanOrEqual(0);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

describe('README: deploy to AWS', () => {
  it('bootstraps CDK in the configured account and region before the first deploy', async () => {
    const s = await deploySection();
    const bootstrap = s.search(/npx cdk bootstrap aws:\/\/<account-id>\/<region>/);
    expect(bootstrap).toBeGreaterThan(0);
    expect(s.indexOf('npm run deploy')).toBeGreaterThan(bootstrap);
  });

  it('says the region comes from athena.region, for the stack and every command alike', async () => {
    const s = await deploySection();
    expect(s).toMatch(/`athena\.region`/);
    expect(s).toMatch(/stack is pinned to it/);
  });

  it('lists the QuickSight prerequisites: subscription, its access to Athena and both buckets, the principal, the order', async () => {
    const s = await deploySection();
    expect(s).toMatch(/QuickSight subscription/);
    expect(s).toMatch(/Security & permissions/);
    expect(s).toMatch(/`infra\.quicksight\.principalArn`/);
    expect(s).toMatch(/after the first `npm run migrate -- --target athena`/);
  });

  it('names only npm scripts that exist', async () => {
    const scripts = Object.keys((JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);
    for (const [, name] of (await deploySection()).matchAll(/npm run ([\w:-]+)/g)) expect(scripts).toContain(name);
  });
});
