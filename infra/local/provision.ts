import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import {
  type IndexDescription,
  type QueueName,
  queues,
  type TableDescription,
  type TableName,
  tables,
  visibilityTimeoutSeconds,
} from '../resources.ts';

/** Table names the local runtime uses; in AWS the CDK names them. */
export const localTableName = (table: TableName): string => `vetted-${table}`;

const projectionOf = (index: IndexDescription) =>
  index.include
    ? { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: [...index.include] }
    : { ProjectionType: 'ALL' as const };

/**
 * Adds the indexes of the description that a table made by an earlier version lacks (a data
 * directory kept across an upgrade), one UpdateTable each; DynamoDB Local builds them at once.
 */
const addMissingIndexes = async (client: DynamoDBClient, name: string, table: TableDescription) => {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
  const existing = new Set((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  for (const [indexName, index] of Object.entries(table.indexes)) {
    if (existing.has(indexName)) continue;
    await client.send(
      new UpdateTableCommand({
        TableName: name,
        AttributeDefinitions: [index.partitionKey, index.sortKey].map((attribute) => ({
          AttributeName: attribute,
          AttributeType: 'S',
        })),
        GlobalSecondaryIndexUpdates: [
          {
            Create: {
              IndexName: indexName,
              KeySchema: [
                { AttributeName: index.partitionKey, KeyType: 'HASH' },
                { AttributeName: index.sortKey, KeyType: 'RANGE' },
              ],
              Projection: projectionOf(index),
            },
          },
        ],
      }),
    );
  }
};

/** Creates a table of the description under `name` (tests make extra tables of a shape); no-op if it exists. */
export const createLocalTable = async (
  client: DynamoDBClient,
  name: string,
  table: TableDescription,
): Promise<void> => {
  const keyAttributes = new Set<string>([table.partitionKey, table.sortKey]);
  for (const index of Object.values(table.indexes)) {
    keyAttributes.add(index.partitionKey);
    keyAttributes.add(index.sortKey);
  }
  const indexes = Object.entries(table.indexes);
  try {
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...keyAttributes].map((attribute) => ({
          AttributeName: attribute,
          AttributeType: 'S',
        })),
        KeySchema: [
          { AttributeName: table.partitionKey, KeyType: 'HASH' },
          { AttributeName: table.sortKey, KeyType: 'RANGE' },
        ],
        ...(table.stream
          ? { StreamSpecification: { StreamEnabled: true, StreamViewType: table.stream } }
          : {}),
        ...(indexes.length > 0
          ? {
              GlobalSecondaryIndexes: indexes.map(([indexName, index]) => ({
                IndexName: indexName,
                KeySchema: [
                  { AttributeName: index.partitionKey, KeyType: 'HASH' },
                  { AttributeName: index.sortKey, KeyType: 'RANGE' },
                ],
                Projection: projectionOf(index),
              })),
            }
          : {}),
      }),
    );
  } catch (error) {
    // A restart on disk finds its tables already there, maybe from before an index was added.
    if (error instanceof ResourceInUseException) return addMissingIndexes(client, name, table);
    throw error;
  }
  if (table.ttlAttribute) {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: name,
        TimeToLiveSpecification: { AttributeName: table.ttlAttribute, Enabled: true },
      }),
    );
  }
};

export const provisionTables = async (client: DynamoDBClient): Promise<Record<TableName, string>> => {
  const names = {} as Record<TableName, string>;
  for (const [table, description] of Object.entries(tables) as [TableName, TableDescription][]) {
    names[table] = localTableName(table);
    await createLocalTable(client, names[table], description);
  }
  return names;
};

export interface ProvisionedQueue {
  url: string;
  dlqUrl: string;
}

/** Creates each queue of the description with its DLQ and redrive policy. */
export const provisionQueues = async (client: SQSClient): Promise<Record<QueueName, ProvisionedQueue>> => {
  const provisioned = {} as Record<QueueName, ProvisionedQueue>;
  for (const [key, queue] of Object.entries(queues) as [QueueName, (typeof queues)[QueueName]][]) {
    const dlq = await client.send(new CreateQueueCommand({ QueueName: `${queue.name}-dlq` }));
    const dlqUrl = dlq.QueueUrl as string;
    const { Attributes } = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }),
    );
    const main = await client.send(
      new CreateQueueCommand({
        QueueName: queue.name,
        Attributes: {
          VisibilityTimeout: String(visibilityTimeoutSeconds(key)),
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: Attributes?.QueueArn,
            maxReceiveCount: queue.maxReceiveCount,
          }),
        },
      }),
    );
    provisioned[key] = { url: main.QueueUrl as string, dlqUrl };
  }
  return provisioned;
};
