import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { outboxRelay } from '../resources.ts';
import { memoryPositions } from './outbox-position.ts';
import {
  type OutboxStream,
  type OutboxStreamOptions,
  type StreamHandler,
  startOutboxStream,
} from './outbox-stream.ts';

/**
 * The relay of the outbox's stream to the bus. `stop` stands for a relay that died (events wait in
 * the stream); `start` starts a new reader, resuming at the saved position, with the relay-outbox
 * handler or the one given (a test's). `options` builds another reader on the same stream.
 */
export interface OutboxRelay {
  stop(): Promise<void>;
  start(handler?: StreamHandler): void;
  /** Resolves once every event written so far is relayed (at once when no relay runs). */
  caughtUp(): Promise<void>;
  options: Omit<OutboxStreamOptions, 'handler'>;
}

/**
 * The outbox's stream to the bus, as Lambda's DynamoDB event source would relay it, read from
 * DynamoDB Local through the Streams API. Started at once; `stopAll` ends the reader and its client.
 */
export const startOutboxRelay = (input: {
  dynamodb: DynamoDBClient;
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  tableName: string;
  relayHandler: () => StreamHandler;
  onError: (error: unknown) => void;
}): { outbox: OutboxRelay; stopAll: () => Promise<void> } => {
  const streams = new DynamoDBStreamsClient({
    endpoint: input.endpoint,
    region: input.region,
    credentials: input.credentials,
  });
  // Kept for this process only: a reader restarted by a test resumes where its predecessor stopped,
  // but a restarted runtime replays the stream from its trim horizon (24 h), because the SQS emulator
  // lost whatever the previous process had relayed and not yet consumed. Consumers are idempotent.
  const options: Omit<OutboxStreamOptions, 'handler'> = {
    dynamodb: input.dynamodb,
    streams,
    tableName: input.tableName,
    region: input.region,
    positions: memoryPositions(),
    pollIntervalMs: outboxRelay.localPollIntervalMs,
    batchSize: outboxRelay.batchSize,
    onError: input.onError,
  };
  let reader: OutboxStream | undefined;
  const outbox: OutboxRelay = {
    stop: async () => {
      await reader?.stop();
      reader = undefined;
    },
    start: (handler = input.relayHandler()) => {
      if (reader) throw new Error('The outbox relay is running already');
      reader = startOutboxStream({ ...options, handler });
    },
    caughtUp: async () => reader?.caughtUp(),
    options,
  };
  outbox.start();
  return {
    outbox,
    stopAll: async () => {
      await outbox.stop();
      streams.destroy();
    },
  };
};
