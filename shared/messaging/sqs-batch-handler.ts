import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { observability } from '../observability/middleware.ts';
import type * as z from '../zod.ts';

export interface SqsBatchHandlerOptions<S extends z.ZodMiniType> {
  logger: Logger;
  /** Business metrics recorded while handling the batch, flushed as EMF after it. */
  metrics?: Metrics;
  /** What the queue carries; a body that does not parse is poison. */
  schema: S;
  /** Handles one valid message; throwing reports the record as a batch item failure, so SQS retries it. */
  handle: (message: z.infer<S>, record: SQSRecord) => Promise<void>;
}

/**
 * An SQS-triggered handler with partial batch failures (Powertools batch):
 * one failing record never fails the others. A body that is not JSON or not
 * the expected message is logged and acknowledged: retrying cannot fix it,
 * so it must not feed a retry storm.
 */
export const createSqsBatchHandler = <S extends z.ZodMiniType>(options: SqsBatchHandlerOptions<S>) => {
  const handleRecord = async (record: SQSRecord) => {
    let body: unknown;
    try {
      body = JSON.parse(record.body);
    } catch {
      body = undefined;
    }
    const message = options.schema.safeParse(body);
    if (!message.success) {
      options.logger.error('Dropping an invalid message', {
        messageId: record.messageId,
        issues: message.error.issues,
      });
      return;
    }
    await options.handle(message.data, record);
  };
  const processor = new BatchProcessor(EventType.SQS);
  return middy<SQSEvent, SQSBatchResponse>()
    .use(observability(options.logger, options.metrics))
    .handler((event: SQSEvent, context: Context) =>
      processPartialResponse(event, handleRecord, processor, { context }),
    );
};
