import type { CfnElement } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LakehouseStack } from '../../infra/lakehouse-stack.js';
import { flatten, synthFixture } from './fixture-app.js';

interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

const LAKE = 'arn:aws:s3:::supermarket-lake';

let template: Template;
let stack: LakehouseStack;
/** Role logical id → its policy statements (flattened to strings). */
const statementsByRole = new Map<string, Statement[]>();

const list = (v: string | string[]): string[] => (Array.isArray(v) ? v : [v]);
const idOf = (construct: { node: { defaultChild?: unknown } }): string => stack.getLogicalId(construct.node.defaultChild as CfnElement);

/** action → sorted lake object prefixes it is granted on, for one role. */
function lakeObjectGrants(roleId: string): Record<string, string[]> {
  const grants: Record<string, Set<string>> = {};
  for (const s of statementsByRole.get(roleId) ?? []) {
    for (const resource of list(s.Resource)) {
      if (!resource.startsWith(`${LAKE}/`)) continue;
      for (const action of list(s.Action)) (grants[action] ??= new Set()).add(resource.slice(LAKE.length + 1));
    }
  }
  return Object.fromEntries(Object.entries(grants).map(([a, r]) => [a, [...r].sort()]));
}

beforeAll(() => {
  ({ template, stack } = synthFixture());
  for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
    const props = flatten(template, (policy as { Properties: unknown }).Properties) as {
      PolicyDocument: { Statement: Statement[] };
      Roles: string[];
    };
    for (const role of props.Roles) {
      const id = role.replace(/^<|>$/g, '');
      statementsByRole.set(id, [...(statementsByRole.get(id) ?? []), ...props.PolicyDocument.Statement]);
    }
  }
});

describe('IAM least privilege', () => {
  it('never grants a wildcard action, s3:* or otherwise', () => {
    const actions = [...statementsByRole.values()].flat().flatMap((s) => list(s.Action));
    expect(actions.length).toBeGreaterThan(10);
    for (const action of actions) {
      expect(action, action).not.toContain('*');
      expect(action).not.toBe('s3:*');
    }
  });

  it('only allows (the TLS deny in bucket policies is the one s3:* in the template)', () => {
    for (const s of [...statementsByRole.values()].flat()) expect(s.Effect).toBe('Allow');
  });

  it('lets the ingest Lambda read incoming/ and tables/, write tables/ and rejected/, and delete only ledger entries and hidden lists', () => {
    const roleId = idOf(stack.ingest.role);
    expect(lakeObjectGrants(roleId)).toEqual({
      's3:GetObject': ['incoming/*', 'tables/*'],
      's3:PutObject': ['rejected/*', 'tables/*'],
      's3:AbortMultipartUpload': ['rejected/*', 'tables/*'],
      's3:DeleteObject': ['tables/_hidden/*', 'tables/_ledger/*'],
    });
    const listing = statementsByRole.get(roleId)?.filter((s) => list(s.Action).includes('s3:ListBucket')) ?? [];
    expect(listing).toEqual([expect.objectContaining({ Resource: LAKE, Condition: { StringLikeIfExists: { 's3:prefix': ['incoming/*', 'tables/*'] } } })]);
  });

  it('lets the Glue job read raw/, write tables/, and quarantine into rejected/batch/ only', () => {
    const roleId = idOf(stack.batchJob.role);
    expect(lakeObjectGrants(roleId)).toEqual({
      's3:GetObject': ['raw/*', 'rejected/batch/*', 'tables/*'],
      's3:PutObject': ['rejected/batch/*', 'tables/*'],
      's3:DeleteObject': ['rejected/batch/*', 'tables/*'],
      's3:AbortMultipartUpload': ['rejected/batch/*', 'tables/*'],
    });
    const listing = statementsByRole.get(roleId)?.filter((s) => list(s.Action).includes('s3:ListBucket')) ?? [];
    expect(listing).toHaveLength(1);
    expect(listing[0]?.Resource).toBe(LAKE);
    // IfExists: Spark's existence checks HEAD missing keys; S3 answers 404 (not 403) only after an
    // implicit ListBucket check, which carries no s3:prefix — StringLike would deny it.
    expect(listing[0]?.Condition).toEqual({ StringLikeIfExists: { 's3:prefix': ['raw/*', 'tables/*', 'rejected/batch/*'] } });
  });

  it('lets the Glue job read its own script asset object and nothing else outside the lake', () => {
    const s3Resources = (statementsByRole.get(idOf(stack.batchJob.role)) ?? [])
      .filter((s) => list(s.Action).some((a) => a.startsWith('s3:')))
      .flatMap((s) => list(s.Resource))
      .filter((r) => !r.startsWith(LAKE));
    expect(s3Resources).toHaveLength(1);
    expect(s3Resources[0]).toMatch(/^arn:aws:s3:::cdk-[a-z0-9]+-assets-<account>-us-east-1\/[0-9a-f]{64}\.py$/);
  });

  it('lets the compaction Lambda read, write and delete under tables/, quarantine duplicates in rejected/, and list tables/ only', () => {
    const roleId = idOf(stack.compaction.role);
    expect(lakeObjectGrants(roleId)).toEqual({
      's3:GetObject': ['tables/*'],
      's3:PutObject': ['rejected/*', 'tables/*'],
      's3:DeleteObject': ['tables/*'],
    });
    const listing = statementsByRole.get(roleId)?.filter((s) => list(s.Action).includes('s3:ListBucket')) ?? [];
    // IfExists: a HEAD of a partition's missing hidden list must get 404, through an implicit ListBucket check without s3:prefix.
    expect(listing).toEqual([
      expect.objectContaining({ Action: 's3:ListBucket', Resource: LAKE, Condition: { StringLikeIfExists: { 's3:prefix': ['tables/*'] } } }),
    ]);
    // Nothing else: its lake grants above, and its own log streams.
    const other = (statementsByRole.get(roleId) ?? []).filter((s) => !list(s.Resource).some((r) => r === LAKE || r.startsWith(`${LAKE}/`)));
    expect(other).toHaveLength(1);
    expect(list(other[0]?.Action ?? [])).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    expect(list(other[0]?.Resource ?? [])).toEqual([`arn:aws:logs:us-east-1:<account>:log-group:<${idOf(stack.compaction.logGroup)}>:log-stream:*`]);
  });

  it('lets the producer write incoming/ only', () => {
    expect(lakeObjectGrants(idOf(stack.producer.taskDefinition.taskRole))).toEqual({
      's3:PutObject': ['incoming/*'],
      's3:AbortMultipartUpload': ['incoming/*'],
    });
  });

  it('gives no other role access to the lake bucket, except CDK setting its notifications', () => {
    const allowed = new Set([idOf(stack.ingest.role), idOf(stack.compaction.role), idOf(stack.batchJob.role), idOf(stack.producer.taskDefinition.taskRole)]);
    for (const [roleId, statements] of statementsByRole) {
      if (allowed.has(roleId)) continue;
      for (const s of statements) {
        if (!list(s.Resource).some((r) => r.startsWith(LAKE))) continue;
        expect(roleId).toMatch(/^BucketNotificationsHandler/);
        expect(s).toMatchObject({ Action: 's3:PutBucketNotification', Resource: LAKE });
      }
    }
  });

  it('scopes every S3 object grant to a prefix, never the whole bucket', () => {
    for (const s of [...statementsByRole.values()].flat()) {
      for (const r of list(s.Resource)) if (r.startsWith(`${LAKE}/`)) expect(r).toMatch(/^arn:aws:s3:::supermarket-lake\/[a-z_]+\/([a-z_]+\/)?\*$/);
    }
  });

  it('uses resource * only where AWS allows nothing narrower', () => {
    const star = [...statementsByRole.values()]
      .flat()
      .filter((s) => list(s.Resource).includes('*'))
      .flatMap((s) => list(s.Action));
    // ECR authorization tokens have no resource ARN.
    expect(star).toEqual(['ecr:GetAuthorizationToken']);
  });

  it('attaches no AWS managed policy to the roles this project defines', () => {
    const ours = [
      stack.ingest.role,
      stack.compaction.role,
      stack.batchJob.role,
      stack.producer.taskDefinition.taskRole,
      stack.producer.taskDefinition.obtainExecutionRole(),
    ];
    for (const role of ours) {
      const props = template.toJSON().Resources[idOf(role)].Properties as { ManagedPolicyArns?: unknown };
      expect(props.ManagedPolicyArns).toBeUndefined();
    }
  });
});
