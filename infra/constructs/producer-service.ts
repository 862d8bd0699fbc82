import path from 'node:path';
import { Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { INFRA_DEFAULTS } from '../../src/config/infra-config-schema.js';
import type { LakePrefixes } from './lake-prefixes.js';
import { acknowledgePrefixWildcards, objectArns } from './lake-prefixes.js';

/** Props of {@link ProducerService}. */
export interface ProducerServiceProps {
  /** The lake bucket the producer writes live transaction files into. */
  readonly lakeBucket: s3.IBucket;
  /** The lake's key prefixes (the producer writes `incoming` only). */
  readonly prefixes: LakePrefixes;
  /** Docker build context: the repository root. @default process.cwd() */
  readonly projectRoot?: string;
  /** Dockerfile, relative to `projectRoot`. @default "producer/Dockerfile" */
  readonly dockerfile?: string;
  /**
   * VPC to run in. The default is a two-AZ VPC with public subnets only and no NAT gateway (the task
   * gets a public IP for ECR and reaches S3 through a free gateway endpoint).
   * @default a new minimal VPC
   */
  readonly vpc?: ec2.IVpc;
  /** Running tasks; 0 deploys everything but runs nothing. @default 0 */
  readonly desiredCount?: number;
  /** Task CPU units. @default 256 */
  readonly cpu?: number;
  /** Task memory in MiB. @default 512 */
  readonly memoryMiB?: number;
  /** Run on arm64 (Graviton) rather than x86_64. @default true */
  readonly arm64?: boolean;
  /** Container command. @default ["npx", "tsx", "src/cli/main.ts", "produce", "--target", "athena"] (the Dockerfile's CMD) */
  readonly command?: readonly string[];
  /** Retention of the container log group. @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** Extra environment variables, merged over the lake ones. @default {} */
  readonly environment?: Readonly<Record<string, string>>;
}

/** The live producer as an ECS Fargate service writing transaction files into `incoming/`. */
export class ProducerService extends Construct {
  readonly vpc: ec2.IVpc;
  readonly cluster: ecs.Cluster;
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly service: ecs.FargateService;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ProducerServiceProps) {
    super(scope, id);
    const projectRoot = props.projectRoot ?? process.cwd();
    const arm64 = props.arm64 ?? INFRA_DEFAULTS.producer.arm64;
    const incoming = props.prefixes.incoming;

    if (props.vpc === undefined) {
      const vpc = new ec2.Vpc(this, 'Vpc', {
        maxAzs: 2,
        natGateways: 0,
        subnetConfiguration: [{ name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 }],
        gatewayEndpoints: { S3: { service: ec2.GatewayVpcEndpointAwsService.S3 } },
        // Nothing uses the default security group; restricting it costs a custom-resource Lambda.
        restrictDefaultSecurityGroup: false,
      });
      Validations.of(vpc).acknowledge({
        id: 'AwsSolutions-VPC7',
        reason:
          'The VPC only hosts the egress-only producer task with no inbound rules; flow logs would cost more than the task and show nothing the container logs do not.',
      });
      this.vpc = vpc;
    } else {
      this.vpc = props.vpc;
    }

    this.cluster = new ecs.Cluster(this, 'Cluster', {
      vpc: this.vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
    });

    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      cpu: props.cpu ?? INFRA_DEFAULTS.producer.cpu,
      memoryLimitMiB: props.memoryMiB ?? INFRA_DEFAULTS.producer.memoryMiB,
      runtimePlatform: {
        cpuArchitecture: arm64 ? ecs.CpuArchitecture.ARM64 : ecs.CpuArchitecture.X86_64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });
    this.taskDefinition.addToTaskRolePolicy(
      new iam.PolicyStatement({
        sid: 'WriteIncoming',
        actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
        resources: objectArns(props.lakeBucket, [incoming]),
      }),
    );

    acknowledgePrefixWildcards(this.taskDefinition.taskRole, props.lakeBucket, [incoming], 'The producer');
    const executionRole = this.taskDefinition.obtainExecutionRole();
    Validations.of(executionRole).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'ecr:GetAuthorizationToken has no resource-level permissions (AWS requires *); the image pull actions themselves are scoped to the asset repository.',
    });

    this.taskDefinition.addContainer('producer', {
      image: ecs.ContainerImage.fromAsset(projectRoot, {
        file: props.dockerfile ?? path.join('producer', 'Dockerfile'),
        platform: arm64 ? Platform.LINUX_ARM64 : Platform.LINUX_AMD64,
      }),
      ...(props.command === undefined ? {} : { command: [...props.command] }),
      environment: {
        LAKE_BUCKET: props.lakeBucket.bucketName,
        INCOMING_PREFIX: incoming,
        ...props.environment,
      },
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'producer', logGroup: this.logGroup }),
    });
    Validations.of(this.taskDefinition).acknowledge({
      id: 'AwsSolutions-ECS2',
      reason: 'The environment carries only the bucket name and prefix, no secrets; credentials come from the task role.',
    });

    this.service = new ecs.FargateService(this, 'Service', {
      cluster: this.cluster,
      taskDefinition: this.taskDefinition,
      desiredCount: props.desiredCount ?? INFRA_DEFAULTS.producer.desiredCount,
      // Public subnets without NAT: the public IP is the only way out to ECR and CloudWatch Logs.
      assignPublicIp: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      // Stop-then-start on deploy: one producer at a time keeps the configured rate honest.
      minHealthyPercent: 0,
      maxHealthyPercent: 100,
      circuitBreaker: { enable: true, rollback: true },
    });
  }
}
