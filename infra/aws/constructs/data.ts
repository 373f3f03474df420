import {
  AttributeType,
  Billing,
  type GlobalSecondaryIndexPropsV2,
  type ITableV2,
  ProjectionType,
  StreamViewType,
  TableEncryptionV2,
  TableV2,
} from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import {
  type Access,
  type IndexDescription,
  type TableDescription,
  type TableName,
  type TableOperation,
  tables,
} from '../../resources.ts';
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
 * description names an expiry attribute, a stream of new images where it
 * asks for one (the outbox), retained and protected in prod.
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
        ...(description.stream === 'NEW_IMAGE' ? { dynamoStream: StreamViewType.NEW_IMAGE } : {}),
        deletionProtection: config.deletionProtection,
        removalPolicy: config.removalPolicy,
        globalSecondaryIndexes: Object.entries(description.indexes).map(
          ([indexName, index]: [string, IndexDescription]): GlobalSecondaryIndexPropsV2 => ({
            indexName,
            partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
            sortKey: { name: index.sortKey, type: AttributeType.STRING },
            ...(index.include
              ? { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...index.include] }
              : {}),
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

/**
 * The IAM actions behind each table operation of the resource description.
 * A TransactWriteItems is authorized item by item, so `put`, `update`,
 * `delete` and `check` cover transactions too. `batchRead` is BatchGetItem,
 * for the functions that read many items in one request (the article graph,
 * corpus statistics, the publish gate's cited sources), `batchWrite` is
 * BatchWriteItem; no operation maps to DescribeTable: no function's adapter
 * sends it.
 */
export const TABLE_ACTIONS: Record<TableOperation, readonly string[]> = {
  read: ['dynamodb:GetItem', 'dynamodb:Query'],
  batchRead: ['dynamodb:BatchGetItem'],
  batchWrite: ['dynamodb:BatchWriteItem'],
  scan: ['dynamodb:Scan'],
  put: ['dynamodb:PutItem'],
  update: ['dynamodb:UpdateItem'],
  delete: ['dynamodb:DeleteItem'],
  check: ['dynamodb:ConditionCheckItem'],
};

/** Actions that also apply to a table's indexes: an index can be queried or scanned, never written. */
const INDEX_ACTIONS: ReadonlySet<string> = new Set(['dynamodb:Query', 'dynamodb:Scan']);

/** The IAM actions of an access, sorted and without duplicates. */
export const tableActions = (access: Access): string[] =>
  [...new Set(access.flatMap((operation) => TABLE_ACTIONS[operation]))].sort();

/**
 * Binds a function to a table in one call: the table's name under its env
 * var, and a grant for exactly the operations of `access` — the one place an
 * access maps to IAM actions. Query and Scan also name each index ARN (never
 * `<table>/index/*`), so no DynamoDB permission carries a wildcard.
 */
export function bindTable(fn: LambdaFunction, bound: DataTable, access: Access): void {
  fn.addEnvironment(bound.envVar, bound.table.tableName);
  const actions = tableActions(access);
  fn.addToRolePolicy(new PolicyStatement({ actions, resources: [bound.table.tableArn] }));
  const indexActions = actions.filter((action) => INDEX_ACTIONS.has(action));
  if (indexActions.length > 0 && bound.indexNames.length > 0) {
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: indexActions,
        resources: bound.indexNames.map((indexName) => `${bound.table.tableArn}/index/${indexName}`),
      }),
    );
  }
}
