import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { createEventPublisher } from '../../shared/adapters/aws-clients.ts';
import { type StreamRecordLike, toOutboxRecord } from '../../shared/adapters/dynamodb/outbox-records.ts';
import { createLogger } from '../../shared/logging.ts';
import { observability } from '../../shared/observability/middleware.ts';
import { type ClientFactories, lambdaPlatform, lazyHandler, type Platform } from '../../shared/platform.ts';
import { relayOutbox } from '../../shared/use-cases/relay-outbox.ts';

/** The SDK clients this function uses: only the bus (the stream comes in the event). */
export const platformClients: ClientFactories<'events'> = {
  events: createEventPublisher,
};

/**
 * The outbox table's stream (INSERTs only, by the event source's filter) to
 * the bus, in order. A failed put ends the batch with a partial batch response
 * naming that record, so the stream resumes there; its retries exhausted, the
 * batch goes to the relay's DLQ (an alarm watches it) with the shard and sequence
 * numbers to replay. Locally, infra/local/outbox-stream.ts calls this same handler.
 */
export const createHandler = (platform: Platform<'events'>) => {
  const logger = createLogger('relay-outbox');
  const bus = platform.events;
  return middy<DynamoDBStreamEvent, DynamoDBBatchResponse>()
    .use(observability(logger))
    .handler(async (event) => {
      const records = event.Records.map((record) => toOutboxRecord(record as StreamRecordLike));
      const result = await relayOutbox(bus, records, (failed, error) =>
        logger.warn('Could not put an outbox event on the bus; the stream retries from it', {
          eventId: failed.id,
          type: failed.type,
          error: error as Error,
        }),
      );
      return { batchItemFailures: result.failedAt ? [{ itemIdentifier: result.failedAt }] : [] };
    });
};

export const handler = lazyHandler(() => createHandler(lambdaPlatform(platformClients)));
