import * as athena from 'aws-cdk-lib/aws-athena';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { PROJECT_DEFAULTS } from '../../src/config/project-config-schema.js';

/** Props of {@link AthenaWorkgroup}. */
export interface AthenaWorkgroupProps {
  /** Workgroup name; the CLI and the dashboard run their queries in it. */
  readonly workgroupName: string;
  /** Bucket receiving query results. */
  readonly resultsBucket: s3.IBucket;
  /** Key prefix of query results inside the results bucket (empty or ending with `/`). @default "" */
  readonly resultsPrefix?: string;
  /** Queries scanning more than this many bytes are cancelled: the workgroup's cost guard. @default 10 GiB */
  readonly bytesScannedCutoffPerQuery?: number;
  /** Publish per-query CloudWatch metrics (bytes scanned, run time). @default true */
  readonly publishCloudWatchMetrics?: boolean;
}

/** The Athena workgroup: engine v3, enforced result location and SSE-S3, a bytes-scanned cutoff. */
export class AthenaWorkgroup extends Construct {
  readonly workgroup: athena.CfnWorkGroup;
  readonly workgroupName: string;

  constructor(scope: Construct, id: string, props: AthenaWorkgroupProps) {
    super(scope, id);
    this.workgroupName = props.workgroupName;
    this.workgroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: props.workgroupName,
      description: 'Supermarket lakehouse queries: results location, encryption and cost cutoff are enforced',
      state: 'ENABLED',
      // Lets `cdk destroy` remove the workgroup even after queries have run in it.
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        // Enforced, so a client-side output location or unencrypted result setting cannot bypass it.
        enforceWorkGroupConfiguration: true,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        bytesScannedCutoffPerQuery: props.bytesScannedCutoffPerQuery ?? PROJECT_DEFAULTS.athena.bytesScannedCutoffPerQuery,
        publishCloudWatchMetricsEnabled: props.publishCloudWatchMetrics ?? true,
        resultConfiguration: {
          outputLocation: `s3://${props.resultsBucket.bucketName}/${props.resultsPrefix ?? ''}`,
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
        },
      },
    });
  }
}
