import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config.ts';
import type { EventPublisher } from '../ports/event-publisher.ts';
import { EventBridgePublisher } from './eventbridge/eventbridge-publisher.ts';

/**
 * SDK client construction, one place for every adapter. Against the local
 * runtime the endpoints point at DynamoDB Local and the SQS emulator, which
 * accept any credentials; in AWS the default credential chain applies.
 */
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

const localOptions = (endpoint: string | undefined) =>
  endpoint ? { endpoint, credentials: LOCAL_CREDENTIALS } : {};

export const createDocumentClient = (config: Config): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: config.region, ...localOptions(config.endpoints.dynamodb) }),
    { marshallOptions: { removeUndefinedValues: true } },
  );

export const createSqsClient = (config: Config): SQSClient =>
  new SQSClient({
    region: config.region,
    ...localOptions(config.endpoints.sqs),
    // The emulator's queue URLs name a virtual host; send to its endpoint instead.
    ...(config.endpoints.sqs ? { useQueueUrlAsEndpoint: false } : {}),
  });

/** S3 for the library loader's import files (LanceDB reads and writes the index with its own client). */
export const createS3Client = (config: Config): S3Client => new S3Client({ region: config.region });

export const createEventBridgeClient = (config: Config): EventBridgeClient =>
  new EventBridgeClient({ region: config.region });

/** The event bus of the configuration, behind the EventPublisher port. */
export const createEventPublisher = (config: Config): EventPublisher =>
  new EventBridgePublisher(createEventBridgeClient(config), config.eventBusName);
