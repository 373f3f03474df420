import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  createDocumentClient,
  createEventPublisher,
  createS3Client,
  createSqsClient,
} from './adapters/aws-clients.ts';
import { type Config, loadConfig } from './config.ts';
import type { TokenVerifier } from './http/auth.ts';
import type { EventPublisher } from './ports/event-publisher.ts';

/** The SDK-backed parts of a platform, each built only for the functions that use it. */
export interface PlatformClients {
  dynamo: DynamoDBDocumentClient;
  sqs: SQSClient;
  events: EventPublisher;
  /** Only the library loader reads objects itself (its import files). */
  s3: S3Client;
}
export type ClientName = keyof PlatformClients;

/**
 * What a function needs from the world it runs in: configuration, the clock
 * and the SDK clients it names. In Lambda it is built once per container from
 * the environment with only those clients (a read-only function bundles and
 * builds no SQS or EventBridge client); the local runtime builds one with all
 * of them (its bus routes events to queues by the same rules).
 */
export type Platform<C extends ClientName = ClientName> = {
  config: Config;
  now: () => Date;
  /** The local runtime's token verifier (AUTH_MODE=local); absent in AWS, where Cognito's JWKS verifies. */
  localTokens?: () => Promise<TokenVerifier>;
} & Pick<PlatformClients, C>;

/**
 * How a handler module names the clients it uses: one factory per client.
 * Importing only these keeps the other SDK clients out of its bundle; the
 * infra tests hold the names to the function's declaration in
 * infra/resources.ts (tables → dynamo, sendsTo → sqs, publishesEvents → events,
 * a bucket prefix the function's own code reads or writes → s3).
 */
export type ClientFactories<C extends ClientName> = { [K in C]: (config: Config) => PlatformClients[K] };

export const createPlatform = (config: Config, events?: EventPublisher): Platform => ({
  config,
  dynamo: createDocumentClient(config),
  sqs: createSqsClient(config),
  events: events ?? createEventPublisher(config),
  s3: createS3Client(config),
  now: () => new Date(),
});

let containerPlatform: unknown;

/** The platform of this Lambda container, built on first use with the given clients and reused by every invocation. */
export const lambdaPlatform = <C extends ClientName>(clients: ClientFactories<C>): Platform<C> => {
  if (containerPlatform === undefined) {
    const config = loadConfig();
    const built: Record<string, unknown> = { config, now: () => new Date() };
    for (const [name, create] of Object.entries(clients) as [C, (config: Config) => unknown][]) {
      built[name] = create(config);
    }
    containerPlatform = built;
  }
  return containerPlatform as Platform<C>;
};

/** In its own module so that a function without SDK clients (the console) bundles none. */
export { lazyHandler } from './lazy-handler.ts';
