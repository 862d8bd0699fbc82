import { Stack } from 'aws-cdk-lib';
import * as quicksight from 'aws-cdk-lib/aws-quicksight';
import { Construct } from 'constructs';

/** QuickSight's column types for a relational table's input columns. */
export type QuickSightColumnType = 'STRING' | 'INTEGER' | 'DECIMAL' | 'DATETIME' | 'BOOLEAN';

/** One analyst view exposed as a dataset; QuickSight needs its columns up front. */
export interface QuickSightView {
  /** View name in the Glue database, e.g. `sales_by_store`. */
  readonly name: string;
  /** The view's columns, in order. */
  readonly columns: readonly { readonly name: string; readonly type: QuickSightColumnType }[];
}

/** Props of {@link QuickSightDatasets}. */
export interface QuickSightDatasetsProps {
  /** QuickSight user or group ARN that owns the data source and datasets. */
  readonly principalArn: string;
  /** Athena workgroup the data source queries through (its cutoff and result location apply). */
  readonly workgroupName: string;
  /** Glue database holding the views. */
  readonly databaseName: string;
  /** Views to expose, e.g. sales_by_store, top_skus, hourly_sales, transaction_totals. */
  readonly views: readonly QuickSightView[];
  /** Id prefix of the data source and datasets. @default the stack name, lower-cased */
  readonly idPrefix?: string;
}

const DATA_SOURCE_ACTIONS = [
  'quicksight:DescribeDataSource',
  'quicksight:DescribeDataSourcePermissions',
  'quicksight:PassDataSource',
  'quicksight:UpdateDataSource',
  'quicksight:UpdateDataSourcePermissions',
  'quicksight:DeleteDataSource',
];

const DATA_SET_ACTIONS = [
  'quicksight:DescribeDataSet',
  'quicksight:DescribeDataSetPermissions',
  'quicksight:PassDataSet',
  'quicksight:DescribeIngestion',
  'quicksight:ListIngestions',
  'quicksight:UpdateDataSet',
  'quicksight:UpdateDataSetPermissions',
  'quicksight:DeleteDataSet',
  'quicksight:CreateIngestion',
  'quicksight:CancelIngestion',
];

/**
 * An Athena data source and one direct-query dataset per analyst view. QuickSight's own service role
 * must be allowed to use Athena and read the lake bucket (QuickSight console → Security & permissions).
 */
export class QuickSightDatasets extends Construct {
  readonly dataSource: quicksight.CfnDataSource;
  readonly dataSets: readonly quicksight.CfnDataSet[];

  constructor(scope: Construct, id: string, props: QuickSightDatasetsProps) {
    super(scope, id);
    if (props.views.length === 0) {
      throw new Error(
        'QuickSightDatasets: no analyst view with known columns. QuickSight declares every dataset column up front; ' +
          'the compiled manifest (target/manifest.json, `npm run build:models`) must list `columns` for each view.',
      );
    }
    const stack = Stack.of(this);
    const prefix = props.idPrefix ?? stack.stackName.toLowerCase();

    this.dataSource = new quicksight.CfnDataSource(this, 'DataSource', {
      awsAccountId: stack.account,
      dataSourceId: `${prefix}-athena`,
      name: `${prefix} (Athena ${props.workgroupName})`,
      type: 'ATHENA',
      dataSourceParameters: { athenaParameters: { workGroup: props.workgroupName } },
      sslProperties: { disableSsl: false },
      permissions: [{ principal: props.principalArn, actions: DATA_SOURCE_ACTIONS }],
    });

    this.dataSets = props.views.map((view) => {
      // PhysicalTableMap keys and dataset ids allow [0-9a-zA-Z-] only; view names use underscores.
      const viewId = view.name.replace(/[^0-9a-zA-Z-]/g, '-');
      const dataSet = new quicksight.CfnDataSet(this, `DataSet-${view.name}`, {
        awsAccountId: stack.account,
        dataSetId: `${prefix}-${viewId}`,
        name: view.name,
        // Direct query: the dashboard shows live rows; SPICE would need scheduled refreshes.
        importMode: 'DIRECT_QUERY',
        physicalTableMap: {
          [viewId]: {
            relationalTable: {
              dataSourceArn: this.dataSource.attrArn,
              catalog: 'AwsDataCatalog',
              schema: props.databaseName,
              name: view.name,
              inputColumns: view.columns.map((c) => ({ name: c.name, type: c.type })),
            },
          },
        },
        permissions: [{ principal: props.principalArn, actions: DATA_SET_ACTIONS }],
      });
      return dataSet;
    });
  }
}
