import { SQSClient } from '@aws-sdk/client-sqs';
import { createHandler as relayHandler } from '../../functions/relay-outbox/handler.ts';
import { LocalEventBus } from '../../infra/local/local-event-bus.ts';
import type { StreamHandler } from '../../infra/local/outbox-stream.ts';
import type { Runtime } from '../../infra/local/runtime.ts';
import { type QueueName, queues } from '../../infra/resources.ts';
import { DynamoArticleDirectory } from '../../shared/adapters/dynamodb/article-directory.ts';
import { DynamoQuestionStore } from '../../shared/adapters/dynamodb/question-store.ts';
import { SqsDraftQueue } from '../../shared/adapters/sqs/sqs-draft-queue.ts';
import { askQuestion } from '../../shared/use-cases/ask-question.ts';

/**
 * Fault injection over the real wire: asks a question through the real use
 * case and store, with a draft queue that does not exist, so the question is
 * stored and its draft request fails right after the write.
 */
export const askWithLostDraftRequest = (runtime: Runtime, question: string) => {
  const { platform, config } = runtime;
  return askQuestion(
    {
      store: new DynamoQuestionStore(platform.dynamo, config.tables.questions, config.tables.outbox),
      draftQueue: new SqsDraftQueue(platform.sqs, `${runtime.queues.draftRequests.url}-gone`),
      articles: new DynamoArticleDirectory(platform.dynamo, config.tables.articles),
      now: () => new Date(),
      onDeferredFailure: () => undefined,
    },
    { question, audience: 'patient' },
  );
};

/**
 * The real relay-outbox handler with a bus whose puts fail on the wire: its queues do not exist in the
 * SQS emulator. Start it with `runtime.outbox.start(relay.handler)` in place of the runtime's relay;
 * `failed.batches` counts the batches it could not deliver.
 */
export const failingRelay = (runtime: Runtime) => {
  const sqs = new SQSClient({
    endpoint: runtime.sqs.endpoint,
    region: runtime.config.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const gone = Object.fromEntries(
    (Object.keys(queues) as QueueName[]).map((key) => [key, `${runtime.queues[key].url}-gone`]),
  ) as Record<QueueName, string>;
  const relay = relayHandler({
    ...runtime.platform,
    events: new LocalEventBus(sqs, gone, runtime.config.region),
  });
  const failed = { batches: 0 };
  const handler: StreamHandler = async (event, context) => {
    const response = await relay(event, context);
    if (response.batchItemFailures.length > 0) failed.batches++;
    return response;
  };
  return { handler, failed, destroy: () => sqs.destroy() };
};
