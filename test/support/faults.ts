import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createHandler as relayHandler } from '../../functions/relay-outbox/handler.ts';
import type { StreamHandler } from '../../infra/local/outbox-stream.ts';
import type { Runtime } from '../../infra/local/runtime.ts';
import { DynamoArticleDirectory } from '../../shared/adapters/dynamodb/article-directory.ts';
import { DynamoQuestionStore } from '../../shared/adapters/dynamodb/question-store.ts';
import type { EventPublisher } from '../../shared/ports/event-publisher.ts';
import type { NewQuestion } from '../../shared/ports/question-store.ts';
import { askQuestion } from '../../shared/use-cases/ask-question.ts';

/** The real store, writing a new question without its draft request (every other event is kept). */
class StoreDroppingDraftRequests extends DynamoQuestionStore {
  override create(input: NewQuestion) {
    return super.create({
      ...input,
      events: input.events?.filter((event) => event.type !== 'draft.requested'),
    });
  }
}

/**
 * A question nobody asked to draft: asked through the real use case and store, which write it
 * without its `draft.requested`, so a test's own delivery (or the reconciler's) is its only one.
 */
export const askWithoutDraftRequest = (runtime: Runtime, question: string) => {
  const { platform, config } = runtime;
  return askQuestion(
    {
      store: new StoreDroppingDraftRequests(platform.dynamo, config.tables.questions, config.tables.outbox),
      articles: new DynamoArticleDirectory(platform.dynamo, config.tables.articles),
      now: () => new Date(),
    },
    { question, audience: 'patient' },
  );
};

/**
 * A bus nobody can reach: every put, whatever rule would route it (or none, as for
 * `question.submitted`, which EventBridge still has to accept), goes over the wire to a queue the
 * SQS emulator does not have, and fails there.
 */
const unreachableBus = (sqs: SQSClient, runtime: Runtime): EventPublisher => ({
  publish: async (event) => {
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: `${runtime.queues.draftRequests.url}-gone`,
        MessageBody: JSON.stringify(event),
      }),
    );
  },
});

/**
 * The real relay-outbox handler with a bus whose every put fails on the wire. Start it with
 * `runtime.outbox.start(relay.handler)` in place of the runtime's relay; `failed.batches` counts
 * the batches it could not deliver.
 */
export const failingRelay = (runtime: Runtime) => {
  const sqs = new SQSClient({
    endpoint: runtime.sqs.endpoint,
    region: runtime.config.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const relay = relayHandler({ ...runtime.platform, events: unreachableBus(sqs, runtime) });
  const failed = { batches: 0 };
  const handler: StreamHandler = async (event, context) => {
    const response = await relay(event, context);
    if (response.batchItemFailures.length > 0) failed.batches++;
    return response;
  };
  return { handler, failed, destroy: () => sqs.destroy() };
};
