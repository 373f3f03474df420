import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, createEventBridgeClient, createSqsClient } from './adapters/aws-clients.ts';
import { EventBridgePublisher } from './adapters/eventbridge/eventbridge-publisher.ts';
import { type Config, loadConfig } from './config.ts';
import type { EventPublisher } from './ports/event-publisher.ts';

/**
 * What a function needs from the world it runs in: configuration, SDK
 * clients and the event bus. In Lambda it is built once per container from
 * the environment; the local runtime builds its own (its bus routes events
 * to queues by the same rules).
 */
export interface Platform {
  config: Config;
  dynamo: DynamoDBDocumentClient;
  sqs: SQSClient;
  events: EventPublisher;
  now: () => Date;
}

export const createPlatform = (config: Config, events?: EventPublisher): Platform => ({
  config,
  dynamo: createDocumentClient(config),
  sqs: createSqsClient(config),
  events: events ?? new EventBridgePublisher(createEventBridgeClient(config), config.eventBusName),
  now: () => new Date(),
});

let containerPlatform: Platform | undefined;

/** The platform of this Lambda container, built on first use and reused by every invocation. */
export const lambdaPlatform = (): Platform => {
  containerPlatform ??= createPlatform(loadConfig());
  return containerPlatform;
};

/**
 * Exports a Lambda handler whose dependencies are built on the first
 * invocation (not at import, so importing a handler module has no side effects).
 */
export const lazyHandler = <Event, Result>(
  build: () => (event: Event, context: import('aws-lambda').Context) => Promise<Result>,
) => {
  let built: ((event: Event, context: import('aws-lambda').Context) => Promise<Result>) | undefined;
  return (event: Event, context: import('aws-lambda').Context): Promise<Result> => {
    built ??= build();
    return built(event, context);
  };
};
