import { GetQueueAttributesCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { startSqsEventSource } from '../../infra/local/sqs-event-source.ts';
import { queues } from '../../infra/resources.ts';
import { queuesDrained } from '../support/queues.ts';
import { useRuntime } from '../support/runtime.ts';

const runtime = useRuntime({ consumers: false });

describe('the local SQS event source, as Lambda runs a consumer', () => {
  it('gives every poller a handler of its own, which never gets a second batch before the first returns', async () => {
    const { platform } = runtime();
    const queue = runtime().queues.reviewerNames;
    const instances: { inFlight: number; mostAtOnce: number; handled: string[] }[] = [];
    const errors: unknown[] = [];
    const source = startSqsEventSource({
      sqs: platform.sqs,
      queue: 'reviewerNames',
      queueUrl: queue.url,
      queueArn: 'arn:aws:sqs:us-east-1:000000000000:reviewer-names',
      region: 'us-east-1',
      retryDelaySeconds: 1,
      onError: (error) => errors.push(error),
      createHandler: () => {
        const instance = { inFlight: 0, mostAtOnce: 0, handled: [] as string[] };
        instances.push(instance);
        return async (event: SQSEvent): Promise<SQSBatchResponse> => {
          instance.inFlight += 1;
          instance.mostAtOnce = Math.max(instance.mostAtOnce, instance.inFlight);
          // Work that yields, so that a second batch would arrive meanwhile if the source allowed it.
          await new Promise((resolve) => setImmediate(resolve));
          instance.handled.push(...event.Records.map((record) => record.body));
          instance.inFlight -= 1;
          return { batchItemFailures: [] };
        };
      },
    });
    try {
      const bodies = Array.from({ length: 40 }, (_, index) => `message-${index}`);
      for (let start = 0; start < bodies.length; start += 10) {
        await platform.sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: queue.url,
            Entries: bodies
              .slice(start, start + 10)
              .map((body, index) => ({ Id: `m${index}`, MessageBody: body })),
          }),
        );
      }
      await queuesDrained(runtime(), ['reviewerNames']);

      expect(instances).toHaveLength(queues.reviewerNames.maxConcurrency);
      expect(instances.map((instance) => instance.mostAtOnce).filter((most) => most > 1)).toEqual([]);
      expect(instances.flatMap((instance) => instance.handled).sort()).toEqual([...bodies].sort());
      const { Attributes } = await platform.sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: queue.dlqUrl,
          AttributeNames: ['ApproximateNumberOfMessages'],
        }),
      );
      expect(Attributes?.ApproximateNumberOfMessages).toBe('0');
      expect(errors).toEqual([]);
    } finally {
      await source.stop();
    }
  });
});
