import { Match } from 'aws-cdk-lib/assertions';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { flatten, onlyResource, synthFixture } from './fixture-app.js';

let template: Template;

beforeAll(() => {
  template = synthFixture().template;
});

describe('ProducerService', () => {
  it('deploys the Fargate service idle by default (desired count 0)', () => {
    const { props } = onlyResource(template, 'AWS::ECS::Service');
    expect(props).toMatchObject({
      LaunchType: 'FARGATE',
      DesiredCount: 0,
      NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'ENABLED' } },
      DeploymentConfiguration: { MinimumHealthyPercent: 0, MaximumPercent: 100, DeploymentCircuitBreaker: { Enable: true, Rollback: true } },
    });
  });

  it('runs the producer image asset on arm64 with awslogs and the lake location', () => {
    const { props } = onlyResource(template, 'AWS::ECS::TaskDefinition');
    expect(props).toMatchObject({
      RequiresCompatibilities: ['FARGATE'],
      Cpu: '256',
      Memory: '512',
      RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
    });
    const [container] = props['ContainerDefinitions'] as Record<string, unknown>[];
    expect(container?.['LogConfiguration']).toMatchObject({ LogDriver: 'awslogs', Options: { 'awslogs-stream-prefix': 'producer' } });
    expect(JSON.stringify(flatten(template, container?.['Image']))).toContain('container-assets');
    expect(flatten(template, container?.['Environment'])).toEqual(
      expect.arrayContaining([
        { Name: 'LAKE_BUCKET', Value: 'supermarket-lake' },
        { Name: 'INCOMING_PREFIX', Value: 'incoming/' },
      ]),
    );
  });

  it('builds a minimal VPC: public subnets, no NAT gateway, an S3 gateway endpoint', () => {
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::EC2::Subnet', 2);
    template.allResourcesProperties('AWS::EC2::Subnet', { MapPublicIpOnLaunch: true });
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway', ServiceName: Match.anyValue() });
  });

  it('enables Container Insights on the cluster and retains logs for the configured days', () => {
    template.hasResourceProperties('AWS::ECS::Cluster', { ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }] });
    const { props } = onlyResource(template, 'AWS::ECS::TaskDefinition');
    const [container] = props['ContainerDefinitions'] as { LogConfiguration: { Options: { 'awslogs-group': { Ref: string } } } }[];
    const groupId = container?.LogConfiguration.Options['awslogs-group'].Ref ?? '';
    expect(template.toJSON().Resources[groupId]).toMatchObject({ Properties: { RetentionInDays: 30 } });
  });
});
