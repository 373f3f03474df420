import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { type FunctionName, type QueueName, queues } from '../resources.ts';
import { lambdaContext } from './lambda-context.ts';

/** A queue's ARN, which the records of Lambda's SQS event name as their source. */
export const queueArn = async (sqs: SQSClient, url: string): Promise<string> => {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  return Attributes?.QueueArn as string;
};

export type SqsHandler = (
  event: SQSEvent,
  context: ReturnType<typeof lambdaContext>,
) => Promise<SQSBatchResponse | undefined>;

export interface EventSourceOptions {
  sqs: SQSClient;
  queue: QueueName;
  queueUrl: string;
  queueArn: string;
  region: string;
  /**
   * Builds the consumer's handler for one poller. Lambda never hands a
   * container a second event before the first returns, and handlers rely on
   * it (Powertools' batch processor and logger keep per-invocation state), so
   * every poller is a container of its own with its own handler.
   */
  createHandler: () => SqsHandler;
  /** Seconds a failed message stays invisible before its retry (Lambda waits out the visibility timeout; locally shorter). */
  retryDelaySeconds: number;
  onError: (error: unknown) => void;
}

const toRecord = (message: Message, options: EventSourceOptions): SQSRecord => ({
  messageId: message.MessageId as string,
  receiptHandle: message.ReceiptHandle as string,
  body: message.Body ?? '',
  attributes: {
    ApproximateReceiveCount: message.Attributes?.ApproximateReceiveCount ?? '1',
    SentTimestamp: message.Attributes?.SentTimestamp ?? String(Date.now()),
    SenderId: message.Attributes?.SenderId ?? 'local',
    ApproximateFirstReceiveTimestamp:
      message.Attributes?.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
  },
  messageAttributes: Object.fromEntries(
    Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
      name,
      {
        dataType: value.DataType ?? 'String',
        ...(value.StringValue ? { stringValue: value.StringValue } : {}),
      },
    ]),
  ),
  md5OfBody: message.MD5OfBody ?? '',
  eventSource: 'aws:sqs',
  eventSourceARN: options.queueArn,
  awsRegion: options.region,
});

/**
 * Lambda's SQS event source mapping, locally: long-polls the queue with up to
 * `maxConcurrency` pollers, hands batches to the consumer, deletes what
 * succeeded and leaves the `batchItemFailures` (or the whole batch, if the
 * handler throws) to be received again — and, past maxReceiveCount, to be
 * moved to the DLQ by the queue's redrive policy.
 */
export const startSqsEventSource = (options: EventSourceOptions): { stop(): Promise<void> } => {
  const description = queues[options.queue];
  const consumer: FunctionName = description.consumer;
  let running = true;
  // Stopping aborts the pending long poll instead of waiting it out.
  const stopping = new AbortController();

  const settle = async (messages: Message[], failedIds: Set<string>) => {
    const succeeded = messages.filter((message) => !failedIds.has(message.MessageId as string));
    const failed = messages.filter((message) => failedIds.has(message.MessageId as string));
    if (succeeded.length > 0) {
      await options.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: options.queueUrl,
          Entries: succeeded.map((message, index) => ({
            Id: String(index),
            ReceiptHandle: message.ReceiptHandle as string,
          })),
        }),
      );
    }
    if (failed.length > 0) {
      await options.sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: options.queueUrl,
          Entries: failed.map((message, index) => ({
            Id: String(index),
            ReceiptHandle: message.ReceiptHandle as string,
            VisibilityTimeout: options.retryDelaySeconds,
          })),
        }),
      );
    }
  };

  const poll = async () => {
    const handler = options.createHandler();
    while (running) {
      try {
        const { Messages } = await options.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: options.queueUrl,
            MaxNumberOfMessages: description.batchSize,
            WaitTimeSeconds: 1,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: stopping.signal },
        );
        if (!Messages || Messages.length === 0) continue;
        const event: SQSEvent = { Records: Messages.map((message) => toRecord(message, options)) };
        let failedIds: Set<string>;
        try {
          const response = await handler(event, lambdaContext(consumer));
          failedIds = new Set((response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
        } catch (error) {
          options.onError(error);
          failedIds = new Set(Messages.map((message) => message.MessageId as string));
        }
        await settle(Messages, failedIds);
      } catch (error) {
        if (!running) return;
        options.onError(error);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  };

  const pollers = Array.from({ length: description.maxConcurrency }, () => poll());
  return {
    stop: async () => {
      running = false;
      stopping.abort();
      await Promise.allSettled(pollers);
    },
  };
};
