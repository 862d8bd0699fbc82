import path from 'node:path';
import { CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { ProjectConfig } from '../src/config/define-config.js';
import { AthenaWorkgroup } from './constructs/athena-workgroup.js';
import { CompactionSchedule } from './constructs/compaction-schedule.js';
import { GlueBatchJob } from './constructs/glue-batch-job.js';
import { GlueCatalog } from './constructs/glue-catalog.js';
import { IngestFunction } from './constructs/ingest-function.js';
import { IngestQueue } from './constructs/ingest-queue.js';
import { LakeStorage } from './constructs/lake-storage.js';
import { ProducerService } from './constructs/producer-service.js';
import { QuickSightDatasets } from './constructs/quicksight-datasets.js';
import type { QuickSightView } from './constructs/quicksight-datasets.js';

/** Where the stack finds the code it deploys; relative paths are resolved against `projectRoot`. */
export interface LakehouseSources {
  /** Repository root (Docker build context, lock file). */
  readonly projectRoot: string;
  /** Ingest handler module. @default "lambda/ingest-handler.ts" */
  readonly ingestEntry?: string;
  /** Compaction handler module. @default "lambda/compaction-handler.ts" */
  readonly compactionEntry?: string;
  /** Rendered Glue script. @default "glue-jobs/backfill_job.py" */
  readonly glueScript?: string;
  /** Producer Dockerfile. @default "producer/Dockerfile" */
  readonly producerDockerfile?: string;
  /** Analyst views exposed as QuickSight datasets (used only when `infra.quicksight.enabled`). @default [] */
  readonly quicksightViews?: readonly QuickSightView[];
}

/** Props of {@link LakehouseStack}. */
export interface LakehouseStackProps extends StackProps {
  /** The project configuration (`dbt-like.config.ts`). */
  readonly config: ProjectConfig;
  /** Code locations. */
  readonly sources: LakehouseSources;
}

/** The whole AWS deployment of the lakehouse, named and sized from the project configuration. */
export class LakehouseStack extends Stack {
  readonly storage: LakeStorage;
  readonly workgroup: AthenaWorkgroup;
  readonly catalog: GlueCatalog;
  readonly batchJob: GlueBatchJob;
  readonly ingest: IngestFunction;
  /** S3 notifications → SQS → the ingest Lambda, in batches. */
  readonly ingestQueue: IngestQueue;
  readonly compaction: CompactionSchedule;
  readonly producer: ProducerService;
  readonly quicksight?: QuickSightDatasets;

  constructor(scope: Construct, id: string, props: LakehouseStackProps) {
    super(scope, id, props);
    const { config, sources } = props;
    const { infra } = config;
    const prefixes = config.lake.prefixes;
    const logRetention = infra.logRetentionDays as logs.RetentionDays;
    const results = parseS3Url(config.athena.outputLocation);

    this.storage = new LakeStorage(this, 'Storage', {
      lakeBucketName: config.lake.bucket,
      resultsBucketName: results.bucket,
      rejectedPrefix: prefixes.rejected,
      incomingPrefix: prefixes.incoming,
      ledgerPrefix: `${prefixes.tables}_ledger/`,
      rejectedExpirationDays: infra.lifecycle.rejectedExpirationDays,
      incomingExpirationDays: infra.lifecycle.incomingExpirationDays,
      resultsExpirationDays: infra.lifecycle.athenaResultsExpirationDays,
      accessLogsExpirationDays: infra.lifecycle.accessLogsExpirationDays,
    });
    const lakeBucket = this.storage.lakeBucket;

    this.workgroup = new AthenaWorkgroup(this, 'Athena', {
      workgroupName: config.athena.workgroup,
      resultsBucket: this.storage.resultsBucket,
      resultsPrefix: results.prefix,
      bytesScannedCutoffPerQuery: config.athena.bytesScannedCutoffPerQuery,
    });

    this.catalog = new GlueCatalog(this, 'Catalog', { databaseName: config.athena.database });

    this.batchJob = new GlueBatchJob(this, 'Backfill', {
      jobName: `${config.project}-backfill`,
      scriptPath: resolveSource(sources, sources.glueScript ?? `${config.glueJobsDir}/backfill_job.py`),
      lakeBucket,
      prefixes,
      databaseName: config.athena.database,
      catalogArn: this.catalog.catalogArn,
      workerType: infra.glue.workerType,
      numberOfWorkers: infra.glue.numberOfWorkers,
      timeoutMinutes: infra.glue.timeoutMinutes,
      logRetention,
    });

    this.ingest = new IngestFunction(this, 'Ingest', {
      lakeBucket,
      prefixes,
      projectRoot: sources.projectRoot,
      entry: sources.ingestEntry ?? 'lambda/ingest-handler.ts',
      memoryMiB: infra.ingest.memoryMiB,
      timeoutSeconds: infra.ingest.timeoutSeconds,
      logRetention,
    });

    this.ingestQueue = new IngestQueue(this, 'IngestQueue', {
      lakeBucket,
      incomingPrefix: prefixes.incoming,
      consumer: this.ingest.function,
      consumerTimeout: Duration.seconds(infra.ingest.timeoutSeconds),
      batchSize: infra.ingest.batchSize,
      batchingWindow: Duration.seconds(infra.ingest.batchingWindowSeconds),
    });

    this.compaction = new CompactionSchedule(this, 'Compaction', {
      lakeBucket,
      prefixes,
      projectRoot: sources.projectRoot,
      entry: sources.compactionEntry ?? 'lambda/compaction-handler.ts',
      schedule: infra.compaction.schedule,
      memoryMiB: infra.compaction.memoryMb,
      timeoutMinutes: infra.compaction.timeoutMinutes,
      olderThanMinutes: infra.compaction.olderThanMinutes,
      graceMinutes: infra.compaction.graceMinutes,
      commitDelayMinutes: infra.compaction.commitDelayMinutes,
      targetBytes: infra.compaction.targetMb * 1024 * 1024,
      ...(infra.compaction.reservedConcurrency === undefined ? {} : { reservedConcurrency: infra.compaction.reservedConcurrency }),
      logRetention,
    });

    this.producer = new ProducerService(this, 'Producer', {
      lakeBucket,
      prefixes,
      projectRoot: sources.projectRoot,
      dockerfile: sources.producerDockerfile ?? 'producer/Dockerfile',
      desiredCount: infra.producer.desiredCount,
      cpu: infra.producer.cpu,
      memoryMiB: infra.producer.memoryMiB,
      arm64: infra.producer.arm64,
      logRetention,
    });

    if (infra.quicksight.enabled) {
      if (infra.quicksight.principalArn === undefined) {
        throw new Error(
          'infra.quicksight.enabled is true but infra.quicksight.principalArn is not set: add the QuickSight user or group ARN ' +
            '(arn:aws:quicksight:<region>:<account>:user/default/<name>) to dbt-like.config.ts',
        );
      }
      this.quicksight = new QuickSightDatasets(this, 'QuickSight', {
        principalArn: infra.quicksight.principalArn,
        workgroupName: config.athena.workgroup,
        databaseName: config.athena.database,
        views: sources.quicksightViews ?? [],
      });
      this.quicksight.node.addDependency(this.workgroup);
    }

    new CfnOutput(this, 'LakeBucketName', { value: lakeBucket.bucketName });
    new CfnOutput(this, 'AthenaWorkgroupName', { value: config.athena.workgroup });
    new CfnOutput(this, 'GlueDatabaseName', { value: config.athena.database });
    new CfnOutput(this, 'BackfillJobName', { value: this.batchJob.jobName });
    new CfnOutput(this, 'IngestFunctionName', { value: this.ingest.function.functionName });
    new CfnOutput(this, 'CompactionFunctionName', { value: this.compaction.function.functionName });
    new CfnOutput(this, 'IngestQueueUrl', { value: this.ingestQueue.queue.queueUrl });
    new CfnOutput(this, 'IngestDeadLetterQueueUrl', { value: this.ingestQueue.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'ProducerClusterName', { value: this.producer.cluster.clusterName });
    new CfnOutput(this, 'ProducerServiceName', { value: this.producer.service.serviceName });
  }
}

function resolveSource(sources: LakehouseSources, relative: string): string {
  return path.resolve(sources.projectRoot, relative);
}

/** `s3://bucket/some/prefix/` → bucket and prefix (`some/prefix/`, possibly empty). */
function parseS3Url(url: string): { bucket: string; prefix: string } {
  const match = /^s3:\/\/([^/]+)\/(.*)$/.exec(url);
  if (match === null || match[1] === undefined) throw new Error(`not an s3:// URL: ${url}`);
  return { bucket: match[1], prefix: match[2] ?? '' };
}
