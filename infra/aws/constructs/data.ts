import {
  AttributeType,
  Billing,
  type GlobalSecondaryIndexPropsV2,
  type ITableV2,
  TableEncryptionV2,
  TableV2,
} from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { type Access, type TableDescription, type TableName, tables } from '../../resources.ts';
import type { StageConfig } from '../config.ts';
import { pascal } from '../naming.ts';

/** A table together with what a function needs to be bound to it. */
export interface DataTable {
  readonly key: TableName;
  readonly table: ITableV2;
  readonly envVar: string;
  readonly indexNames: readonly string[];
}

export type DataTables = Record<TableName, DataTable>;

/**
 * Every table of the resource description as a TableV2: on-demand, encrypted
 * with the AWS-managed KMS key, point-in-time recovery on, TTL where the
 * description names an expiry attribute, retained and protected in prod.
 */
export class Data extends Construct {
  readonly tables: DataTables;

  constructor(scope: Construct, id: string, props: { config: StageConfig }) {
    super(scope, id);
    const { config } = props;
    const entries = (Object.entries(tables) as [TableName, TableDescription][]).map(([key, description]) => {
      const table = new TableV2(this, pascal(key), {
        partitionKey: { name: description.partitionKey, type: AttributeType.STRING },
        sortKey: { name: description.sortKey, type: AttributeType.STRING },
        billing: Billing.onDemand(),
        encryption: TableEncryptionV2.awsManagedKey(),
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        timeToLiveAttribute: description.ttlAttribute,
        deletionProtection: config.deletionProtection,
        removalPolicy: config.removalPolicy,
        globalSecondaryIndexes: Object.entries(description.indexes).map(
          ([indexName, index]): GlobalSecondaryIndexPropsV2 => ({
            indexName,
            partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
            sortKey: { name: index.sortKey, type: AttributeType.STRING },
          }),
        ),
      });
      const bound: DataTable = {
        key,
        table,
        envVar: description.envVar,
        indexNames: Object.keys(description.indexes),
      };
      return [key, bound] as const;
    });
    this.tables = Object.fromEntries(entries) as DataTables;
  }
}

const READ_ACTIONS = [
  'dynamodb:BatchGetItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
];
const WRITE_ACTIONS = [
  'dynamodb:BatchWriteItem',
  'dynamodb:DeleteItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
];

/**
 * Binds a function to a table in one call: the table's name under its env
 * var, and a grant for exactly that access. The grant has the actions of
 * `grantReadData` / `grantReadWriteData`, but names each index ARN instead of
 * `<table>/index/*`, so no DynamoDB permission carries a wildcard.
 */
export function bindTable(fn: LambdaFunction, bound: DataTable, access: Access): void {
  fn.addEnvironment(bound.envVar, bound.table.tableName);
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: access === 'write' ? [...READ_ACTIONS, ...WRITE_ACTIONS] : READ_ACTIONS,
      resources: [
        bound.table.tableArn,
        ...bound.indexNames.map((indexName) => `${bound.table.tableArn}/index/${indexName}`),
      ],
    }),
  );
}
