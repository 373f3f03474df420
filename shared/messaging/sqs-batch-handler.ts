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
  /** The question a message is about: every log line written while handling it carries it. */
  correlationId?: (message: z.infer<S>) => string | undefined;
  /**
   * Handles one valid message, logging through `log` (it carries the
   * message's correlation id: records of a batch are handled in parallel,
   * so the function's own logger cannot). Throwing reports the record as a
   * batch item failure, so SQS retries it.
   */
  handle: (message: z.infer<S>, record: SQSRecord, log: Logger) => Promise<void>;
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
    const log = options.logger.createChild();
    const correlationId = options.correlationId?.(message.data);
    if (correlationId) log.setCorrelationId(correlationId);
    await options.handle(message.data, record, log);
  };
  const processor = new BatchProcessor(EventType.SQS);
  return middy<SQSEvent, SQSBatchResponse>()
    .use(observability(options.logger, options.metrics))
    .handler((event: SQSEvent, context: Context) =>
      processPartialResponse(event, handleRecord, processor, { context }),
    );
};
