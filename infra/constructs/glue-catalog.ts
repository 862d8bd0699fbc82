import { Stack } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import { Construct } from 'constructs';

/** Props of {@link GlueCatalog}. */
export interface GlueCatalogProps {
  /** Glue Data Catalog database holding the tables and views `npm run migrate -- --target athena` creates. */
  readonly databaseName: string;
  /** Database description. @default "Supermarket lakehouse tables and analyst views" */
  readonly description?: string;
}

/**
 * The Glue database only: tables and views are created by `migrate`, which plans changes against the
 * catalog, so CloudFormation never fights it over table definitions.
 */
export class GlueCatalog extends Construct {
  readonly database: glue.CfnDatabase;
  readonly databaseName: string;
  /** `arn:…:catalog`, needed in every Glue catalog IAM statement. */
  readonly catalogArn: string;
  /** `arn:…:database/<name>`. */
  readonly databaseArn: string;
  /** `arn:…:table/<name>/*`: every table and view of the database. */
  readonly tablesArn: string;

  constructor(scope: Construct, id: string, props: GlueCatalogProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.databaseName = props.databaseName;
    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId: stack.account,
      databaseInput: {
        name: props.databaseName,
        description: props.description ?? 'Supermarket lakehouse tables and analyst views',
      },
    });
    const glueArn = (resource: string): string => stack.formatArn({ service: 'glue', resource, resourceName: undefined });
    this.catalogArn = glueArn('catalog');
    this.databaseArn = stack.formatArn({ service: 'glue', resource: 'database', resourceName: props.databaseName });
    this.tablesArn = stack.formatArn({ service: 'glue', resource: 'table', resourceName: `${props.databaseName}/*` });
  }
}
